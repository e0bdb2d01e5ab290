package netcompress.onnx.check;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Structural checks that go beyond what reading a file requires: every input produced, parameter
 * tensors of the right type and size for their layer, Conv weights that match {@code group}, and
 * shapes that infer end to end and agree with the declared outputs. Tools run it on everything they
 * write, so a graph edit that breaks a model is caught before the file exists.
 */
public final class ModelChecker {
    private ModelChecker() {
    }

    /** Every problem found; empty when the model is sound. An op outside the shape inference set is one. */
    public static List<String> problems(ModelProto model) {
        return problems(model, ShapeInference.Mode.STRICT);
    }

    /**
     * With {@link ShapeInference.Mode#LENIENT}, ops outside the shape inference set are accepted and
     * the checks that need a shape they leave unknown are skipped (the rest still run); ONNX Runtime
     * is then the judge of those nodes.
     */
    public static List<String> problems(ModelProto model, ShapeInference.Mode mode) {
        List<String> problems = new ArrayList<>();
        if (model.getOpsetImportCount() == 0) {
            problems.add("no opset import");
        }
        GraphIndex index;
        Map<String, long[]> shapes;
        try {
            index = GraphIndex.of(model.getGraph());
            shapes = ShapeInference.infer(index, null, mode);
        } catch (BadInputException e) {
            problems.add(e.getMessage());
            return problems;
        }
        for (NodeProto n : index.topologicalOrder()) {
            switch (n.getOpType()) {
                case "Conv" -> checkConv(n, index, shapes, problems);
                case "BatchNormalization" -> checkBatchNorm(n, index, shapes, problems);
                case "Gemm" -> checkGemm(n, index, shapes, problems);
                default -> {
                }
            }
        }
        for (ValueInfoProto out : model.getGraph().getOutputList()) {
            long[] inferred = shapes.get(out.getName());
            if (inferred == null || !out.getType().hasTensorType() || !out.getType().getTensorType().hasShape()) {
                continue;
            }
            long[] declared = ShapeInference.inputShape(out, null);
            if (declared.length != inferred.length) {
                problems.add("output '" + out.getName() + "' is declared " + ShapeInference.format(declared) + " but computes " + ShapeInference.format(inferred));
                continue;
            }
            for (int i = 0; i < declared.length; i++) {
                if (declared[i] != ShapeInference.UNKNOWN && inferred[i] != ShapeInference.UNKNOWN && declared[i] != inferred[i]) {
                    problems.add("output '" + out.getName() + "' is declared " + ShapeInference.format(declared) + " but computes " + ShapeInference.format(inferred));
                    break;
                }
            }
        }
        return problems;
    }

    /** Throws a BadInputException naming {@code source} and listing the problems, if any. */
    public static void requireValid(ModelProto model, String source) {
        List<String> p = problems(model);
        if (!p.isEmpty()) {
            throw new BadInputException(source + " fails the model check: " + String.join("; ", p));
        }
    }

    private static void checkConv(NodeProto n, GraphIndex index, Map<String, long[]> shapes, List<String> problems) {
        long[] w = shapes.get(n.getInput(1));
        long group = Attributes.getInt(n, "group", 1);
        long[] x = shapes.get(n.getInput(0));
        requireFloat(n, 1, index, problems);
        if (w == null) {
            return; // only a lenient inference leaves a weight's shape unknown
        }
        if (x != null && w[1] * group != x[1] && x[1] != ShapeInference.UNKNOWN) {
            problems.add("Conv " + GraphIndex.describe(n) + ": weight " + ShapeInference.format(w) + " x group " + group + " != " + x[1] + " input channels");
        }
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            requireFloat(n, 2, index, problems);
            long[] b = shapes.get(n.getInput(2));
            if (b != null && (b.length != 1 || b[0] != w[0])) {
                problems.add("Conv " + GraphIndex.describe(n) + ": bias " + ShapeInference.format(b) + " does not match " + w[0] + " output channels");
            }
        }
    }

    private static void checkBatchNorm(NodeProto n, GraphIndex index, Map<String, long[]> shapes, List<String> problems) {
        long[] x = shapes.get(n.getInput(0));
        long c = x != null && x.length > 1 ? x[1] : ShapeInference.UNKNOWN;
        if (n.getInputCount() != 5) {
            problems.add("BatchNormalization " + GraphIndex.describe(n) + " needs 5 inputs, has " + n.getInputCount());
            return;
        }
        for (int s = 1; s <= 4; s++) {
            requireFloat(n, s, index, problems);
            long[] p = shapes.get(n.getInput(s));
            if (p != null && (p.length != 1 || (c != ShapeInference.UNKNOWN && p[0] != c))) {
                problems.add("BatchNormalization " + GraphIndex.describe(n) + ": input " + s + " is " + ShapeInference.format(p) + ", expected [" + c + "]");
            }
        }
    }

    private static void checkGemm(NodeProto n, GraphIndex index, Map<String, long[]> shapes, List<String> problems) {
        requireFloat(n, 1, index, problems);
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            long[] out = shapes.get(n.getOutput(0));
            long[] b = shapes.get(n.getInput(2));
            if (out == null || b == null) {
                return;
            }
            long elems = 1;
            for (long d : b) {
                elems *= d;
            }
            if (elems != 1 && elems != out[1]) {
                problems.add("Gemm " + GraphIndex.describe(n) + ": bias " + ShapeInference.format(b) + " does not match " + out[1] + " outputs");
            }
        }
    }

    private static void requireFloat(NodeProto n, int slot, GraphIndex index, List<String> problems) {
        TensorProto t = index.constantValue(n.getInput(slot));
        if (t != null && !Tensors.isFloat(t)) {
            problems.add(GraphIndex.describe(n) + ": input " + slot + " '" + t.getName() + "' is " + Tensors.typeName(t.getDataType()) + ", expected FLOAT");
        }
    }
}
