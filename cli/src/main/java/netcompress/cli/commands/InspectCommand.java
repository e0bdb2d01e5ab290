package netcompress.cli.commands;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.io.OnnxModels;
import netcompress.onnx.meta.ModelMetadata;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.shape.ShapeInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** A torchsummary-like table of an ONNX model: one row per compute node, then the totals. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a torchsummary-like table (node, op, output shape, params, MACs) and totals.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "ONNX model file.")
    Path model;

    @Override
    public Integer call() {
        ModelProto m = OnnxModels.read(model);
        CountCommand.namingTheFile(model, () -> {
            print(m, model.toString(), System.out);
            return null;
        });
        return 0;
    }

    static void print(ModelProto m, String source, PrintStream out) {
        ParameterReport r = ParameterCount.of(m, ShapeInference.Mode.LENIENT);
        String line = "-".repeat(96);
        out.println(source + "  (producer " + (m.getProducerName().isEmpty() ? "?" : m.getProducerName() + " " + m.getProducerVersion())
                + ", opset " + (Ops.opset(m) > 0 ? Ops.opset(m) : "?") + ")");
        out.println(line);
        out.printf("%-36s %-20s %-22s %10s %12s%n", "Node", "Op", "Output shape", "Params", "MACs");
        out.println(line);
        for (ParameterReport.LayerRow row : r.layers()) {
            out.printf("%-36s %-20s %-22s %,10d %,12d%n", clip(row.node(), 36), clip(row.op(), 20),
                    ShapeInference.format(row.outputShape()), row.parameters(), row.macs());
        }
        out.println(line);
        CountCommand.printTotals(r, out);
        CountCommand.printRuntimeNotes(m, out);
        ModelMetadata.preprocess(m).ifPresent(p -> out.println("Preprocessing: " + p));
        ModelMetadata.classNames(m).ifPresent(c -> out.println("Classes: " + String.join(", ", c)));
        printHistory(m, out);
    }

    /** The model's history, one line per step, oldest first. */
    static void printHistory(ModelProto m, PrintStream out) {
        List<Map<String, Object>> history = ModelMetadata.history(m);
        if (history.isEmpty()) {
            return;
        }
        out.println("History:");
        int k = 1;
        for (Map<String, Object> step : history) {
            Object sha = step.get(ModelMetadata.INPUT_SHA256);
            Object env = step.get("environment");
            String when = env instanceof Map<?, ?> e ? " " + e.get("time") + ", netcompress " + e.get("netcompress") : "";
            out.printf("  %d. %s%s%s%n", k++, step.get(ModelMetadata.STEP), sha == null ? "" : " (input sha256 " + String.valueOf(sha).substring(0, 12) + "...)",
                    when);
        }
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
