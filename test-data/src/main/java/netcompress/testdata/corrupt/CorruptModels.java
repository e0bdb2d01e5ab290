package netcompress.testdata.corrupt;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import netcompress.testdata.Fixtures;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/** Writes the {@link CorruptModel} corpus, derived from the {@code student_bn.onnx} fixture. */
public final class CorruptModels {
    static final String BASE = "student_bn.onnx";
    public static final String MISSING_TENSOR_NAME = "tensor_nobody_produces";
    public static final String EXTERNAL_LOCATION = "../../secret.bin";

    private CorruptModels() {
    }

    public static Map<CorruptModel, Path> writeAll(Path dir) {
        return CorpusFiles.writeAll(CorruptModel.class, kind -> write(kind, dir));
    }

    public static Path write(CorruptModel kind, Path dir) {
        return CorpusFiles.write(dir, kind.fileName(), bytes(kind));
    }

    public static byte[] bytes(CorruptModel kind) {
        return switch (kind) {
            case EMPTY -> new byte[0];
            case RANDOM_BYTES -> random();
            case TRUNCATED -> {
                byte[] full = Fixtures.bytes(BASE);
                yield Arrays.copyOf(full, full.length * 6 / 10);
            }
            case EXTERNAL_DATA -> externalData().toByteArray();
            case MISSING_TENSOR -> missingTensor().toByteArray();
            case CYCLE -> cycle().toByteArray();
        };
    }

    private static byte[] random() {
        byte[] b = new byte[4096];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    static ModelProto base() {
        try {
            return ModelProto.parseFrom(Fixtures.bytes(BASE));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("fixture " + BASE + " does not parse", e);
        }
    }

    private static ModelProto externalData() {
        ModelProto m = base();
        GraphProto.Builder g = m.getGraph().toBuilder();
        TensorProto t = g.getInitializer(0);
        g.setInitializer(0, t.toBuilder()
                .clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(EXTERNAL_LOCATION))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("0"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(String.valueOf(t.getRawData().size())))
                .setRawData(ByteString.EMPTY));
        return m.toBuilder().setGraph(g).build();
    }

    private static ModelProto missingTensor() {
        ModelProto m = base();
        GraphProto.Builder g = m.getGraph().toBuilder();
        int last = g.getNodeCount() - 1;
        NodeProto n = g.getNode(last);
        g.setNode(last, n.toBuilder().setInput(0, MISSING_TENSOR_NAME));
        return m.toBuilder().setGraph(g).build();
    }

    private static ModelProto cycle() {
        ModelProto m = base();
        GraphProto.Builder g = m.getGraph().toBuilder();
        NodeProto first = g.getNode(0);
        String later = g.getNode(g.getNodeCount() / 2).getOutput(0);
        g.setNode(0, first.toBuilder().setInput(0, later));
        return m.toBuilder().setGraph(g).build();
    }
}
