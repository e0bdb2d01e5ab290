package netcompress.runtime.loading;

import netcompress.errors.BadInputException;

import java.util.Locale;

/** What a bad image does to a run ({@code --on-bad-image}). */
public enum BadImagePolicy {
    /** Look at every image, then stop before writing anything, listing each bad file (the default). */
    STOP,
    /** Leave bad images out, write the rest, list the bad ones. */
    SKIP,
    /** Stop at the first bad image. */
    FAIL;

    public static BadImagePolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("{onBadImage} '" + s + "' is not one of stop, skip, fail");
        }
    }
}
