package netcompress.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.tensor.Tensors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckerTest {
    @ParameterizedTest
    @ValueSource(strings = {"student.onnx", "student_bn.onnx", "student_dw.onnx", "student_dw_bn.onnx", "mini_mbv2.onnx", "mini_mbv2_bn.onnx", "fmnist_cnn.onnx"})
    void fixturesPass(String file) {
        assertTrue(ModelChecker.problems(TestFixtures.model(file)).isEmpty());
    }

    @Test
    void convWeightThatDoesNotMatchGroupIsReported() {
        ModelProto m = TestFixtures.model("student_dw.onnx");
        var g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (n.getOpType().equals("Conv") && Attributes.getInt(n, "group", 1) > 1) {
                g.setNode(i, Attributes.with(n, Attributes.integer("group", 1)));
                break;
            }
        }
        var problems = ModelChecker.problems(m.toBuilder().setGraph(g).build());
        assertFalse(problems.isEmpty());
        assertTrue(problems.get(0).contains("group"), problems.toString());
    }

    @Test
    void biasOfWrongLengthIsReported() {
        ModelProto m = TestFixtures.model("student.onnx");
        var g = m.getGraph().toBuilder();
        NodeProto conv = g.getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).findFirst().orElseThrow();
        String bias = conv.getInput(2);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(bias)) {
                g.setInitializer(i, Tensors.floatTensor(bias, new long[] {3}, new float[3]));
            }
        }
        var problems = ModelChecker.problems(m.toBuilder().setGraph(g).build());
        assertTrue(problems.stream().anyMatch(p -> p.contains("bias")), problems.toString());
    }
}
