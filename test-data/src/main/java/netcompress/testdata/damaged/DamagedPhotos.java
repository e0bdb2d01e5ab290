package netcompress.testdata.damaged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import netcompress.testdata.python.PythonScript;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Three hundred photo-like JPEGs and PNGs, each with one kind of damage (bit flips, random or zeroed spans in
 * the compressed data, truncation in the scan or at the end, header damage, bad checksums, bytes after the
 * end, and clean controls), with the decision PIL makes on each: {@code Image.open(f).convert("RGB")}, the
 * loader the PyTorch pipeline a user compares against uses, and its pixels where it reads the file. Made by
 * {@code damaged_photos.py} with Debian's python3-pil (seeded) on first use, cached under
 * {@code test-data/target/damaged-SEED} (about 30 MB, never in git).
 */
public final class DamagedPhotos {
    /**
     * One damaged file and PIL's decision: its pixels (row-major R, G, B) or its message; for a truncated kind, the
     * pixels PIL gives the file before the cut ({@code original}), else null.
     */
    public record Photo(Path file, String format, String kind, boolean pilReads, String pilError, int width, int height, Path pixels,
                        Path original) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    /** The corpus the tests use; {@code -Dnetcompress.damaged.seed=S} makes another (bench/pil_agreement.sh). */
    public static final int SEED = Integer.getInteger("netcompress.damaged.seed", 22);
    private static final String SCRIPT = "damaged_photos.py";
    private static final long TIMEOUT_MINUTES = 5;

    private static List<Photo> photos;
    private static String unavailable;

    private DamagedPhotos() {
    }

    /** Why a test of the corpus cannot run here (python3-pil missing, outside CI), or null when it can. */
    public static synchronized String skipReason() {
        load();
        return photos != null || PythonScript.required() ? null : "damaged-photo corpus unavailable: " + unavailable;
    }

    /** Every file of the corpus; throws when it cannot be made here. */
    public static synchronized List<Photo> photos() {
        load();
        if (photos == null) {
            throw new IllegalStateException("the damaged-photo corpus is unavailable: " + unavailable);
        }
        return photos;
    }

    /** The folder holding the files (and their .rgb pixels and manifest.json). */
    public static Path dir() {
        return PythonScript.cacheDir("damaged-" + SEED);
    }

    private static void load() {
        if (photos != null || unavailable != null) {
            return;
        }
        Path dir = dir();
        Path manifest = dir.resolve("manifest.json");
        unavailable = current(manifest) ? null
                : PythonScript.run(DamagedPhotos.class, SCRIPT, dir, TIMEOUT_MINUTES, "python3-pil python3-numpy",
                "--out", dir.toString(), "--seed", Integer.toString(SEED));
        if (unavailable == null) {
            try {
                photos = parse(dir, new ObjectMapper().readTree(manifest.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A manifest made by this very script (its SHA-256 inside) with this seed, so an edited script makes a new corpus. */
    private static boolean current(Path manifest) {
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try (InputStream in = DamagedPhotos.class.getResourceAsStream(SCRIPT)) {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            JsonNode made = new ObjectMapper().readTree(manifest.toFile());
            return digest.equals(made.path("script").asText()) && made.path("seed").asInt() == SEED;
        } catch (IOException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Photo> parse(Path dir, JsonNode root) {
        List<Photo> list = new ArrayList<>();
        for (JsonNode e : root.get("files")) {
            boolean reads = e.get("pil").asBoolean();
            list.add(new Photo(dir.resolve(e.get("file").asText()), e.get("format").asText(), e.get("kind").asText(), reads,
                    reads ? null : e.get("error").asText(), reads ? e.get("width").asInt() : 0, reads ? e.get("height").asInt() : 0,
                    reads ? dir.resolve(e.get("pixels").asText()) : null, e.has("original") ? dir.resolve(e.get("original").asText()) : null));
        }
        return List.copyOf(list);
    }
}
