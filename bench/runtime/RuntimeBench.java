import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.runtime.image.ImagePreprocessor;
import netcompress.runtime.loading.BadImagePolicy;
import netcompress.runtime.loading.BatchLoader;
import netcompress.runtime.loading.ImageFolder;
import netcompress.runtime.loading.SampleLoader;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.predict.ModelSet;
import netcompress.runtime.predict.Predictions;
import netcompress.runtime.predict.Predictor;
import netcompress.runtime.progress.Progress;
import netcompress.runtime.session.ModelSession;
import netcompress.runtime.session.SessionSettings;
import netcompress.runtime.submission.SubmissionWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Our side of the runtime benchmark (bench/runtime_bench.sh runs it with the runtime module's classpath):
 *   e2e MODEL DATA OUT.csv [full]  predict as the CLI does: scan, decode, infer, write the CSV
 *   decode DATA                    the decoder pipeline alone, no model
 *   infer MODEL                    our ModelSession vs a bare ORT session loop on ready tensors
 * Prints one JSON line. Threads: 2 for ONNX Runtime, 2 decoder threads (the peer gets 2 torch threads).
 */
public class RuntimeBench {
    static final int THREADS = Integer.getInteger("bench.threads", 2);
    static final int DECODERS = Integer.getInteger("bench.decoders", 2);
    static final int BATCH = Integer.getInteger("bench.batch", 64);

    public static void main(String[] a) throws Exception {
        String json = switch (a[0]) {
            case "e2e" -> e2e(Path.of(a[1]), Path.of(a[2]), Path.of(a[3]), a.length > 4 && a[4].equals("full"));
            case "decode" -> decode(Path.of(a[1]));
            case "infer" -> infer(Path.of(a[1]));
            default -> throw new IllegalArgumentException(a[0]);
        };
        System.out.println(json);
    }

    static String e2e(Path model, Path data, Path out, boolean full) {
        try (ModelSet set = ModelSet.open(List.of(model), SessionSettings.cpu(THREADS), PreprocessOverrides.none(), System.err::println)) {
            long t0 = System.nanoTime();
            ImageFolder folder = ImageFolder.scan(data, false);
            Predictor p = new Predictor(set.models(), new Predictor.Options(BATCH, DECODERS, false, BadImagePolicy.STOP),
                    Progress.silent(), System.err::println);
            p.setReducedDecode(!full);
            Predictions pred = p.run(folder.items());
            SubmissionWriter.write(out, true, pred);
            double secs = (System.nanoTime() - t0) / 1e9;
            netcompress.runtime.submission.LogitsWriter.write(Path.of(out.toString().replace(".csv", "_logits.npy")), true, pred);
            return String.format(Locale.ROOT, "{\"mode\": \"e2e\", \"images\": %d, \"seconds\": %.4f, \"images_per_s\": %.2f, "
                            + "\"infer_seconds\": %.3f, \"wait_seconds\": %.3f}", folder.items().size(), secs,
                    folder.items().size() / secs, pred.stats().inferSeconds(), pred.stats().waitSeconds());
        }
    }

    static String decode(Path data) {
        long t0 = System.nanoTime();
        ImageFolder folder = ImageFolder.scan(data, false);
        BatchLoader pipe = new BatchLoader(SampleLoader.images(new ImagePreprocessor(PreprocessSpec.assignmentDefault())),
                16, DECODERS, false);
        pipe.run(folder.items(), b -> { });
        double secs = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT, "{\"mode\": \"decode\", \"images\": %d, \"seconds\": %.4f, \"images_per_s\": %.2f}",
                folder.items().size(), secs, folder.items().size() / secs);
    }

    static FloatBuffer randomBatch() {
        int n = BATCH * 3 * 142 * 142;
        FloatBuffer fb = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        Random r = new Random(0);
        for (int i = 0; i < n; i++) {
            fb.put(i, r.nextFloat());
        }
        return fb;
    }

    /** Images/s of our session wrapper and of a bare ORT loop, alternating 2 s rounds, best of 3 each. */
    static String infer(Path model) throws Exception {
        FloatBuffer fb = randomBatch();
        byte[] bytes = java.nio.file.Files.readAllBytes(model);
        var proto = netcompress.onnx.io.OnnxModels.parse(bytes, model.toString());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double ours = 0;
        double bare = 0;
        double bareQuiet = 0;
        try (ModelSession s = ModelSession.open(proto, model.toString(), SessionSettings.cpu(THREADS), System.err::println);
             OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession.SessionOptions quiet = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(THREADS);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // the same options as ours (no spinning), to isolate what the wrapper itself costs
            quiet.setIntraOpNumThreads(THREADS);
            quiet.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            quiet.addConfigEntry("session.intra_op.allow_spinning", "0");
            try (OrtSession bareSession = env.createSession(bytes, o);
                 OrtSession quietSession = env.createSession(bytes, quiet);
                 OnnxTensor t = OnnxTensor.createTensor(env, fb, new long[]{BATCH, 3, 142, 142})) {
                String in = bareSession.getInputNames().iterator().next();
                for (int round = 0; round < 4; round++) {
                    double rOurs = timed(() -> s.run(fb, BATCH, 3, 142, 142));
                    double rBare = timed(() -> bareRun(bareSession, in, t));
                    double rQuiet = timed(() -> bareRun(quietSession, in, t));
                    if (round > 0) {
                        ours = Math.max(ours, rOurs);
                        bare = Math.max(bare, rBare);
                        bareQuiet = Math.max(bareQuiet, rQuiet);
                    }
                }
            }
        }
        return String.format(Locale.ROOT, "{\"mode\": \"infer\", \"images_per_s\": %.2f, \"bare_images_per_s\": %.2f, "
                + "\"bare_nospin_images_per_s\": %.2f}", ours, bare, bareQuiet);
    }

    static void bareRun(OrtSession session, String in, OnnxTensor t) throws Exception {
        try (OrtSession.Result res = session.run(Map.of(in, t))) {
            float[] out = new float[BATCH * 11];
            ((OnnxTensor) res.get(0)).getFloatBuffer().get(out);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    static double timed(Step step) throws Exception {
        step.run();
        long t0 = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - t0 < 2_000_000_000L) {
            step.run();
            n += BATCH;
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
