package netcompress.cli.commands;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;
import java.nio.file.Path;

/**
 * {@code --images}: a folder, or a {@code file:} URI of one (as cluster tools write them). Other schemes are refused
 * by name: a Spark run reads the images on its executors from the same path, so the folder must be mounted there.
 */
public final class ImagesLocation implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        int colon = value.indexOf(':');
        // a scheme is letters before "://" or "scheme:/"; anything else (a Windows drive, a plain name) is a path
        if (colon > 1 && value.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*") && value.startsWith("/", colon + 1)) {
            String scheme = value.substring(0, colon);
            if (!scheme.equalsIgnoreCase("file")) {
                throw new TypeConversionException(value + ": the " + scheme + ": scheme is not read here; mount the folder "
                        + "(on every Spark executor too) and give its path");
            }
            try {
                return Path.of(URI.create(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(value + ": not a file URI of a folder (" + e.getMessage() + ")");
            }
        }
        return Path.of(value);
    }
}
