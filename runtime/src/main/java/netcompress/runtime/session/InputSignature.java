package netcompress.runtime.session;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import netcompress.errors.BadInputException;
import netcompress.onnx.meta.PreprocessSpec;

import java.util.Arrays;
import java.util.Map;

/**
 * The model's one image input, [N, C, H, W] float; a dimension is -1 where the model leaves it
 * symbolic. Anything else (several inputs, another rank or type) is refused with a message naming the model.
 */
public record InputSignature(String name, long batch, long channels, long height, long width) {

    public static InputSignature of(Map<String, NodeInfo> inputs, String model) {
        if (inputs.size() != 1) {
            throw new BadInputException(model + ": has " + inputs.size() + " inputs " + inputs.keySet()
                    + "; expected one [N,C,H,W] float image tensor");
        }
        NodeInfo node = inputs.values().iterator().next();
        if (!(node.getInfo() instanceof TensorInfo t)) {
            throw new BadInputException(model + ": input '" + node.getName() + "' is not a tensor; expected one [N,C,H,W] float image tensor");
        }
        long[] s = t.getShape();
        if (t.type != OnnxJavaType.FLOAT || s.length != 4) {
            throw new BadInputException(model + ": input '" + node.getName() + "' is " + t.type + " " + Arrays.toString(s)
                    + "; expected one [N,C,H,W] float image tensor");
        }
        return new InputSignature(node.getName(), norm(s[0]), norm(s[1]), norm(s[2]), norm(s[3]));
    }

    private static long norm(long d) {
        return d > 0 ? d : -1;
    }

    public boolean fixedBatch() {
        return batch > 0;
    }

    /** Stops with a clear message when the model cannot take what {@code spec} produces. */
    public void check(PreprocessSpec spec, String model) {
        if (channels > 0 && channels != spec.channels()) {
            throw new BadInputException(model + ": input '" + name + "' takes " + channels + " channel(s) but the preprocessing makes "
                    + spec.channels() + " (" + spec + ")");
        }
        if ((height > 0 && height != spec.height()) || (width > 0 && width != spec.width())) {
            throw new BadInputException(model + ": input '" + name + "' takes " + dim(height) + "x" + dim(width)
                    + " images but the preprocessing makes " + spec.height() + "x" + spec.width() + " (" + spec + ")");
        }
    }

    private static String dim(long d) {
        return d > 0 ? Long.toString(d) : "?";
    }

    @Override
    public String toString() {
        return name + " [" + dim(batch) + "," + dim(channels) + "," + dim(height) + "," + dim(width) + "]";
    }
}
