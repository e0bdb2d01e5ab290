package netcompress.jobs.pipeline;

import netcompress.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineSettingsTest {
    @TempDir
    Path dir;

    @Test
    void savedConfigLoadsBackEqual() throws Exception {
        PipelineSettings s = PipelineSettings.defaults().with(Map.of("studentEpochs", 3, "alpha", 0.7, "data", "/x/food-11"));
        Path f = dir.resolve("config.json");
        Files.writeString(f, s.toJson());
        assertEquals(s, PipelineSettings.load(f));
    }

    @Test
    void yamlConfigOverridesDefaultsAndKeepsTheRest() throws Exception {
        Path f = dir.resolve("run.yaml");
        Files.writeString(f, "budget: 50000\nstudent: mbv2\npseudoLabels: true\n");
        PipelineSettings s = PipelineSettings.load(f);
        assertEquals(50000, s.budget());
        assertEquals("mbv2", s.student());
        assertTrue(s.pseudoLabels());
        assertEquals(PipelineSettings.defaults().teacherModel(), s.teacherModel());
    }

    @Test
    void unknownOrBadSettingsAreRefusedNamingTheFile() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "budgett: 5\n");
        BadInputException e = assertThrows(BadInputException.class, () -> PipelineSettings.load(f));
        assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("budgett"), e.getMessage());
        Files.writeString(f, "budget: -5\n");
        assertThrows(BadInputException.class, () -> PipelineSettings.load(f));
        Files.writeString(f, "budget: [1, 2\n");
        assertThrows(BadInputException.class, () -> PipelineSettings.load(f));
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("budget", null);
        assertEquals(PipelineSettings.defaults(), PipelineSettings.defaults().with(nulls), "null means: flag not given");
    }

    @Test
    void builtInRunUsesSmallInputsAndARunLocalDataFolder() {
        PipelineSettings d = PipelineSettings.defaults();
        assertEquals(32, d.inputSize());
        assertEquals(dir.resolve("data").resolve("food-11"), d.dataRoot(dir));
        assertEquals(142, d.with(Map.of("data", "/somewhere")).inputSize());
    }
}
