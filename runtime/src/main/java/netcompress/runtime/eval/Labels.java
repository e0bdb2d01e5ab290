package netcompress.runtime.eval;

import netcompress.errors.BadInputException;
import netcompress.runtime.loading.ImageItem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * True labels for an unlabeled test folder, from a labels file: either a CSV with a header and
 * {@code Id,Category} rows (the submission format, Id as in DatasetFolder order), or one class index
 * per line in that order.
 */
public final class Labels {
    private Labels() {
    }

    public static int[] read(Path file, List<ImageItem> items) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read labels (" + e.getMessage() + ")");
        }
        if (lines.isEmpty()) {
            throw new BadInputException(file + ": labels file is empty");
        }
        int[] labels = new int[items.size()];
        boolean csv = lines.get(0).contains(",");
        if (csv) {
            Map<Integer, Integer> byId = new HashMap<>();
            for (int i = 1; i < lines.size(); i++) {
                String[] parts = lines.get(i).split(",");
                if (parts.length < 2) {
                    throw new BadInputException(file + ": line " + (i + 1) + " is not 'Id,Category': " + lines.get(i));
                }
                byId.put(parseInt(parts[0], file, i), parseInt(parts[1], file, i));
            }
            for (int i = 0; i < items.size(); i++) {
                Integer l = byId.get(items.get(i).index());
                if (l == null) {
                    throw new BadInputException(file + ": no label for Id " + items.get(i).index() + " (" + items.get(i).path() + ")");
                }
                labels[i] = l;
            }
        } else {
            if (lines.size() != items.size()) {
                throw new BadInputException(file + ": has " + lines.size() + " labels for " + items.size() + " images");
            }
            for (int i = 0; i < labels.length; i++) {
                labels[i] = parseInt(lines.get(i), file, i);
            }
        }
        return labels;
    }

    private static int parseInt(String s, Path file, int line) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": line " + (line + 1) + ": '" + s.trim() + "' is not a class index");
        }
    }
}
