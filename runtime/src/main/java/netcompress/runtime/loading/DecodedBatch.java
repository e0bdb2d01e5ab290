package netcompress.runtime.loading;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * A pooled batch: direct native-order buffers that ONNX Runtime reads in place (one per view:
 * the image, and its mirror image for flip TTA), and which images fill them. Reused batch after batch.
 */
public final class DecodedBatch {
    private final FloatBuffer[] views;
    private final ImageItem[] items;
    private final String[] badReasons;
    private int count;
    private int start;
    private CountDownLatch pending;

    DecodedBatch(int capacity, int tensorSize, int viewCount) {
        views = new FloatBuffer[viewCount];
        for (int v = 0; v < viewCount; v++) {
            views[v] = ByteBuffer.allocateDirect(capacity * tensorSize * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        items = new ImageItem[capacity];
        badReasons = new String[capacity];
    }

    void reset(int start, int count) {
        this.start = start;
        this.count = count;
        Arrays.fill(items, null);
        Arrays.fill(badReasons, null);
        pending = new CountDownLatch(count);
    }

    void set(int slot, ImageItem item) {
        items[slot] = item;
    }

    void markBad(int slot, String reason) {
        badReasons[slot] = reason;
    }

    void done() {
        pending.countDown();
    }

    void await() throws InterruptedException {
        pending.await();
    }

    public int capacity() {
        return items.length;
    }

    /** Images in this batch (the last batch may hold fewer than the capacity). */
    public int count() {
        return count;
    }

    /** Position in the run's image list of the image in slot 0. */
    public int start() {
        return start;
    }

    public FloatBuffer view(int v) {
        return views[v];
    }

    public int viewCount() {
        return views.length;
    }

    public ImageItem item(int slot) {
        return items[slot];
    }

    /** Null when the image in {@code slot} decoded fine. */
    public String badReason(int slot) {
        return badReasons[slot];
    }
}
