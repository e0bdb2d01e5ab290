package netcompress.runtime.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import netcompress.errors.BadInputException;
import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;
import netcompress.onnx.quant.QdqQuantizer;
import netcompress.onnx.quant.QdqQuantizer.Range;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a quantization plan's calibration model (the float model with the planned activations exposed
 * as outputs) over sample batches and keeps each activation's min and max. Graph optimisations are
 * limited to the basic level so that the exposed tensors are the ones the planned nodes produce.
 */
public final class Calibrator implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final QdqQuantizer.Plan plan;
    private final OrtSession session;
    private final String input;
    private final java.util.Set<String> outputs;
    private final Map<String, Range> ranges = new HashMap<>();
    private int images;

    public Calibrator(QdqQuantizer.Plan plan, String source, int threads) {
        this.plan = plan;
        this.outputs = java.util.Set.copyOf(plan.tensors());
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            if (threads > 0) {
                opts.setIntraOpNumThreads(threads);
            }
            opts.setInterOpNumThreads(1);
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = env.createSession(plan.calibrationModel().toByteArray(), opts);
            input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new BadInputException(source + ": ONNX Runtime cannot load it for calibration (" + e.getMessage() + ")");
        }
    }

    /** Runs one batch of {@code n} NCHW images (read from position 0 of {@code batch}) and widens the ranges. */
    public void observe(FloatBuffer batch, int n, int channels, int height, int width) {
        FloatBuffer view = batch.duplicate();
        view.position(0).limit(n * channels * height * width);
        try (OnnxTensor t = OnnxTensor.createTensor(env, view.slice(), new long[] {n, channels, height, width});
             OrtSession.Result r = session.run(Map.of(input, t), outputs)) {
            for (Map.Entry<String, OnnxValue> e : r) {
                FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float lo = 0f;
                float hi = 0f;
                for (int i = fb.position(); i < fb.limit(); i++) {
                    float v = fb.get(i);
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                if (!Float.isFinite(lo) || !Float.isFinite(hi)) {
                    throw new BadInputException("calibration: tensor '" + e.getKey() + "' holds a non-finite value; the model or its input is broken");
                }
                ranges.merge(e.getKey(), new Range(lo, hi), Range::union);
            }
            images += n;
        } catch (OrtException e) {
            throw new NetcompressException(ExitCode.INTERNAL, "calibration run failed: " + e.getMessage(), e);
        }
    }

    public int images() {
        return images;
    }

    public Map<String, Range> ranges() {
        return Map.copyOf(ranges);
    }

    /** The int8 model, with the weight width this machine's CPU runs exactly ({@link Int8Cpu}). */
    public QdqQuantizer.Result quantize() {
        return quantize(Int8Cpu.weightBits());
    }

    public QdqQuantizer.Result quantize(int weightBits) {
        if (images == 0) {
            throw new IllegalStateException("calibrate on at least one batch before quantizing");
        }
        return QdqQuantizer.quantize(plan, ranges, weightBits);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // nothing left that we could free
        }
    }
}
