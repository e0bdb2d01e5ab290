package netcompress.pruner;

import netcompress.testdata.FixtureModel;
import netcompress.testdata.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reference implementation's verdict: Debian's python3-onnx checker with full_check (strict
 * shape inference) accepts every file the pruner writes. Skipped only where that python lacks onnx.
 */
class OnnxCheckerCrossTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void pythonOnnxFullCheckAcceptsEveryPrunedFile() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && run(List.of(PYTHON, "-c", "import onnx")).exitCode == 0,
                PYTHON + " has no onnx module (apt-get install python3-onnx)");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<String> files = new ArrayList<>();
        for (FixtureModel f : Fixtures.MODELS) {
            for (PruneOptions o : List.of(PruneOptions.toRatio(0.5), PruneOptions.toRatio(0.3).withRoundTo(4).withSteps(2))) {
                Path out = dir.resolve(f.file().replace(".onnx", "") + "_" + files.size() + ".onnx");
                PruneJob.run(Fixtures.path(f.file()), out, o, false, false, quiet);
                files.add(out.toString());
            }
        }
        for (TestNets.Net net : TestNets.all(2)) {
            Path in = dir.resolve(net.name() + ".onnx");
            netcompress.onnx.io.OnnxModels.write(net.model(), in, false);
            Path out = dir.resolve(net.name() + "_pruned.onnx");
            PruneJob.run(in, out, PruneOptions.toRatio(0.5), false, false, quiet);
            files.add(out.toString());
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c",
                "import sys, onnx\n"
                        + "for p in sys.argv[1:]:\n"
                        + "    onnx.checker.check_model(onnx.load(p), full_check=True)\n"
                        + "print('checked', len(sys.argv) - 1)\n"));
        cmd.addAll(files);
        Result r = run(cmd);
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.output.contains("checked " + files.size()), r.output);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
