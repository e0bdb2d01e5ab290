package netcompress.runtime.loading;

import java.nio.file.Path;

/** A file that could not be used, and why. */
public record BadImage(int index, Path path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
