package netcompress.runtime.session;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.GraphBuilder;
import netcompress.onnx.ops.Ops;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Ops#NEWEST_RUNTIME_OPSET} is what this build's ONNX Runtime loads, and the next one is not. */
class NewestOpsetTest {
    private static ModelProto atOpset(int opset) {
        GraphBuilder b = new GraphBuilder("opset", 1);
        b.input("input", -1, 3, 4, 4);
        b.output(b.gemm(b.flatten(b.globalAvgPool(b.relu("input"))), 2), "logits");
        return b.build().toBuilder().clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    @Test
    void theNewestOpsetLoadsAndTheNextIsRefused() {
        try (ModelSession s = ModelSession.open(atOpset(Ops.NEWEST_RUNTIME_OPSET), "newest", SessionSettings.cpu(1), w -> { })) {
            assertEquals(2, s.classes());
        }
        assertThrows(BadInputException.class,
                () -> ModelSession.open(atOpset(Ops.NEWEST_RUNTIME_OPSET + 1), "next", SessionSettings.cpu(1), w -> { }).close());
    }
}
