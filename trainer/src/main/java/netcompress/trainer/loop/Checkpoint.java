package netcompress.trainer.loop;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import netcompress.errors.BadInputException;
import netcompress.io.AtomicFiles;
import netcompress.onnx.io.OnnxModels;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue training after a kill, in one file written atomically at the end of
 * each epoch: the graph with its current weights and BN statistics, the optimizer's moment buffers and
 * step count, the history and the best validation score so far, and the settings it was made with
 * (a resume with other settings is refused).
 */
public record Checkpoint(int epochsDone, long optimizerSteps, double bestValAcc, int bestEpoch, Map<String, Object> settings,
                         List<double[]> history, ModelProto model, Map<String, float[][]> optimizerState) {
    private static final String MAGIC = "NCCKPT01";
    private static final ObjectMapper JSON = new ObjectMapper();

    public void write(Path file) {
        AtomicFiles.write(file, true, out -> {
            DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            d.writeUTF(MAGIC);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("epochsDone", epochsDone);
            meta.put("optimizerSteps", optimizerSteps);
            meta.put("bestValAcc", bestValAcc);
            meta.put("bestEpoch", bestEpoch);
            meta.put("settings", settings);
            meta.put("history", history);
            byte[] json = JSON.writeValueAsBytes(meta);
            d.writeInt(json.length);
            d.write(json);
            byte[] m = model.toByteArray();
            d.writeInt(m.length);
            d.write(m);
            d.writeInt(optimizerState.size());
            for (Map.Entry<String, float[][]> e : optimizerState.entrySet()) {
                d.writeUTF(e.getKey());
                d.writeInt(e.getValue().length);
                for (float[] v : e.getValue()) {
                    d.writeInt(v.length);
                    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(v);
                    d.write(b.array());
                }
            }
            d.flush();
        });
    }

    public static Checkpoint read(Path file) {
        try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (!MAGIC.equals(d.readUTF())) {
                throw new BadInputException(file + ": not a netcompress checkpoint");
            }
            byte[] json = new byte[checkedLength(d.readInt(), file)];
            d.readFully(json);
            Map<String, Object> meta = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            byte[] m = new byte[checkedLength(d.readInt(), file)];
            d.readFully(m);
            ModelProto model = OnnxModels.parse(m, file + " (model)");
            int count = d.readInt();
            Map<String, float[][]> state = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = d.readUTF();
                float[][] arrays = new float[d.readInt()][];
                for (int j = 0; j < arrays.length; j++) {
                    byte[] raw = new byte[checkedLength(d.readInt(), file) * 4];
                    d.readFully(raw);
                    arrays[j] = new float[raw.length / 4];
                    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(arrays[j]);
                }
                state.put(name, arrays);
            }
            @SuppressWarnings("unchecked")
            List<List<Number>> hist = (List<List<Number>>) meta.get("history");
            List<double[]> history = hist.stream().map(r -> r.stream().mapToDouble(Number::doubleValue).toArray()).toList();
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) meta.get("settings");
            return new Checkpoint(((Number) meta.get("epochsDone")).intValue(), ((Number) meta.get("optimizerSteps")).longValue(),
                    ((Number) meta.get("bestValAcc")).doubleValue(), ((Number) meta.get("bestEpoch")).intValue(), settings, history, model, state);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such checkpoint");
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException(file + ": unreadable checkpoint (" + e.getMessage() + ")");
        }
    }

    private static int checkedLength(int n, Path file) {
        if (n < 0 || n > (1 << 30)) {
            throw new BadInputException(file + ": corrupt checkpoint (length " + n + ")");
        }
        return n;
    }
}
