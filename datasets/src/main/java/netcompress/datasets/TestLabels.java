package netcompress.datasets;

import netcompress.errors.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The test split's answers in the Kaggle submission format, {@code Id,Category}, where Id is the
 * image's index in sorted file order of the test folder (what torchvision's DatasetFolder yields),
 * so a submission can be scored by comparing the two files line by line.
 */
public final class TestLabels {
    public static final String HEADER = "Id,Category";

    private TestLabels() {
    }

    public static String format(int[] labels) {
        StringBuilder sb = new StringBuilder(labels.length * 8).append(HEADER).append('\n');
        for (int i = 0; i < labels.length; i++) {
            sb.append(i).append(',').append(labels[i]).append('\n');
        }
        return sb.toString();
    }

    public static void write(Path file, int[] labels) {
        try {
            Files.writeString(file, format(labels), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an {@code Id,Category} file; Ids must run 0, 1, 2, ... */
    public static int[] read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new BadInputException(file + ": expected the header '" + HEADER + "'");
        }
        List<String> rows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
        int[] labels = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String[] parts = rows.get(i).strip().split(",");
            try {
                if (parts.length != 2 || Integer.parseInt(parts[0]) != i) {
                    throw new NumberFormatException();
                }
                labels[i] = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new BadInputException(file + ": line " + (i + 2) + " should be '" + i + ",<class>', is '" + rows.get(i) + "'");
            }
        }
        return labels;
    }
}
