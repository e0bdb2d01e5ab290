package netcompress.runtime.loading;

import netcompress.errors.BadInputException;
import netcompress.onnx.tensor.Npy;
import netcompress.runtime.image.BadImageException;
import netcompress.runtime.image.ImagePreprocessor;

import java.nio.FloatBuffer;
import java.util.Arrays;

/** Fills one slot of a batch with one sample's C x H x W floats. */
public interface SampleLoader {
    int channels();

    int height();

    int width();

    default int tensorSize() {
        return channels() * height() * width();
    }

    void load(ImageItem item, FloatBuffer dst, int offset) throws BadImageException;

    /** Image files, decoded and preprocessed. */
    static SampleLoader images(ImagePreprocessor pre) {
        return new SampleLoader() {
            @Override
            public int channels() {
                return pre.spec().channels();
            }

            @Override
            public int height() {
                return pre.spec().height();
            }

            @Override
            public int width() {
                return pre.spec().width();
            }

            @Override
            public void load(ImageItem item, FloatBuffer dst, int offset) throws BadImageException {
                pre.load(item.path(), dst, offset);
            }
        };
    }

    /**
     * Rows of an [N,C,H,W] array already preprocessed (e.g. a PyTorch batch saved with numpy):
     * item i is row {@code item.index()}.
     */
    static SampleLoader tensors(Npy.Array array) {
        long[] s = array.shape();
        if (s.length != 4) {
            throw new BadInputException("expected an [N,C,H,W] array, got shape " + Arrays.toString(s));
        }
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        int size = c * h * w;
        return new SampleLoader() {
            @Override
            public int channels() {
                return c;
            }

            @Override
            public int height() {
                return h;
            }

            @Override
            public int width() {
                return w;
            }

            @Override
            public void load(ImageItem item, FloatBuffer dst, int offset) {
                FloatBuffer d = dst.duplicate();
                d.position(offset);
                d.put(array.data(), item.index() * size, size);
            }
        };
    }
}
