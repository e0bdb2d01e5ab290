package netcompress.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.check.ModelChecker;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random mutations of the fixture files fed to what inspect and count do: reading, shape inference,
 * the count and the checker. Each case must either work or fail with a BadInputException; anything
 * else (an IndexOutOfBounds, a NullPointerException, an OutOfMemoryError) is a bug.
 */
class ModelFuzzTest {
    private static final String[] FILES = {"student_bn.onnx", "student_dw.onnx", "mini_mbv2.onnx", "mini_mbv2_bn.onnx", "fmnist_cnn.onnx"};
    static final int CASES = Integer.getInteger("netcompress.fuzzCases", 1500);

    @Test
    void mutatedModelsFailOnlyWithClearErrors() throws Exception {
        Random r = new Random(20261128);
        List<String> crashes = new ArrayList<>();
        int refused = 0;
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            String file = FILES[i % FILES.length];
            byte[] original = Files.readAllBytes(TestFixtures.path(file));
            byte[] mutated = Mutations.mutate(original, r);
            try {
                ModelProto m = OnnxModels.parse(mutated, "case" + i);
                ParameterCount.of(m);
                ModelChecker.problems(m);
                accepted++;
            } catch (BadInputException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                refused++;
            } catch (Throwable t) {
                crashes.add("case " + i + " (" + file + "): " + t);
            }
        }
        System.out.printf("fuzz: %d cases, %d refused with a clear error, %d accepted, %d crashes%n", CASES, refused, accepted, crashes.size());
        assertTrue(crashes.isEmpty(), crashes.size() + " crashes, first: " + crashes.subList(0, Math.min(5, crashes.size())));
    }
}
