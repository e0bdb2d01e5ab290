import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.runtime.image.ImagePreprocessor;
import netcompress.runtime.image.JpegReduction;
import netcompress.runtime.session.ModelSession;
import netcompress.runtime.session.SessionSettings;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decode fidelity (bench/runtime_fidelity.sh): for each JPEG reduction margin (0 = full decode), our resized
 * pixels against PIL's (mean and max absolute difference in levels, share of bytes that differ) and the
 * model's answers against the PyTorch pipeline's, plus the single-thread decode+resize time per image.
 *   FidelityBench OUT SIZE MODEL.onnx MARGIN...
 * Prints one JSON line per margin.
 */
public class FidelityBench {
    public static void main(String[] a) throws Exception {
        Path out = Path.of(a[0]);
        int size = Integer.parseInt(a[1]);
        Path model = Path.of(a[2]);
        Path folder = out.resolve("test/00");
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(folder)) {
            s.sorted().forEach(files::add);
        }
        byte[] pil = Files.readAllBytes(out.resolve("pil_" + size + ".u8"));
        List<String> ref = Files.readAllLines(out.resolve("pil_" + size + ".csv")).subList(1, files.size() + 1);
        int per = size * size * 3;
        PreprocessSpec spec = PreprocessSpec.of(size, size, 3);
        try (ModelSession session = ModelSession.open(OnnxModels.read(model), model.toString(), SessionSettings.cpu(2), System.err::println)) {
            for (int m = 3; m < a.length; m++) {
                double margin = Double.parseDouble(a[m]);
                ImagePreprocessor pre = new ImagePreprocessor(spec);
                pre.setJpegReduction(margin == 0 ? JpegReduction.OFF : new JpegReduction(margin));
                FloatBuffer fb = ByteBuffer.allocateDirect(files.size() * per * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                long absSum = 0;
                long differing = 0;
                int maxDiff = 0;
                long nanos = 0;
                for (int i = 0; i < files.size(); i++) {
                    byte[] bytes = Files.readAllBytes(files.get(i));
                    long t0 = System.nanoTime();
                    ImagePreprocessor.Pixels px = pre.resize(pre.decodeRgb(bytes));
                    nanos += System.nanoTime() - t0;
                    byte[] d = px.data();
                    for (int k = 0; k < per; k += 3) {
                        for (int c = 0; c < 3; c++) {
                            // ours is B, G, R; PIL's R, G, B
                            int diff = Math.abs((d[k + 2 - c] & 0xFF) - (pil[i * per + k + c] & 0xFF));
                            absSum += diff;
                            differing += diff != 0 ? 1 : 0;
                            maxDiff = Math.max(maxDiff, diff);
                        }
                    }
                    pre.write(px, fb, i * per);
                }
                int agree = 0;
                for (int b = 0; b < files.size(); b += 64) {
                    int n = Math.min(64, files.size() - b);
                    float[] logits = session.run(fb.slice(b * per, n * per), n, 3, size, size);
                    int k = logits.length / n;
                    for (int i = 0; i < n; i++) {
                        int best = 0;
                        for (int j = 1; j < k; j++) {
                            if (logits[i * k + j] > logits[i * k + best]) {
                                best = j;
                            }
                        }
                        agree += ref.get(b + i).endsWith("," + best) ? 1 : 0;
                    }
                }
                double values = (double) files.size() * per;
                System.out.printf(Locale.ROOT, "{\"size\": %d, \"margin\": %s, \"images\": %d, \"agreement\": %.4f, \"mean_abs_levels\": %.4f, "
                                + "\"max_abs_levels\": %d, \"bytes_differing\": %.4f, \"decode_ms_per_image\": %.3f}%n",
                        size, a[m], files.size(), agree / (double) files.size(), absSum / values, maxDiff, differing / values,
                        nanos / 1e6 / files.size());
            }
        }
    }
}
