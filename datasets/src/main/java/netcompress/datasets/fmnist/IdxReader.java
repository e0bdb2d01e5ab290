package netcompress.datasets.fmnist;

import netcompress.errors.BadInputException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, gzip'd or plain: magic {@code 00 00 08 ndim} (8 = unsigned byte), one big-endian
 * int32 per dimension, then the bytes. A file whose data is shorter or longer than its dimensions
 * say is refused, as is one declaring more than {@link #MAX_BYTES}, so a corrupt header cannot make
 * us allocate gigabytes.
 */
public final class IdxReader {
    public static final long MAX_BYTES = 256L << 20;
    static final String INSTALL_HINT = "install the Debian package with: apt-get install dataset-fashion-mnist";

    private IdxReader() {
    }

    public static IdxFile read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return read(in, file.toString());
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file (" + INSTALL_HINT + ")");
        } catch (ZipException e) {
            throw new BadInputException(file + ": corrupt gzip data (" + e.getMessage() + "); " + INSTALL_HINT);
        } catch (EOFException e) {
            throw new BadInputException(file + ": truncated (the file ends early); " + INSTALL_HINT);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    static IdxFile read(InputStream stream, String source) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4 || magic[0] != 0 || magic[1] != 0) {
            throw new BadInputException(source + ": not an IDX file (bad magic; expected 00 00 08 ndim)");
        }
        if (magic[2] != 0x08) {
            throw new BadInputException(source + ": IDX type 0x" + Integer.toHexString(magic[2] & 0xff)
                    + " is not supported (only 0x08, unsigned byte)");
        }
        int ndim = magic[3] & 0xff;
        if (ndim < 1 || ndim > 4) {
            throw new BadInputException(source + ": IDX declares " + ndim + " dimensions (expected 1 to 4)");
        }
        int[] dims = new int[ndim];
        long total = 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new BadInputException(source + ": negative dimension " + dims[i]);
            }
            total *= dims[i];
            if (total > MAX_BYTES) {
                throw new BadInputException(source + ": declares more than " + MAX_BYTES + " bytes of data; corrupt header?");
            }
        }
        byte[] data = new byte[(int) total];
        int read = in.readNBytes(data, 0, data.length);
        if (read < data.length) {
            throw new BadInputException(source + ": truncated: dimensions need " + total + " bytes of data, the file has " + read
                    + "; " + INSTALL_HINT);
        }
        if (in.read() != -1) {
            throw new BadInputException(source + ": has more data than its dimensions say (" + total + " bytes); corrupt?");
        }
        return new IdxFile(source, dims, data);
    }
}
