package netcompress.jobs.pipeline;

import netcompress.errors.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A data folder the pipeline cannot use stops it before any training, with the folder named. */
class DataFolderErrorsTest {
    @TempDir
    Path dir;

    private void image(Path folder, String name) throws Exception {
        Files.createDirectories(folder);
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", folder.resolve(name).toFile());
    }

    private BadInputException refuse(Path data) {
        PipelineSettings s = PipelineSettings.defaults().with(Map.of("data", data.toString(), "size", 16));
        Path run = dir.resolve("run-" + data.getFileName());
        BadInputException e = assertThrows(BadInputException.class, () -> Pipeline.run(run, s, false, l -> { }));
        assertTrue(!Files.exists(run.resolve("teacher.onnx")), "nothing trained");
        return e;
    }

    @Test
    void missingFolder() {
        BadInputException e = refuse(dir.resolve("nowhere"));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void missingValidationSplit() throws Exception {
        Path data = dir.resolve("noval");
        image(data.resolve("training/labeled/00"), "a.png");
        image(data.resolve("training/labeled/01"), "b.png");
        BadInputException e = refuse(data);
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
    }

    @Test
    void emptyClassFolder() throws Exception {
        Path data = dir.resolve("emptyclass");
        image(data.resolve("training/labeled/00"), "a.png");
        Files.createDirectories(data.resolve("training/labeled/01"));
        image(data.resolve("validation/00"), "a.png");
        image(data.resolve("validation/01"), "a.png");
        BadInputException e = refuse(data);
        assertTrue(e.getMessage().contains("01"), e.getMessage());
    }

    @Test
    void testFolderInsideTraining() throws Exception {
        Path data = dir.resolve("leak");
        image(data.resolve("training/labeled/00"), "a.png");
        image(data.resolve("training/labeled/testing"), "b.png");
        image(data.resolve("validation/00"), "a.png");
        image(data.resolve("validation/testing"), "a.png");
        BadInputException e = refuse(data);
        assertTrue(e.getMessage().contains("testing"), e.getMessage());
    }
}
