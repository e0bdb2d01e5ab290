package netcompress.spark;

import netcompress.onnx.io.OnnxModels;
import netcompress.runtime.loading.BadImage;
import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.loading.ImageItem;
import netcompress.runtime.predict.BadImagesException;
import netcompress.runtime.predict.ClusterInference;
import netcompress.runtime.predict.FolderInference;
import netcompress.runtime.predict.ModelSet;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.predict.RunStats;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code predict --spark MASTER}: the images are split into contiguous ranges, one Spark task each; every task
 * opens the models once from broadcast bytes ({@link PartitionInference}), decodes and classifies its range with
 * the runtime's own {@link Predictor}, and returns one {@link ImageResult} per image. The driver puts them back
 * in the folder's order and applies the bad-image policy exactly as {@link Predictor} does, so {@code predict}
 * writes the same files and messages. Results come back through {@code collect}, which keeps one attempt of
 * each task: a task Spark retries can neither duplicate nor drop a row.
 */
public final class SparkInference implements ClusterInference {
    /** Fault injection for tests and drills: the first attempt of this partition throws (-1: never). */
    public static final String FAIL_FIRST_ATTEMPT_OF = "spark.netcompress.failFirstAttemptOfPartition";
    /** How long a failed job's killed tasks get to stop (each stops at its next batch) before Spark is stopped. */
    private static final long TASK_STOP_WAIT_NANOS = 120_000_000_000L;

    @Override
    public FolderInference.Result run(String master, FolderInference.Request request, List<ImageItem> items, Consumer<String> info,
                                      Consumer<String> warnings) {
        List<byte[]> models = new ArrayList<>();
        for (Path m : request.models()) {
            models.add(OnnxModels.readBytes(m));
        }
        // the driver opens the models once as predict does: the same validation, count report and budget check
        List<String> classNames;
        try (ModelSet set = ModelSet.open(request.models(), models, request.session(), request.overrides(), warnings)) {
            if (request.checkBudget()) {
                set.checkBudget(request.budget(), info, warnings);
            }
            classNames = set.models().get(0).classNames().orElse(null);
        }
        long start = System.nanoTime();
        List<ImageResult> results;
        int tasks;
        int threads;
        try (SparkSession spark = session(master)) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            threads = sc.getConf().getInt("spark.task.cpus", 1);
            tasks = Math.max(1, Math.min(items.size(), sc.getConf().getInt("spark.netcompress.partitions", sc.defaultParallelism())));
            Broadcast<List<byte[]>> bytes = sc.broadcast(models);
            PartitionInference task = new PartitionInference(TaskSettings.of(request, threads, sc.getConf().getInt(FAIL_FIRST_ATTEMPT_OF, -1)), bytes);
            List<ImageTask> work = new ArrayList<>(items.size());
            for (ImageItem it : items) {
                work.add(new ImageTask(it.index(), it.path().toString()));
            }
            try {
                results = new ArrayList<>(sc.parallelize(work, tasks).mapPartitions(task).collect());
            } finally {
                awaitNoRunningTasks(spark, warnings);
            }
            bytes.destroy();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new FolderInference.Result(assemble(items, results, request.options().onBadImage(), seconds, tasks, threads, warnings),
                Optional.ofNullable(classNames));
    }

    /** The rows in the folder's order, checked complete and unique, and the bad-image policy applied as Predictor does. */
    static Predictions assemble(List<ImageItem> items, List<ImageResult> results, BadImagePolicy policy, double seconds, int tasks,
                                int threads, Consumer<String> warnings) {
        int n = items.size();
        if (results.size() != n) {
            throw new IllegalStateException("Spark returned " + results.size() + " results for " + n + " images");
        }
        results.sort(Comparator.comparingInt(ImageResult::index));
        float[][] logits = new float[n][];
        List<BadImage> bad = new ArrayList<>();
        int classes = -1;
        double infer = 0;
        // every task opens the models: a warning about them (a CUDA fallback) comes once per task, said once here
        Set<String> said = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            ImageResult r = results.get(i);
            if (r.index() != items.get(i).index()) {
                throw new IllegalStateException("Spark returned image " + r.index() + " where " + items.get(i).index() + " belongs");
            }
            r.warnings().stream().filter(said::add).forEach(warnings);
            infer += r.inferSeconds();
            if (r.badReason() != null) {
                bad.add(new BadImage(r.index(), items.get(i).path(), r.badReason()));
            } else {
                logits[i] = r.logits();
                classes = r.logits().length;
            }
        }
        if (!bad.isEmpty() && policy == BadImagePolicy.FAIL) {
            BadImage first = bad.get(0);
            throw new BadImagesException(Predictor.firstBadImageMessage(first.path(), first.reason()), List.of(first));
        }
        if (!bad.isEmpty() && policy == BadImagePolicy.STOP) {
            throw new BadImagesException(Predictor.badImagesMessage(bad, n), bad);
        }
        return new Predictions(items, logits, classes, List.copyOf(bad),
                new RunStats(n, seconds, infer, 0, "spark (" + tasks + " tasks)", threads));
    }

    /**
     * When a job fails, Spark marks its other tasks killed and returns at once; they go on until they look. A task
     * still inside ONNX Runtime when the JVM exits crashes it (SIGSEGV in ORT's native code, seen in local mode),
     * so the driver waits until the executors report no running task and, in local mode, until no task of this JVM
     * is inside {@link PartitionInference}: the status tracker alone once said none while one still was.
     */
    static void awaitNoRunningTasks(SparkSession spark, Consumer<String> warnings) {
        long deadline = System.nanoTime() + TASK_STOP_WAIT_NANOS;
        while (runningTasks(spark) > 0 || PartitionInference.running() > 0) {
            if (System.nanoTime() > deadline) {
                warnings.accept(Math.max(runningTasks(spark), PartitionInference.running())
                        + " Spark tasks still running after the job ended; stopping Spark anyway");
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int runningTasks(SparkSession spark) {
        int n = 0;
        for (SparkExecutorInfo e : spark.sparkContext().statusTracker().getExecutorInfos()) {
            n += e.numRunningTasks();
        }
        return n;
    }

    private static SparkSession session(String master) {
        SparkConf conf = new SparkConf().setAppName("netcompress predict").setMaster(master)
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            // nothing outside this machine takes part: bind to it, whatever the host name resolves to
            conf.setIfMissing("spark.driver.host", "localhost").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
