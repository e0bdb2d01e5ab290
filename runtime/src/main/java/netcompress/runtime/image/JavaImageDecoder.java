package netcompress.runtime.image;

import org.w3c.dom.Node;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes the formats OpenCV's build lacks (GIF) or cannot read with javax.imageio, as PIL's
 * {@code convert("RGB")} sees them: the first frame, palette entries as colours, transparency ignored; a GIF
 * frame smaller than its logical screen is placed at its offset on a screen filled with the transparent
 * index's colour (index 0 without one), as Pillow fills the first frame.
 */
final class JavaImageDecoder {
    private JavaImageDecoder() {
    }

    static ImagePreprocessor.Pixels decode(byte[] bytes, ImageHeader h, int channels) throws BadImageException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadImageException(h.format() + " image (" + h.size() + "): no decoder for " + h.format()
                        + " here (OpenCV and javax.imageio both lack one); convert it to PNG or JPEG");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, false);
                BufferedImage frame = reader.read(0);
                int[] at = h.format() == ImageFormat.GIF ? gifOffset(reader.getImageMetadata(0)) : new int[] {0, 0};
                int w = h.format() == ImageFormat.GIF && h.width() > 0 ? h.width() : frame.getWidth();
                int ht = h.format() == ImageFormat.GIF && h.height() > 0 ? h.height() : frame.getHeight();
                int fill = 0;
                if (frame.getColorModel() instanceof IndexColorModel icm) {
                    fill = icm.getRGB(Math.max(icm.getTransparentPixel(), 0));
                }
                byte[] bgr = new byte[w * ht * 3];
                int[] row = new int[frame.getWidth()];
                for (int y = 0; y < ht; y++) {
                    int fy = y - at[1];
                    boolean inside = fy >= 0 && fy < frame.getHeight();
                    if (inside) {
                        frame.getRGB(0, fy, frame.getWidth(), 1, row, 0, frame.getWidth());
                    }
                    for (int x = 0; x < w; x++) {
                        int fx = x - at[0];
                        int argb = inside && fx >= 0 && fx < frame.getWidth() ? row[fx] : fill;
                        int p = (y * w + x) * 3;
                        bgr[p] = (byte) argb;
                        bgr[p + 1] = (byte) (argb >> 8);
                        bgr[p + 2] = (byte) (argb >> 16);
                    }
                }
                return ImagePreprocessor.Pixels.ofBgr(bgr, w, ht, channels);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new BadImageException("corrupt " + h.format() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** The first frame's left and top position on the GIF's logical screen. */
    private static int[] gifOffset(IIOMetadata meta) {
        try {
            Node root = meta.getAsTree("javax_imageio_gif_image_1.0");
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("ImageDescriptor")) {
                    var a = n.getAttributes();
                    return new int[] {Integer.parseInt(a.getNamedItem("imageLeftPosition").getNodeValue()),
                            Integer.parseInt(a.getNamedItem("imageTopPosition").getNodeValue())};
                }
            }
        } catch (RuntimeException ignored) {
            // no descriptor: the frame covers the screen from its corner
        }
        return new int[] {0, 0};
    }
}
