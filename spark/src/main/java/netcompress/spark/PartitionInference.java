package netcompress.spark;

import netcompress.runtime.loading.BadImage;
import netcompress.runtime.loading.ImageItem;
import netcompress.runtime.predict.ModelSet;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.progress.Progress;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Spark task: opens the models once from the broadcast bytes (never from a path the executor would have to
 * see), runs the runtime's {@link Predictor} over its range of images, closes the sessions, and returns one
 * {@link ImageResult} per image in its range.
 */
final class PartitionInference implements FlatMapFunction<Iterator<ImageTask>, ImageResult> {
    private static final long serialVersionUID = 1L;
    /** Injected failures seen in this JVM (local mode runs the tasks here): lets a test tell that a retry happened. */
    private static final AtomicInteger INJECTED = new AtomicInteger();
    /** Tasks inside {@link #call} in this JVM (local mode: the driver's): none may outlive the job that ran it. */
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private final TaskSettings settings;
    private final Broadcast<List<byte[]>> models;

    PartitionInference(TaskSettings settings, Broadcast<List<byte[]>> models) {
        this.settings = settings;
        this.models = models;
    }

    static int injectedFailures() {
        return INJECTED.get();
    }

    static int running() {
        return RUNNING.get();
    }

    @Override
    public Iterator<ImageResult> call(Iterator<ImageTask> tasks) {
        RUNNING.incrementAndGet();
        try {
            return classify(tasks);
        } finally {
            RUNNING.decrementAndGet();
        }
    }

    private Iterator<ImageResult> classify(Iterator<ImageTask> tasks) {
        TaskContext ctx = TaskContext.get();
        if (ctx != null && ctx.partitionId() == settings.failFirstAttemptOf() && ctx.attemptNumber() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected failure of the first attempt of partition " + ctx.partitionId()
                    + " (" + SparkInference.FAIL_FIRST_ATTEMPT_OF + ")");
        }
        List<ImageItem> items = new ArrayList<>();
        tasks.forEachRemaining(t -> items.add(new ImageItem(t.index(), Path.of(t.path()), -1)));
        if (items.isEmpty()) {
            return List.<ImageResult>of().iterator();
        }
        List<String> warnings = new CopyOnWriteArrayList<>();
        Predictions p;
        try (ModelSet set = ModelSet.open(settings.modelPaths(), models.value(), settings.session(), settings.overrides(), warnings::add)) {
            Predictor predictor = new Predictor(set.models(), settings.predictorOptions(), Progress.silent(), warnings::add);
            predictor.setReducedDecode(settings.reducedDecode());
            if (ctx != null) {
                // a killed task (its job failed) stops at the next batch rather than finish its range
                predictor.setBeforeEachBatch(() -> {
                    if (ctx.isInterrupted()) {
                        throw new TaskKilledException("the job this task belongs to was cancelled");
                    }
                });
            }
            p = predictor.run(items);
        }
        Map<Integer, String> bad = new HashMap<>();
        for (BadImage b : p.bad()) {
            bad.put(b.index(), b.reason());
        }
        List<ImageResult> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            int index = items.get(i).index();
            boolean first = i == 0;
            out.add(new ImageResult(index, bad.containsKey(index) ? null : p.logits()[i], bad.get(index),
                    first ? List.copyOf(warnings) : List.of(), first ? p.stats().inferSeconds() : 0));
        }
        return out.iterator();
    }
}
