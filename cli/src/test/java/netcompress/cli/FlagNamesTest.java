package netcompress.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings named in library messages come out as the running command's flags. */
class FlagNamesTest {
    private static FlagNames of(String command) {
        return FlagNames.of(Main.commandLine().getSubcommands().get(command).getCommandSpec());
    }

    @Test
    void aSettingIsTheFlagWhoseFieldHasItsName() {
        FlagNames prune = of("prune");
        assertEquals("--budget-macs", prune.name("budgetMacs"));
        assertEquals("--min-channels", prune.name("minChannels"));
        assertEquals("--dry-run", prune.name("dryRun"));
        assertEquals("--T", of("distill").name("temperature"));
        assertEquals("--labeled-share", of("distill").name("labeledShare"));
        assertEquals("--on-bad-image", of("predict").name("onBadImage"));
    }

    @Test
    void optionsOfTheCommandAboveAndSettingsWithoutAFlag() {
        assertEquals("--verbose", of("train").name("verbose"));
        assertEquals("labeledShare", of("prune").name("labeledShare"));
        assertEquals("finetuneEpochs", of("train").name("finetuneEpochs"));
        assertEquals("--finetune-epochs", of("pipeline").name("finetuneEpochs"));
    }

    @Test
    void printedLinesAndErrorsNameFlags() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FlagNames.printer(Main.commandLine().getSubcommands().get("distill").getCommandSpec(), new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .accept("augmentation light ({augment} sets it)");
        assertEquals("augmentation light (--augment sets it)", bytes.toString(StandardCharsets.UTF_8).strip());
        CliRun r = CliRun.of("prune", "--model", "m.onnx", "--budget", "-5", "--out", "x.onnx");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--budget must be positive"), r.err());
    }
}
