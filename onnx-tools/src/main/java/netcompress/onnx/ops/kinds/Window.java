package netcompress.onnx.ops.kinds;

import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.NodeContext;

import static netcompress.onnx.ops.Dims.UNKNOWN;

/** Output H and W of a sliding window (Conv and pools): pads, strides, dilations, auto_pad, ceil_mode. */
final class Window {
    private Window() {
    }

    static long[] spatial(NodeContext c, long[] x, long[] kernel) {
        var n = c.node();
        long[] strides = orDefault(Attributes.getInts(n, "strides"));
        long[] dil = orDefault(Attributes.getInts(n, "dilations"));
        long[] pads = Attributes.getInts(n, "pads");
        if (pads == null) {
            pads = new long[4];
        }
        if (pads.length != 4 || strides.length != 2 || dil.length != 2) {
            throw new BadInputException(c.describe() + ": pads/strides/dilations must be 2-D");
        }
        String autoPad = Attributes.getString(n, "auto_pad", "NOTSET");
        boolean ceil = Attributes.getInt(n, "ceil_mode", 0) != 0;
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            long size = x[2 + i];
            if (strides[i] <= 0 || dil[i] <= 0 || kernel[i] <= 0) {
                throw new BadInputException(c.describe() + ": strides, dilations and kernel must be positive");
            }
            if (size == UNKNOWN) {
                out[i] = UNKNOWN;
                continue;
            }
            long effK = dil[i] * (kernel[i] - 1) + 1;
            switch (autoPad) {
                case "SAME_UPPER", "SAME_LOWER" -> out[i] = (size + strides[i] - 1) / strides[i];
                case "VALID" -> out[i] = (size - effK) / strides[i] + 1;
                case "NOTSET" -> {
                    long span = size + pads[i] + pads[i + 2] - effK;
                    out[i] = (ceil ? Math.floorDiv(span + strides[i] - 1, strides[i]) : Math.floorDiv(span, strides[i])) + 1;
                }
                default -> throw new BadInputException(c.describe() + ": unknown auto_pad " + autoPad);
            }
            if (out[i] <= 0) {
                throw new BadInputException(c.describe() + ": input of size " + size + " is too small for kernel " + kernel[i]);
            }
        }
        return out;
    }

    private static long[] orDefault(long[] v) {
        return v != null ? v : new long[] {1, 1};
    }
}
