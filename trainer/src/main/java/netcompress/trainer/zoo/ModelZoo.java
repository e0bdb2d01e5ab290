package netcompress.trainer.zoo;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.GraphBuilder;

import java.util.List;
import java.util.Locale;

/**
 * Builds the zoo's networks as ONNX graphs for any class count, input channels and input size.
 * A model is named {@code name} or {@code name:width}, e.g. {@code mbv2:0.5} or {@code resnet18:0.25}.
 */
public final class ModelZoo {
    /** One family of networks. */
    public record Family(String name, String role, String description) {
    }

    public static final List<Family> FAMILIES = List.of(
            new Family("studentnet", "student", "the assignment's reference StudentNet (87,907 parameters at 11 classes, RGB)"),
            new Family("vgg", "student", "plain 3x3 conv-BN-ReLU stages (24-48-96), GAP, Linear"),
            new Family("dwsep", "student", "depthwise-separable (MobileNetV1-style) blocks"),
            new Family("mbv2", "student", "MobileNetV2-style inverted residuals with ReLU6"),
            new Family("ghost", "student", "GhostNet-style bottlenecks (primary + cheap depthwise features, Concat, residual Add)"),
            new Family("resnet18", "teacher", "torchvision ResNet-18 (BasicBlock x [2,2,2,2])"),
            new Family("resnet10", "teacher", "ResNet-10 (BasicBlock x [1,1,1,1])"));

    /** The rows {@code netcompress zoo list} shows. */
    public static final List<String> PRESETS = List.of("studentnet", "vgg", "dwsep", "dwsep:0.5", "mbv2", "mbv2:0.5", "ghost",
            "resnet18", "resnet18:0.5", "resnet18:0.25", "resnet10:0.5");

    private ModelZoo() {
    }

    /** A parsed {@code name[:width]}. */
    public record Spec(String family, double width) {
        public static Spec parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            double width = 1.0;
            int colon = t.indexOf(':');
            if (colon >= 0) {
                try {
                    width = Double.parseDouble(t.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new BadInputException("model '" + text + "': width after ':' must be a number, e.g. mbv2:0.5");
                }
                t = t.substring(0, colon);
            }
            if (!(width > 0 && width <= 8)) {
                throw new BadInputException("model '" + text + "': width must be in (0, 8]");
            }
            String name = t;
            if (FAMILIES.stream().noneMatch(f -> f.name.equals(name))) {
                throw new BadInputException("unknown model '" + text + "'; the zoo has "
                        + FAMILIES.stream().map(Family::name).toList() + " (optionally name:width)");
            }
            return new Spec(name, width);
        }

        @Override
        public String toString() {
            return width == 1.0 ? family : family + ":" + width;
        }
    }

    public static ModelProto build(String spec, int channels, int classes, int size, long seed) {
        return build(Spec.parse(spec), channels, classes, size, seed);
    }

    public static ModelProto build(Spec spec, int channels, int classes, int size, long seed) {
        if (classes < 2 || channels < 1 || channels > 4 || size < 8 || size > 4096) {
            throw new BadInputException("cannot build " + spec + " for " + classes + " classes, " + channels + " channels, size " + size
                    + " (need classes >= 2, 1..4 channels, size 8..4096)");
        }
        GraphBuilder b = new GraphBuilder(spec.toString(), seed);
        String x = b.input("input", -1, channels, size, size);
        double w = spec.width();
        try {
            switch (spec.family()) {
                case "studentnet" -> Architectures.studentNet(b, x, classes, w);
                case "vgg" -> Architectures.vgg(b, x, classes, w, size);
                case "dwsep" -> Architectures.dwsep(b, x, classes, w, size);
                case "mbv2" -> Architectures.mobileNetV2(b, x, classes, w, size);
                case "ghost" -> Architectures.ghostNet(b, x, classes, w, size);
                case "resnet18" -> Architectures.resNet(b, x, classes, w, size, new int[] {2, 2, 2, 2});
                case "resnet10" -> Architectures.resNet(b, x, classes, w, size, new int[] {1, 1, 1, 1});
                default -> throw new IllegalStateException(spec.family());
            }
        } catch (BadInputException | IllegalArgumentException e) {
            throw new BadInputException("cannot build " + spec + " at input size " + size + ": " + e.getMessage());
        }
        return b.build();
    }
}
