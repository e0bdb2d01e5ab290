package netcompress.testdata.corrupt;

/** Broken ONNX files a model reader must refuse with a message naming the file (exit code 2). */
public enum CorruptModel {
    /** Zero bytes. */
    EMPTY("empty.onnx"),
    /** 4 KiB of seeded random bytes. */
    RANDOM_BYTES("random.onnx"),
    /** The first 60% of student_bn.onnx. */
    TRUNCATED("truncated.onnx"),
    /** student_bn.onnx with one initializer's data moved to an external file it names ({@code ../../secret.bin}),
     *  which must never be opened. */
    EXTERNAL_DATA("external_data.onnx"),
    /** student_bn.onnx with a node reading a tensor nothing produces. */
    MISSING_TENSOR("missing_tensor.onnx"),
    /** student_bn.onnx with the first node fed by the output of a later node: a cycle. */
    CYCLE("cycle.onnx");

    private final String fileName;

    CorruptModel(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
