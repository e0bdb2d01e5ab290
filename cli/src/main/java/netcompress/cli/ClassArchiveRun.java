package netcompress.cli;

import netcompress.io.Folders;
import netcompress.onnx.io.OnnxModels;
import netcompress.runtime.session.OrtNativeCache;
import netcompress.trainer.zoo.ModelZoo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The run the launcher records a class-data-sharing archive from ({@code -XX:ArchiveClassesAtExit}, once per
 * jar and JVM): the short commands a user starts often, on a zoo student built in memory and three generated
 * images, so the archive holds what they load (ONNX protobuf classes, the pruner, ONNX Runtime's and the
 * decoders' Java side). Their output is discarded; a failing command fails the run, and the launcher then
 * writes no archive.
 */
public final class ClassArchiveRun {
    private ClassArchiveRun() {
    }

    public static void main(String[] args) throws IOException {
        OrtNativeCache.useCopyBeside(Main.ownJar());
        Path dir = Files.createTempDirectory("netcompress-class-archive");
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        int failed = 0;
        try {
            // a zoo student built in memory (no training, no libtorch): what the short commands are run on
            Path model = dir.resolve("student.onnx");
            OnnxModels.write(ModelZoo.build("dwsep", 3, 11, 64, 0), model, false);
            Path images = Files.createDirectories(dir.resolve("images"));
            Random r = new Random(0);
            for (String name : List.of("a.jpg", "b.jpg", "c.png")) {
                BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        img.setRGB(x, y, r.nextInt(1 << 24));
                    }
                }
                ImageIO.write(img, name.endsWith(".png") ? "png" : "jpeg", images.resolve(name).toFile());
            }
            System.setOut(sink);
            System.setErr(sink);
            for (String[] command : List.of(
                    new String[] {"count", model.toString()},
                    new String[] {"inspect", model.toString()},
                    new String[] {"prune", "--model", model.toString(), "--ratio", "0.5", "--out", dir.resolve("pruned.onnx").toString()},
                    new String[] {"predict", "--model", model.toString(), "--images", images.toString(), "--out", dir.resolve("p.csv").toString()})) {
                failed += Main.execute(command) == 0 ? 0 : 1;
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            Folders.deleteQuietly(dir);
        }
        System.exit(failed == 0 ? 0 : 3);
    }
}
