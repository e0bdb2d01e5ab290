package netcompress.runtime.image;

/**
 * One image file cannot be used. The message is the reason alone ("truncated JPEG: ..."); whoever
 * collects bad files pairs it with the path, so every bad file can be listed before anything is written.
 */
public class BadImageException extends Exception {
    public BadImageException(String reason) {
        super(reason, null, false, false);
    }
}
