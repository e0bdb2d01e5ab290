package netcompress.cli.commands;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.errors.ExitCode;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.shape.ShapeInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The assignment's parameter count of a model, checked against a budget (exit 1 when over). */
@Command(name = "count", mixinStandardHelpOptions = true,
        description = "Count parameters as torchsummary's Total params; exit 0 within --budget, 1 over it.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:within budget", "1:over budget", "2:bad input", "3:internal error"})
public final class CountCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "ONNX model file.")
    Path model;

    @Option(names = "--budget", defaultValue = "100000", description = "Parameter budget (default ${DEFAULT-VALUE}).")
    long budget;

    @Override
    public Integer call() {
        // parameters need no shapes: an op outside shape inference (Resize, a custom op) costs only its MACs
        ModelProto m = OnnxModels.read(model);
        ParameterReport r = namingTheFile(model, () -> ParameterCount.of(m, ShapeInference.Mode.LENIENT));
        printTotals(r, System.out);
        printRuntimeNotes(m, System.out);
        boolean ok = r.withinBudget(budget);
        System.out.printf("Budget: %,d -> %s%n", budget, ok ? "within budget" : "OVER budget by " + String.format("%,d", r.parameters() - budget));
        return ok ? 0 : ExitCode.BUDGET_OR_BAR.code();
    }

    /** Runs {@code f}; a bad-input error from inside the graph (a weight that does not fit its input) names {@code file}. */
    static <T> T namingTheFile(Path file, Supplier<T> f) {
        try {
            return f.get();
        } catch (BadInputException e) {
            if (e.getMessage() != null && e.getMessage().contains(file.toString())) {
                throw e;
            }
            throw new BadInputException(file + ": " + e.template(), e);
        }
    }

    /** What nothing here can run: custom-domain ops, and an opset newer than ONNX Runtime implements. */
    static void printRuntimeNotes(ModelProto m, PrintStream out) {
        int opset = Ops.opset(m);
        if (opset > Ops.NEWEST_RUNTIME_OPSET) {
            out.printf("Note: opset %d is newer than ONNX Runtime here implements (%d): predict and eval cannot run this model.%n",
                    opset, Ops.NEWEST_RUNTIME_OPSET);
        }
        Set<String> seen = new TreeSet<>();
        for (NodeProto n : m.getGraph().getNodeList()) {
            String why = Ops.isStandard(n) ? null : Ops.unknownReason(n);
            if (why != null && seen.add(why)) {
                out.println("Note: " + why + " (first at node " + GraphIndex.describe(n) + "); ONNX Runtime cannot run it either"
                        + " unless the domain's library is registered.");
            }
        }
    }

    static void printTotals(ParameterReport r, PrintStream out) {
        out.printf("Total params: %,d%n", r.parameters());
        out.printf("Initializer elements (as stored): %,d%n", r.initializerElements());
        out.printf("BN running-stat buffers (not params): %,d%n", r.bnBuffers());
        List<String> unknown = r.layers().stream().filter(l -> l.outputShape() == null).map(ParameterReport.LayerRow::node).toList();
        if (unknown.isEmpty()) {
            out.printf("MACs per image: %,d%n", r.macsPerImage());
        } else {
            out.printf("MACs per image: at least %,d (%d layers of unknown shape not counted, from %s)%n",
                    r.macsPerImage(), unknown.size(), unknown.get(0));
        }
        if (r.batchNormNodes() == 0) {
            out.println("Note: no BatchNormalization nodes. If BN was folded into Conv at export, this counts only the "
                    + "folded conv biases; PyTorch's count of the unfolded model is higher by the BN scale and shift.");
        }
    }
}
