package netcompress.pruner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The reference implementation's verdict: Debian's python3-onnx checker with full_check (strict shape inference). */
final class PythonOnnx {
    private static final String PYTHON = "/usr/bin/python3";

    private PythonOnnx() {
    }

    /** Skips the calling test where that python has no onnx module. */
    static void assumeAvailable() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && run(List.of(PYTHON, "-c", "import onnx")).exitCode == 0,
                PYTHON + " has no onnx module (apt-get install python3-onnx)");
    }

    /** Fails naming the first file onnx.checker.check_model(..., full_check=True) refuses. */
    static void assertFullCheckAccepts(List<String> files) throws Exception {
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
