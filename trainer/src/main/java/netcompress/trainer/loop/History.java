package netcompress.trainer.loop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per-epoch figures, written as CSV after every epoch. */
public final class History {
    public record Row(int epoch, double lr, double trainLoss, double trainAcc, double valLoss, double valAcc, double seconds,
                      double imagesPerSecond, double rssMb, double peakRssMb) {
        double[] values() {
            return new double[] {epoch, lr, trainLoss, trainAcc, valLoss, valAcc, seconds, imagesPerSecond, rssMb, peakRssMb};
        }

        static Row of(double[] v) {
            return new Row((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        }
    }

    public static final String HEADER = "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_s,rss_mb,peak_rss_mb";

    private final List<Row> rows = new ArrayList<>();

    public void add(Row r) {
        rows.add(r);
    }

    public List<Row> rows() {
        return rows;
    }

    public String toCsv() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.1f,%.1f,%.0f,%.0f%n", r.epoch, r.lr, r.trainLoss, r.trainAcc,
                    r.valLoss, r.valAcc, r.seconds, r.imagesPerSecond, r.rssMb, r.peakRssMb));
        }
        return sb.toString();
    }

    public List<double[]> toArrays() {
        return rows.stream().map(Row::values).toList();
    }

    public static History fromArrays(List<double[]> arrays) {
        History h = new History();
        arrays.forEach(a -> h.add(Row.of(a)));
        return h;
    }

    /** Resident and peak resident memory of this process in MB, from /proc (NaN where unavailable). */
    public static double[] memoryMb() {
        double rss = Double.NaN;
        double peak = Double.NaN;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                } else if (line.startsWith("VmHWM:")) {
                    peak = Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux: memory columns stay empty
        }
        return new double[] {rss, peak};
    }
}
