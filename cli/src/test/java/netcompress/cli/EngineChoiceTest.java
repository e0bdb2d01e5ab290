package netcompress.cli;

import netcompress.datasets.synth.SynthFood11Generator;
import netcompress.datasets.synth.SynthOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine check as a user meets it, in fresh JVMs (libtorch settings are per process) with a cache of their own:
 * a kernel made wrong on purpose (the test-only netcompress.engine.corrupt switch) in libtorch's defaults makes
 * {@code train} choose another configuration and say so; made wrong in every configuration, {@code train} refuses
 * with exit 3 and writes nothing.
 */
class EngineChoiceTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void data() {
        data = dir.resolve("food");
        SynthFood11Generator.generate(data, SynthOptions.defaults().withScale(0.02).withSize(48, 36).withThreads(2), false, (d, t) -> { });
    }

    @Test
    void aWrongDefaultKernelMakesTrainingChooseAnotherConfigurationAndSaySo() throws Exception {
        Path out = dir.resolve("fallback.onnx");
        ChildJvm.Result r = train("conv2d@isa=default,onednn=on", dir.resolve("cache-fallback"), out);
        assertEquals(0, r.code(), r.text());
        assertTrue(r.text().contains("computes wrong results with its defaults") && r.text().contains("conv2d"), r.text());
        assertTrue(r.text().contains(": using ") && r.text().contains("correct configurations"), r.text());
        assertTrue(Files.isRegularFile(out));
        String provenance = netcompress.onnx.meta.ModelMetadata.get(netcompress.onnx.io.OnnxModels.read(out),
                netcompress.onnx.meta.ModelMetadata.PROVENANCE).orElseThrow();
        assertFalse(provenance.contains("\"isa=default,onednn=on\""), provenance);
        assertTrue(provenance.contains("\"engine\""), provenance);
    }

    @Test
    void withEveryConfigurationWrongTrainingRefusesWithExit3AndWritesNothing() throws Exception {
        Path out = dir.resolve("refused.onnx");
        ChildJvm.Result r = train("conv2d@*", dir.resolve("cache-none"), out);
        assertEquals(3, r.code(), r.text());
        assertTrue(r.text().contains("in every configuration tried") && r.text().contains("refusing to train on wrong numbers"), r.text());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("refused.ckpt")));
    }

    private static ChildJvm.Result train(String corrupt, Path cache, Path out) throws IOException, InterruptedException {
        return ChildJvm.of(List.of("-Dnetcompress.engine.corrupt=" + corrupt, "-Dnetcompress.engine.cache=" + cache),
                "train", "--model", "vgg:0.25", "--data", data.toString(), "--epochs", "1", "--batch", "16", "--size", "32",
                "--no-test-report", "--out", out.toString()).run(Files.createTempFile(dir, "run", ".log"));
    }
}
