package netcompress.trainer.zoo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.tensor.Tensors;
import netcompress.trainer.graph.OnnxBlock;
import netcompress.trainer.teacher.OrtTeacher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZooTest {
    /**
     * PyTorch's sum(p.numel()) for the twin networks, printed by
     * {@code /usr/bin/python3 trainer/src/test/python/zoo_reference.py} (Debian python3-torch 1.13);
     * resnet18 at 11 classes also equals torchvision.models.resnet18(num_classes=11).
     */
    @ParameterizedTest
    @CsvSource({
            "studentnet,3,11,142,87907", "vgg,3,11,142,79955", "dwsep,3,11,142,68171", "dwsep:0.5,3,11,142,19243",
            "mbv2,3,11,142,96971", "mbv2:0.5,3,11,142,27883", "ghost,3,11,142,72443", "resnet18,3,11,142,11182155",
            "resnet18:0.5,3,11,142,2801707", "resnet18:0.25,3,11,142,703515", "resnet10:0.5,3,11,142,1233067",
            "studentnet,1,10,28,87230", "vgg,1,10,28,79426", "dwsep,1,10,28,67338", "mbv2,1,10,28,96554",
            "ghost,1,10,28,71994", "resnet18,1,10,28,11172810", "resnet18:0.25,1,10,28,701178", "resnet10:0.5,1,10,28,1228394"})
    void parameterCountsEqualPyTorch(String spec, int channels, int classes, int size, long pytorch) {
        assertEquals(pytorch, ParameterCount.of(ModelZoo.build(spec, channels, classes, size, 1)).parameters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"studentnet", "vgg", "dwsep", "dwsep:0.5", "mbv2", "mbv2:0.5", "ghost", "resnet18", "resnet18:0.5",
            "resnet18:0.25", "resnet10:0.5"})
    void djlEvalForwardMatchesOnnxRuntime(String spec) {
        for (int[] cfg : new int[][] {{3, 11, 142}, {1, 10, 28}}) {
            ModelProto model = withRandomBnStatistics(ModelZoo.build(spec, cfg[0], cfg[1], cfg[2], 7), 3);
            int n = 2;
            float[] x = new float[n * cfg[0] * cfg[2] * cfg[2]];
            Random r = new Random(5);
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextFloat();
            }
            float[] djl;
            try (NDManager m = NDManager.newBaseManager(Device.cpu()); OnnxBlock block = OnnxBlock.of(model, m, Device.cpu())) {
                NDArray in = m.create(FloatBuffer.wrap(x), new Shape(n, cfg[0], cfg[2], cfg[2]));
                djl = block.forward(in, false).toFloatArray();
            }
            float[] ort;
            try (OrtTeacher t = new OrtTeacher(model, spec, 1)) {
                ort = t.logits(FloatBuffer.wrap(x), n, cfg[0], cfg[2], cfg[2]);
            }
            assertEquals(n * cfg[1], djl.length);
            for (int i = 0; i < djl.length; i++) {
                assertEquals(ort[i], djl[i], 1e-4, spec + " " + cfg[2] + " logit " + i);
            }
        }
    }

    @Test
    void refusesUnknownNamesAndBadWidths() {
        assertThrows(BadInputException.class, () -> ModelZoo.build("resnet50", 3, 11, 142, 1));
        assertThrows(BadInputException.class, () -> ModelZoo.build("mbv2:zero", 3, 11, 142, 1));
        assertThrows(BadInputException.class, () -> ModelZoo.build("mbv2:-1", 3, 11, 142, 1));
        assertThrows(BadInputException.class, () -> ModelZoo.build("studentnet", 3, 11, 12, 1));
    }

    /** Fresh BN layers have mean 0 and var 1, which would hide a swapped mean/var or scale/shift; randomise them. */
    static ModelProto withRandomBnStatistics(ModelProto model, long seed) {
        Random r = new Random(seed);
        Set<String> bnInputs = new HashSet<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("BatchNormalization")) {
                bnInputs.addAll(n.getInputList().subList(1, 5));
            }
        }
        GraphProto.Builder g = model.getGraph().toBuilder().clearInitializer();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (bnInputs.contains(t.getName())) {
                float[] v = Tensors.floats(t);
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.5f + r.nextFloat();
                }
                g.addInitializer(Tensors.floatTensor(t.getName(), Tensors.dims(t), v));
            } else {
                g.addInitializer(t);
            }
        }
        return model.toBuilder().setGraph(g).build();
    }
}
