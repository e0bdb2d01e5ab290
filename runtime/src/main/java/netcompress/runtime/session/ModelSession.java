package netcompress.runtime.session;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import netcompress.errors.BadInputException;
import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One ONNX Runtime session for an image classifier: [N,C,H,W] float in, [N,K] logits out. Inputs
 * are direct native-order buffers that ORT reads in place (no copy).
 */
public final class ModelSession implements AutoCloseable {
    private final String source;
    private final OrtSession session;
    private final InputSignature input;
    private final String outputName;
    private final String device;
    private final int threads;
    private volatile int classes;

    private ModelSession(String source, OrtSession session, InputSignature input, String outputName, int classes, String device, int threads) {
        this.source = source;
        this.session = session;
        this.input = input;
        this.outputName = outputName;
        this.classes = classes;
        this.device = device;
        this.threads = threads;
    }

    /** Opens {@code model} (already parsed and validated) with the providers {@code settings} ask for. */
    public static ModelSession open(ModelProto model, String source, SessionSettings settings, Consumer<String> warnings) {
        return open(model.toByteArray(), source, settings, new ProviderSelector(warnings), ExecutionProviders::of);
    }

    /** Seam for tests: how the provider calls reach the session options. */
    public interface ProvidersFactory {
        ExecutionProviders wrap(OrtSession.SessionOptions options);
    }

    static ModelSession open(byte[] bytes, String source, SessionSettings settings, ProviderSelector selector, ProvidersFactory providers) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = options(settings)) {
            String device = selector.apply(settings.device(), providers.wrap(opts));
            OrtSession session;
            try {
                session = env.createSession(bytes, opts);
            } catch (OrtException e) {
                throw new BadInputException(source + ": ONNX Runtime cannot load the model: " + firstLine(e.getMessage()), e);
            }
            try {
                InputSignature sig = InputSignature.of(session.getInputInfo(), source);
                Map<String, NodeInfo> outs = session.getOutputInfo();
                NodeInfo out = outs.values().iterator().next();
                int classes = -1;
                if (out.getInfo() instanceof TensorInfo t) {
                    long[] s = t.getShape();
                    if (s.length != 2) {
                        throw new BadInputException(source + ": output '" + out.getName() + "' has shape " + Arrays.toString(s)
                                + "; expected [N, classes] logits");
                    }
                    classes = s[1] > 0 ? (int) s[1] : -1;
                } else {
                    throw new BadInputException(source + ": output '" + out.getName() + "' is not a tensor; expected [N, classes] logits");
                }
                return new ModelSession(source, session, sig, out.getName(), classes, device, settings.threads());
            } catch (RuntimeException | OrtException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new NetcompressException(ExitCode.INTERNAL, source + ": could not set up ONNX Runtime: " + firstLine(e.getMessage()), e);
        }
    }

    /** The options every session of the project is made with (threads, optimisation level, spinning); providers come after. */
    static OrtSession.SessionOptions options(SessionSettings settings) throws OrtException {
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        try {
            opts.setOptimizationLevel(settings.fuse() ? OrtSession.SessionOptions.OptLevel.ALL_OPT : OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            opts.setIntraOpNumThreads(settings.threads());
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.addConfigEntry("session.intra_op.allow_spinning", settings.spinning() ? "1" : "0");
            return opts;
        } catch (OrtException | RuntimeException e) {
            opts.close();
            throw e;
        }
    }

    public InputSignature input() {
        return input;
    }

    public String source() {
        return source;
    }

    /** "cpu" or "cuda:N". */
    public String device() {
        return device;
    }

    /** ONNX Runtime intra-op threads. */
    public int threads() {
        return threads;
    }

    /** Number of classes, or -1 when the model leaves it symbolic and nothing has run yet. */
    public int classes() {
        return classes;
    }

    /**
     * Runs {@code n} images held in {@code data[0 .. n*C*H*W)} and returns their logits, n rows of
     * {@link #classes()}. {@code data} must be a direct native-order buffer.
     */
    public float[] run(FloatBuffer data, int n, int channels, int height, int width) {
        long[] shape = {n, channels, height, width};
        FloatBuffer view = data.duplicate();
        view.position(0).limit(n * channels * height * width);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, view.slice(), shape);
             OrtSession.Result result = session.run(Map.of(input.name(), tensor), Set.of(outputName))) {
            OnnxValue v = result.get(0);
            if (!(v instanceof OnnxTensor out)) {
                throw new NetcompressException(ExitCode.INTERNAL, source + ": output is not a tensor");
            }
            long[] s = out.getInfo().getShape();
            if (s.length != 2 || s[0] != n) {
                throw new BadInputException(source + ": output has shape " + Arrays.toString(s) + " for a batch of " + n
                        + "; expected [" + n + ", classes]");
            }
            classes = (int) s[1];
            FloatBuffer fb = out.getFloatBuffer();
            float[] logits = new float[fb.remaining()];
            fb.get(logits);
            return logits;
        } catch (OrtException e) {
            throw new NetcompressException(ExitCode.INTERNAL, source + ": inference failed: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Runs {@code n} images and hands each of the named outputs to {@code sink} (a calibration model
     * exposes intermediate tensors as outputs); the buffers are valid only inside the call.
     */
    public void runOutputs(FloatBuffer data, int n, int channels, int height, int width, Set<String> names,
                           BiConsumer<String, FloatBuffer> sink) {
        FloatBuffer view = data.duplicate();
        view.position(0).limit(n * channels * height * width);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, view.slice(), new long[] {n, channels, height, width});
             OrtSession.Result result = session.run(Map.of(input.name(), tensor), names)) {
            for (Map.Entry<String, OnnxValue> e : result) {
                sink.accept(e.getKey(), ((OnnxTensor) e.getValue()).getFloatBuffer());
            }
        } catch (OrtException e) {
            throw new NetcompressException(ExitCode.INTERNAL, source + ": inference failed: " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new NetcompressException(ExitCode.INTERNAL, source + ": could not close the session: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
