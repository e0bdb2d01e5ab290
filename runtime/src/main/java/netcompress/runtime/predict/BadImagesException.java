package netcompress.runtime.predict;

import netcompress.errors.BadInputException;
import netcompress.runtime.loading.BadImage;

import java.util.List;

/** Bad images stopped the run before anything was written (exit code 2); the message lists each one. */
public class BadImagesException extends BadInputException {
    private final transient List<BadImage> bad;

    public BadImagesException(String message, List<BadImage> bad) {
        super(message);
        this.bad = List.copyOf(bad);
    }

    public List<BadImage> bad() {
        return bad;
    }
}
