package netcompress.runtime.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.quant.QdqQuantizer;
import netcompress.runtime.image.ImagePreprocessor;
import netcompress.runtime.pipeline.Batch;
import netcompress.runtime.pipeline.BatchPipeline;
import netcompress.runtime.pipeline.ImageItem;
import netcompress.runtime.pipeline.SampleLoader;
import netcompress.runtime.session.ModelSession;
import netcompress.runtime.session.SessionSettings;

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

    public record Outcome(QdqQuantizer.Result result, Agreement agreement) {
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

    public static Outcome quantize(ModelProto model, String source, PreprocessSpec spec, List<ImageItem> images, int weightBits,
                                   int decoders, int threads) {
        if (images.isEmpty()) {
            throw new BadInputException(source + ": no calibration images");
        }
        QdqQuantizer.Plan plan = QdqQuantizer.plan(model, source);
        BatchPipeline pipeline = new BatchPipeline(SampleLoader.images(new ImagePreprocessor(spec)), 32, decoders, false);
        int c = spec.channels();
        int h = spec.height();
        int w = spec.width();
        QdqQuantizer.Result result;
        try (Calibrator calibrator = new Calibrator(plan, source, threads)) {
            pipeline.run(images, batch -> {
                checkDecoded(batch);
                calibrator.observe(batch.view(0), batch.count(), c, h, w);
            });
            result = calibrator.quantize(weightBits);
        }
        Agreement agreement = new Agreement();
        SessionSettings cpu = SessionSettings.cpu(threads);
        try (ModelSession fp32 = ModelSession.open(model, source, cpu, s -> { });
             ModelSession int8 = ModelSession.open(result.model(), source + " (int8)", cpu, s -> { })) {
            pipeline.run(images, batch -> agreement.add(fp32.run(batch.view(0), batch.count(), c, h, w),
                    int8.run(batch.view(0), batch.count(), c, h, w), batch.count()));
        }
        return new Outcome(result, agreement);
    }

    private static void checkDecoded(Batch batch) {
        for (int s = 0; s < batch.count(); s++) {
            if (batch.badReason(s) != null) {
                throw new BadInputException(batch.item(s).path() + ": " + batch.badReason(s) + " (calibration images must all decode)");
            }
        }
    }
}
