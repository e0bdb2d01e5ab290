package netcompress.runtime.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.meta.PreprocessSpec;
import netcompress.onnx.shape.ShapeInference;
import netcompress.runtime.session.InputSignature;
import netcompress.runtime.session.ModelSession;
import netcompress.runtime.session.SessionSettings;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/** Reads, validates and opens a classifier, and settles its preprocessing. */
public final class ModelLoader {
    private ModelLoader() {
    }

    public static ClassifierModel load(Path file, SessionSettings settings, PreprocessOverrides overrides, Consumer<String> warnings) {
        return load(OnnxModels.read(file), file, settings, overrides, warnings);
    }

    /** A model already in memory (a Spark executor's copy of the driver's file); {@code file} names it in messages. */
    public static ClassifierModel load(byte[] bytes, Path file, SessionSettings settings, PreprocessOverrides overrides, Consumer<String> warnings) {
        return load(OnnxModels.parse(bytes, file.toString()), file, settings, overrides, warnings);
    }

    private static ClassifierModel load(ModelProto proto, Path file, SessionSettings settings, PreprocessOverrides overrides, Consumer<String> warnings) {
        long params;
        try {
            params = ParameterCount.of(proto, ShapeInference.Mode.LENIENT).parameters();
        } catch (RuntimeException e) {
            // the count needs shape inference over the whole graph; an op it does not know leaves it unknown
            warnings.accept("warning: " + file + ": parameter count unavailable (" + e.getMessage() + ")");
            params = -1;
        }
        ModelSession session = ModelSession.open(proto, file.toString(), settings, warnings);
        try {
            PreprocessSpec spec = resolve(ModelMetadata.preprocess(proto).orElse(null), session.input(), overrides);
            session.input().check(spec, file.toString());
            return new ClassifierModel(file, session, spec, ModelMetadata.classNames(proto), params);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Flags win over the model's metadata; with neither, the model's fixed input size (and channel
     * count) decide, and failing those the assignment's default, Resize((142,142)) + ToTensor.
     */
    public static PreprocessSpec resolve(PreprocessSpec fromMetadata, InputSignature input, PreprocessOverrides o) {
        PreprocessSpec spec = fromMetadata;
        if (spec == null) {
            int channels = input.channels() == 1 ? 1 : 3;
            if (input.height() > 0 && input.width() > 0) {
                spec = PreprocessSpec.of((int) input.height(), (int) input.width(), channels);
            } else {
                PreprocessSpec d = PreprocessSpec.assignmentDefault();
                spec = channels == d.channels() ? d : PreprocessSpec.of(d.height(), d.width(), channels);
            }
        }
        if (o.size() != null) {
            spec = spec.withSize(o.size()[0], o.size()[1]);
        }
        if (o.mean() != null || o.std() != null) {
            float[] mean = o.mean() != null ? expand(o.mean(), spec.channels(), "{mean}") : spec.mean();
            float[] std = o.std() != null ? expand(o.std(), spec.channels(), "{std}") : spec.std();
            spec = spec.withNormalisation(mean, std);
        }
        return spec;
    }

    private static float[] expand(float[] v, int channels, String flag) {
        if (v.length == channels) {
            return v;
        }
        if (v.length == 1) {
            float[] out = new float[channels];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw new BadInputException(flag + " needs 1 or " + channels + " values, got " + v.length);
    }
}
