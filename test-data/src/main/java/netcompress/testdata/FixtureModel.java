package netcompress.testdata;

/**
 * One PyTorch-exported fixture model and what is known about it from the exporter (fixtures README.md).
 *
 * @param file                 file name under the fixtures folder, e.g. {@code student_bn.onnx}
 * @param pytorchParams        PyTorch's {@code sum(p.numel())}, torchsummary's Total params: the budget count
 * @param initializerElements  raw element total of all initializers (BN mean/var included where kept)
 * @param bnKept               true when BatchNormalization nodes are in the graph; false when the exporter folded them
 * @param channels             input channels
 * @param height               input height
 * @param width                input width
 * @param classes              logits per image
 * @param sampleInput          .npy file with a batch of inputs for this model
 * @param expectedLogits       .npy file with PyTorch's eval-mode logits for {@code sampleInput}
 */
public record FixtureModel(String file, long pytorchParams, long initializerElements, boolean bnKept,
                           int channels, int height, int width, int classes,
                           String sampleInput, String expectedLogits) {
}
