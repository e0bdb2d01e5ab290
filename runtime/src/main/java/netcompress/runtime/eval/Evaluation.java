package netcompress.runtime.eval;

import java.util.List;
import java.util.Locale;

/**
 * Accuracy of predictions against true labels.
 *
 * @param confusion rows are true classes, columns predicted classes
 */
public record Evaluation(List<String> classNames, long[][] confusion) {

    public static Evaluation of(int[] truth, int[] predicted, List<String> classNames) {
        int k = classNames.size();
        long[][] m = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("label out of range at " + i + ": " + truth[i] + " / " + predicted[i]);
            }
            m[truth[i]][predicted[i]]++;
        }
        return new Evaluation(List.copyOf(classNames), m);
    }

    public long total() {
        long t = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                t += v;
            }
        }
        return t;
    }

    public long correct() {
        long c = 0;
        for (int i = 0; i < confusion.length; i++) {
            c += confusion[i][i];
        }
        return c;
    }

    public double accuracy() {
        long t = total();
        return t == 0 ? 0 : (double) correct() / t;
    }

    /** Accuracy over the images whose true class is {@code k}; NaN when there are none. */
    public double classAccuracy(int k) {
        long t = 0;
        for (long v : confusion[k]) {
            t += v;
        }
        return t == 0 ? Double.NaN : (double) confusion[k][k] / t;
    }

    /** Accuracy, per-class accuracy and the confusion matrix as text. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "accuracy %.4f (%d/%d)%n", accuracy(), correct(), total()));
        int w = 6;
        for (String n : classNames) {
            w = Math.max(w, n.length() + 1);
        }
        sb.append("per class:\n");
        for (int k = 0; k < classNames.size(); k++) {
            long t = 0;
            for (long v : confusion[k]) {
                t += v;
            }
            double a = classAccuracy(k);
            sb.append(String.format(Locale.ROOT, "  %-" + w + "s %s (%d/%d)%n", classNames.get(k),
                    Double.isNaN(a) ? "   n/a" : String.format(Locale.ROOT, "%.4f", a), confusion[k][k], t));
        }
        sb.append("confusion matrix (rows: true class, columns: predicted):\n");
        sb.append(String.format("%" + w + "s", ""));
        for (String n : classNames) {
            sb.append(String.format("%" + w + "s", n));
        }
        sb.append('\n');
        for (int k = 0; k < classNames.size(); k++) {
            sb.append(String.format("%" + w + "s", classNames.get(k)));
            for (long v : confusion[k]) {
                sb.append(String.format("%" + w + "d", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
