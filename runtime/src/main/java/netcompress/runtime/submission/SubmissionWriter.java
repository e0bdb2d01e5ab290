package netcompress.runtime.submission;

import netcompress.io.AtomicFiles;
import netcompress.runtime.predict.Predictions;

import java.nio.file.Path;

/**
 * The Kaggle file: header {@code Id,Category}, one row per image in Id order (torchvision
 * DatasetFolder order), Category the argmax class index. Bad images left out under skip have no row.
 */
public final class SubmissionWriter {
    private SubmissionWriter() {
    }

    public static String format(Predictions p) {
        StringBuilder sb = new StringBuilder(16 * p.items().size() + 16);
        sb.append("Id,Category\n");
        for (int i = 0; i < p.items().size(); i++) {
            if (p.isGood(i)) {
                sb.append(p.items().get(i).index()).append(',').append(p.predicted(i)).append('\n');
            }
        }
        return sb.toString();
    }

    public static void write(Path file, boolean force, Predictions p) {
        AtomicFiles.writeString(file, force, format(p));
    }
}
