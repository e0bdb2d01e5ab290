package netcompress.runtime.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.runtime.image.ImagePreprocessor;
import netcompress.runtime.loading.BatchLoader;
import netcompress.runtime.loading.DecodedBatch;
import netcompress.runtime.loading.ImageItem;
import netcompress.runtime.loading.SampleLoader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Quantizes a classifier with ranges from image files, preprocessed as the model expects, then runs
 * the float and the int8 model on the same images to report their agreement. A calibration image
 * that does not decode stops the run: ranges from a silently shorter sample would be a different model.
 */
public final class FolderCalibration {
    private FolderCalibration() {
    }

    /** A seeded sample of at most {@code max} items, in listing order. */
    public static List<ImageItem> sample(List<ImageItem> items, int max, long seed) {
        if (items.size() <= max) {
            return items;
        }
        List<ImageItem> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(seed));
        List<ImageItem> picked = new ArrayList<>(shuffled.subList(0, max));
        picked.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return picked;
    }

    public static Int8Quantization.Outcome quantize(ModelProto model, String source, PreprocessSpec spec, List<ImageItem> images,
                                                    int weightBits, int decoders, int threads) {
        if (images.isEmpty()) {
            throw new BadInputException(source + ": no calibration images");
        }
        BatchLoader pipeline = new BatchLoader(SampleLoader.images(new ImagePreprocessor(spec)), 32, decoders, false);
        Int8Quantization.BatchSource files = visitor -> pipeline.run(images, batch -> {
            checkDecoded(batch);
            visitor.accept(batch.view(0), batch.count());
        });
        return Int8Quantization.run(model, source, files, spec.channels(), spec.height(), spec.width(), weightBits, threads);
    }

    private static void checkDecoded(DecodedBatch batch) {
        for (int s = 0; s < batch.count(); s++) {
            if (batch.badReason(s) != null) {
                throw new BadInputException(batch.item(s).path() + ": " + batch.badReason(s) + " (calibration images must all decode)");
            }
        }
    }
}
