package netcompress.trainer.data;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training must see the same channel order as predict: R, G, B planes, whatever order the decoder uses. */
class ImageFoldersColourTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg"})
    void aRedImageFillsTheFirstPlane(String format) throws Exception {
        Path cls = Files.createDirectories(dir.resolve("00"));
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(230, 20, 10));
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        ImageIO.write(img, format, cls.resolve("red." + format).toFile());
        ImageSet set = ImageFolders.load(dir, true, 3, 16, 1, null);
        byte[] chw = set.images().get(0);
        int plane = 16 * 16;
        int r = chw[plane / 2] & 0xff;
        int gr = chw[plane + plane / 2] & 0xff;
        int b = chw[2 * plane + plane / 2] & 0xff;
        assertTrue(r > 200 && gr < 50 && b < 50, "R,G,B = " + r + "," + gr + "," + b);
        ImageSet gray = ImageFolders.load(dir, true, 1, 16, 1, List.of("00"));
        int luma = gray.images().get(0)[plane / 2] & 0xff;
        assertEquals((230 * 299 + 20 * 587 + 10 * 114 + 500) / 1000, luma, 4.0);
    }
}
