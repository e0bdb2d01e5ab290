package netcompress.onnx.ops;

import netcompress.errors.BadInputException;

/**
 * What an op kind cannot tell: an op outside the registry, a value known only at run time, a rank
 * its rules do not handle, or an input whose shape is itself unknown. Strict inference refuses the
 * model with it (the same bad-input error as ever); lenient inference leaves the tensor unknown and
 * goes on.
 */
public final class ShapeNotInferable extends BadInputException {
    public ShapeNotInferable(String message) {
        super(message);
    }
}
