package netcompress.onnx.check;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.shape.ShapeInference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Structural checks that go beyond what reading a file requires: every input produced, parameter
 * tensors of the right type and size for their layer (each op kind's own validation), an opset
 * ONNX Runtime implements, and
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
        int opset = Ops.opset(model);
        if (opset > Ops.NEWEST_RUNTIME_OPSET) {
            problems.add("opset " + opset + " is newer than ONNX Runtime here supports (" + Ops.NEWEST_RUNTIME_OPSET + ")");
        }
        GraphIndex index;
        ShapeInference inference;
        try {
            index = GraphIndex.of(model.getGraph());
            inference = ShapeInference.run(index, (Long) null, mode);
        } catch (BadInputException e) {
            problems.add(e.getMessage());
            return problems;
        }
        Map<String, long[]> shapes = inference.shapes();
        for (NodeProto n : index.topologicalOrder()) {
            OpKind kind = Ops.of(n);
            if (kind != null) {
                kind.validate(inference.context(n), problems);
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
}
