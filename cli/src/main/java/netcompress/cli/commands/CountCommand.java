package netcompress.cli.commands;

import netcompress.errors.ExitCode;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.shape.ShapeInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

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
        ParameterReport r = ParameterCount.of(OnnxModels.read(model), ShapeInference.Mode.LENIENT);
        printTotals(r, System.out);
        boolean ok = r.withinBudget(budget);
        System.out.printf("Budget: %,d -> %s%n", budget, ok ? "within budget" : "OVER budget by " + String.format("%,d", r.parameters() - budget));
        return ok ? 0 : ExitCode.BUDGET_OR_BAR.code();
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
