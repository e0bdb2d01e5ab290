package netcompress.testdata;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixturesTest {
    @Test
    void everyListedFileIsBundledAndNothingElse() throws IOException, URISyntaxException {
        Path dir = Path.of(Fixtures.class.getClassLoader().getResource(Fixtures.RESOURCE_DIR).toURI());
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> bundled = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(Set.copyOf(Fixtures.FILES), bundled);
        }
        for (String name : Fixtures.FILES) {
            Path p = Fixtures.path(name);
            assertTrue(Files.size(p) > 0, name);
            // checked on the permission bits: root may write to read-only files anyway
            assertFalse(Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                    name + " should be read-only so one test cannot spoil it for others");
        }
        assertEquals(Fixtures.path("student.onnx").getParent(), Fixtures.dir());
    }

    @Test
    void unknownNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Fixtures.path("nope.onnx"));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.model("nope.onnx"));
    }

    @Test
    void sampleArraysHaveTheDocumentedShapes() {
        assertArrayEquals(new int[]{4, 3, 142, 142}, Fixtures.npy("input_4x3x142x142.npy").shape());
        for (String logits : new String[]{"student_logits.npy", "student_dw_logits.npy", "mini_mbv2_logits.npy"}) {
            assertArrayEquals(new int[]{4, 11}, Fixtures.npy(logits).shape(), logits);
        }
        assertArrayEquals(new int[]{16, 1, 28, 28}, Fixtures.npy("fmnist_test16_input.npy").shape());
        assertArrayEquals(new int[]{16, 10}, Fixtures.npy("fmnist_test16_logits.npy").shape());
        int[] labels = Fixtures.fmnistTest16Labels();
        assertEquals(16, labels.length);
        assertTrue(java.util.Arrays.stream(labels).allMatch(l -> l >= 0 && l < 10));
    }

    @Test
    void trainedFashionNetMostlyAgreesWithTheLabels() {
        // The README says 88.4% test accuracy: the logits and labels files must belong together.
        NpyArray logits = Fixtures.npy("fmnist_test16_logits.npy");
        int[] labels = Fixtures.fmnistTest16Labels();
        int right = 0;
        for (int i = 0; i < 16; i++) {
            float[] row = logits.row(i);
            int best = 0;
            for (int k = 1; k < row.length; k++) {
                if (row[k] > row[best]) {
                    best = k;
                }
            }
            right += best == labels[i] ? 1 : 0;
        }
        assertTrue(right >= 12, right + " of 16");
    }

    @Test
    void modelTableMatchesTheFiles() throws IOException {
        assertEquals(7, Fixtures.MODELS.size());
        assertEquals(87_907, Fixtures.model("student_bn.onnx").pytorchParams());
        for (FixtureModel m : Fixtures.MODELS) {
            ModelProto model = ModelProto.parseFrom(Files.readAllBytes(Fixtures.path(m.file())));
            long elements = 0;
            for (TensorProto t : model.getGraph().getInitializerList()) {
                elements += t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
            }
            assertEquals(m.initializerElements(), elements, m.file());
            boolean hasBn = model.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("BatchNormalization"));
            assertEquals(m.bnKept(), hasBn, m.file());
            NpyArray input = Fixtures.npy(m.sampleInput());
            assertEquals(m.channels(), input.dim(1), m.file());
            assertEquals(m.height(), input.dim(2), m.file());
            assertEquals(m.width(), input.dim(3), m.file());
            NpyArray logits = Fixtures.npy(m.expectedLogits());
            assertArrayEquals(new int[]{input.dim(0), m.classes()}, logits.shape(), m.file());
        }
    }
}
