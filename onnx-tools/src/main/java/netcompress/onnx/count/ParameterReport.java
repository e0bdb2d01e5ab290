package netcompress.onnx.count;

import java.util.List;

/**
 * The budget figures of one model.
 *
 * @param parameters           torchsummary's "Total params": learnable tensors per layer slot (DESIGN.md)
 * @param initializerElements  every element of every initializer, as stored (shared tensors once)
 * @param bnBuffers            BatchNormalization running mean and variance elements (not parameters)
 * @param macsPerImage         multiply-accumulates of Conv, Gemm and MatMul for one image
 * @param batchNormNodes       how many BatchNormalization nodes the graph has; 0 in a BN-folded file,
 *                             whose count then has lost the BN scale and shift (only the folded bias remains)
 * @param layers               one row per compute node, in topological order
 */
public record ParameterReport(long parameters, long initializerElements, long bnBuffers, long macsPerImage,
                              int batchNormNodes, List<LayerRow> layers) {

    /** One node of the inspect table. */
    public record LayerRow(String node, String op, long[] outputShape, long parameters, long macs) {
    }

    public boolean withinBudget(long budget) {
        return parameters <= budget;
    }
}
