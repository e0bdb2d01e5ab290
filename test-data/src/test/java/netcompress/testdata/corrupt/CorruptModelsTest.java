package netcompress.testdata.corrupt;

import netcompress.errors.BadInputException;
import netcompress.onnx.io.OnnxModels;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorruptModelsTest {
    @TempDir
    Path tmp;

    @Test
    void theBaseFixtureIsAccepted() {
        assertTrue(OnnxModels.read(Fixtures.path(CorruptModels.BASE)).getGraph().getNodeCount() > 0);
    }

    @Test
    void everyCaseIsRefusedWithTheFileNamed() {
        Map<CorruptModel, Path> files = CorruptModels.writeAll(tmp);
        assertEquals(CorruptModel.values().length, files.size());
        for (var e : files.entrySet()) {
            var ex = assertThrows(BadInputException.class, () -> OnnxModels.read(e.getValue()), e.getKey().name());
            assertTrue(ex.getMessage().contains(e.getValue().toString()), e.getKey() + ": " + ex.getMessage());
            assertEquals(2, ex.exitCode().code());
        }
    }

    @Test
    void eachStructuralCaseIsRefusedForItsOwnReason() {
        assertTrue(message(CorruptModel.EXTERNAL_DATA).contains("extern"), message(CorruptModel.EXTERNAL_DATA));
        assertTrue(message(CorruptModel.MISSING_TENSOR).contains(CorruptModels.MISSING_TENSOR_NAME), message(CorruptModel.MISSING_TENSOR));
        assertTrue(message(CorruptModel.CYCLE).contains("cycle"), message(CorruptModel.CYCLE));
        assertTrue(message(CorruptModel.EMPTY).contains("empty"), message(CorruptModel.EMPTY));
    }

    private String message(CorruptModel kind) {
        Path p = CorruptModels.write(kind, tmp);
        return assertThrows(BadInputException.class, () -> OnnxModels.read(p)).getMessage();
    }
}
