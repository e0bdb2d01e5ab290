package netcompress.onnx.shape;

import netcompress.errors.BadInputException;

/**
 * A shape inference cannot tell: an op outside its set, a value known only at run time (a Reshape
 * target computed by Shape -> Gather), a rank its rules do not handle, or an input whose shape is
 * itself unknown. Strict inference refuses the model with it (the same bad-input error as ever);
 * lenient inference leaves the tensor unknown and goes on.
 */
final class ShapeNotInferable extends BadInputException {
    ShapeNotInferable(String message) {
        super(message);
    }
}
