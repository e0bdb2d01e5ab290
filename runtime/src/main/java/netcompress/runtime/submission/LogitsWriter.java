package netcompress.runtime.submission;

import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;
import netcompress.onnx.tensor.Npy;
import netcompress.runtime.predict.Predictions;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Raw logits for ensembling elsewhere: {@code .npy} float32 [images, classes] or {@code .csv}
 * ({@code Id,logit_0,...}). Rows follow Id order; a bad image's row is NaN so rows stay aligned with Ids.
 */
public final class LogitsWriter {
    private LogitsWriter() {
    }

    public static void write(Path file, boolean force, Predictions p) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int n = p.items().size();
        int k = Math.max(p.classes(), 0);
        if (name.endsWith(".npy")) {
            float[] data = new float[n * k];
            for (int i = 0; i < n; i++) {
                if (p.isGood(i)) {
                    System.arraycopy(p.logits()[i], 0, data, i * k, k);
                } else {
                    Arrays.fill(data, i * k, (i + 1) * k, Float.NaN);
                }
            }
            Npy.write(file, force, new long[]{n, k}, data);
        } else if (name.endsWith(".csv")) {
            StringBuilder sb = new StringBuilder("Id");
            for (int c = 0; c < k; c++) {
                sb.append(",logit_").append(c);
            }
            sb.append('\n');
            for (int i = 0; i < n; i++) {
                sb.append(p.items().get(i).index());
                for (int c = 0; c < k; c++) {
                    sb.append(',').append(p.isGood(i) ? Float.toString(p.logits()[i][c]) : "NaN");
                }
                sb.append('\n');
            }
            AtomicFiles.writeString(file, force, sb.toString());
        } else {
            throw new BadInputException("{logits} " + file + ": name must end in .npy or .csv");
        }
    }

    /** Checks the name before any work is done. */
    public static void checkName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npy") && !name.endsWith(".csv")) {
            throw new BadInputException("{logits} " + file + ": name must end in .npy or .csv");
        }
    }
}
