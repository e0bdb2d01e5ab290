package netcompress.runtime.session;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import netcompress.errors.ExitCode;
import netcompress.errors.NetcompressException;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.shape.ShapeInference;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Loads any model (several inputs, any rank) in ONNX Runtime, on the CPU with the options every
 * session here gets ({@link ModelSession#options}), and runs one random input through it: an edit
 * that produced something the runtime refuses, or that computes non-finite outputs, is caught before
 * any file is written (the pruner checks every file it writes).
 */
public final class RuntimeCheck {
    private RuntimeCheck() {
    }

    /**
     * Loads ONNX Runtime's native library and environment on a thread of its own (about 0.15 s), so that a job which
     * plans for a while before its check finds it ready. Harmless when nothing runs afterwards.
     */
    public static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                OrtEnvironment.getEnvironment();
            } catch (RuntimeException | LinkageError e) {
                // the check itself reports what is wrong with ONNX Runtime, with the file's name
            }
        }, "netcompress-ort-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Throws an internal-error exception (exit 3) when the model does not load or run. */
    public static void requireRuns(ModelProto model, String source) {
        String p = problem(model);
        if (p != null) {
            throw new NetcompressException(ExitCode.INTERNAL, source + ": " + p);
        }
    }

    /** Why the model does not load, run, or give finite float outputs in ONNX Runtime; null when it does. */
    public static String problem(ModelProto model) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtSession.SessionOptions opts = ModelSession.options(SessionSettings.cpu(1))) {
            try (OrtSession session = env.createSession(model.toByteArray(), opts)) {
                Random r = new Random(0);
                for (ValueInfoProto in : GraphIndex.of(model.getGraph()).dataInputs().values()) {
                    if (in.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
                        return "input '" + in.getName() + "' is not float; cannot run it";
                    }
                    long[] shape = ShapeInference.inputShape(in, 1L);
                    float[] data = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = r.nextFloat();
                    }
                    feeds.put(in.getName(), OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape));
                }
                try (OrtSession.Result result = session.run(feeds)) {
                    for (Map.Entry<String, OnnxValue> e : result) {
                        if (e.getValue() instanceof OnnxTensor t && t.getInfo().type == OnnxJavaType.FLOAT) {
                            FloatBuffer fb = t.getFloatBuffer();
                            while (fb.hasRemaining()) {
                                if (!Float.isFinite(fb.get())) {
                                    return "output '" + e.getKey() + "' is not finite in ONNX Runtime";
                                }
                            }
                        }
                    }
                }
            }
            return null;
        } catch (OrtException e) {
            return "ONNX Runtime cannot run it: " + e.getMessage();
        } catch (RuntimeException e) {
            return "ONNX Runtime cannot run it: " + e;
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }
}
