package netcompress.runtime.quant;

import netcompress.errors.BadInputException;
import netcompress.onnx.quant.QdqQuantizer;
import netcompress.onnx.quant.QdqQuantizer.Range;
import netcompress.runtime.session.ModelSession;
import netcompress.runtime.session.SessionSettings;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs a quantization plan's calibration model (the float model with the planned activations exposed
 * as outputs) over sample batches and keeps each activation's min and max. Graph optimisations are
 * limited to the basic level so that the exposed tensors are the ones the planned nodes produce.
 */
public final class Calibrator implements AutoCloseable {
    private final QdqQuantizer.Plan plan;
    private final ModelSession session;
    private final Set<String> outputs;
    private final Map<String, Range> ranges = new HashMap<>();
    private int images;

    /** Intermediate tensors must stay as they are, so the session runs without fusions. */
    public Calibrator(QdqQuantizer.Plan plan, String source, int threads) {
        this.plan = plan;
        this.outputs = Set.copyOf(plan.tensors());
        this.session = ModelSession.open(plan.calibrationModel(), source, SessionSettings.cpuOrAllCores(threads).unfused(), w -> { });
    }

    /** Runs one batch of {@code n} NCHW images (read from position 0 of {@code batch}) and widens the ranges. */
    public void observe(FloatBuffer batch, int n, int channels, int height, int width) {
        session.runOutputs(batch, n, channels, height, width, outputs, (name, fb) -> {
            float lo = 0f;
            float hi = 0f;
            for (int i = fb.position(); i < fb.limit(); i++) {
                float v = fb.get(i);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (!Float.isFinite(lo) || !Float.isFinite(hi)) {
                throw new BadInputException("calibration: tensor '" + name + "' holds a non-finite value; the model or its input is broken");
            }
            ranges.merge(name, new Range(lo, hi), Range::union);
        });
        images += n;
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
        session.close();
    }
}
