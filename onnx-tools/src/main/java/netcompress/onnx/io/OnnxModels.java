package netcompress.onnx.io;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.tensor.Tensors;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reading and writing ONNX model files. A model is refused (exit code 2, message naming the file)
 * when it is empty, not protobuf, truncated, over the size limit, stores tensors as external data
 * (we never open a path a model names), references a tensor nothing produces, or has a cycle.
 */
public final class OnnxModels {
    /** Default largest model file accepted; override with -Dnetcompress.maxModelBytes. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private OnnxModels() {
    }

    public static long maxBytes() {
        return Long.getLong("netcompress.maxModelBytes", DEFAULT_MAX_BYTES);
    }

    /**
     * Reads and validates the model in {@code file}. The file is mapped, not copied: tensor bytes become views of
     * the page cache, which spares a 45 MB ResNet-18 one copy and the first touches of as much fresh heap (0.2 s
     * of a prune on a VM where those are slow). The file must not be rewritten in place while the model is in use;
     * every writer here replaces files by renaming.
     */
    public static ModelProto read(Path file) {
        checkReadable(file);
        MappedByteBuffer mapped;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(CodedInputStream.newInstance(mapped), mapped.capacity(), file.toString());
    }

    /** The file's bytes, with {@link #read}'s checks and messages (missing, a folder, over the size limit, unreadable). */
    public static byte[] readBytes(Path file) {
        checkReadable(file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Missing, a folder, over the size limit: refused with the file's name before a byte is read. */
    private static void checkReadable(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a folder, expected an .onnx file");
        }
        if (size > maxBytes()) {
            throw new BadInputException(file + ": " + size + " bytes is over the limit of " + maxBytes()
                    + " bytes (raise it with -Dnetcompress.maxModelBytes)");
        }
    }

    /** Parses and validates a model held in memory; {@code source} names it in messages. */
    public static ModelProto parse(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new BadInputException(source + ": file is empty, not an ONNX model");
        }
        if (bytes.length > maxBytes()) {
            throw new BadInputException(source + ": " + bytes.length + " bytes is over the limit of " + maxBytes() + " bytes");
        }
        return parse(CodedInputStream.newInstance(bytes), bytes.length, source);
    }

    private static ModelProto parse(CodedInputStream in, long length, String source) {
        if (length == 0) {
            throw new BadInputException(source + ": file is empty, not an ONNX model");
        }
        ModelProto model;
        try {
            in.setSizeLimit(Integer.MAX_VALUE);
            // tensors' raw_data become views of the file's bytes instead of copies (45 MB for a ResNet-18); nothing
            // writes to those bytes after this
            in.enableAliasing(true);
            model = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(source + ": not a valid ONNX model (truncated or not protobuf: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot parse (" + e.getMessage() + ")");
        }
        try {
            validate(model);
        } catch (BadInputException e) {
            throw new BadInputException(source + ": " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new BadInputException(source + ": tensor dimensions overflow");
        }
        return model;
    }

    /** The structural minimum every reader relies on; {@code ModelChecker} goes further. */
    static void validate(ModelProto model) {
        if (!model.hasGraph() || model.getIrVersion() <= 0) {
            throw new BadInputException("not an ONNX model (no graph or no IR version)");
        }
        GraphProto g = model.getGraph();
        if (g.getNodeCount() == 0 || g.getOutputCount() == 0) {
            throw new BadInputException("not an ONNX model (graph has no nodes or no outputs)");
        }
        for (TensorProto t : g.getInitializerList()) {
            checkTensor(t, "initializer");
        }
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().isEmpty()) {
                throw new BadInputException("a node has no op type");
            }
            var value = Attributes.find(n, "value");
            if (Ops.isConstant(n) && value != null && value.hasT()) {
                checkTensor(value.getT(), "Constant " + GraphIndex.describe(n));
            }
            for (var a : n.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0) {
                    throw new BadInputException("node " + GraphIndex.describe(n) + " has a subgraph; control flow is not supported");
                }
            }
        }
        GraphIndex.of(g);
    }

    private static void checkTensor(TensorProto t, String what) {
        if (Tensors.isExternal(t)) {
            throw new BadInputException(what + " '" + t.getName() + "' stores its data externally; external data is refused "
                    + "(netcompress never opens a path a model names)");
        }
        long n = Tensors.elementCount(t);
        if (t.getDataType() == Tensors.FLOAT) {
            long have = t.getRawData().isEmpty() ? t.getFloatDataCount() : t.getRawData().size() / 4L;
            long rawBytes = t.getRawData().size();
            if (have != n || (!t.getRawData().isEmpty() && rawBytes != n * 4)) {
                throw new BadInputException(what + " '" + t.getName() + "' holds " + have + " floats but its dims need " + n + " (truncated or corrupt)");
            }
        } else if (t.getDataType() == Tensors.INT64) {
            long have = t.getRawData().isEmpty() ? t.getInt64DataCount() : t.getRawData().size() / 8L;
            if (have != n || (!t.getRawData().isEmpty() && t.getRawData().size() != n * 8)) {
                throw new BadInputException(what + " '" + t.getName() + "' holds " + have + " int64 values but its dims need " + n + " (truncated or corrupt)");
            }
        }
    }

    public static byte[] toBytes(ModelProto model) {
        return model.toByteArray();
    }

    /** Writes atomically; refuses to replace an existing file unless {@code force}. */
    public static void write(ModelProto model, Path file, boolean force) {
        AtomicFiles.write(file, force, model::writeTo);
    }
}
