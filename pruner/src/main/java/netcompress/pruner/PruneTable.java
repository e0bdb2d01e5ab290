package netcompress.pruner;

import netcompress.onnx.count.ParameterReport;
import netcompress.onnx.count.ParameterReport.LayerRow;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The per-layer table a prune prints: channels and parameters before and after, and the totals. */
public final class PruneTable {
    /** One layer with parameters; channels are its output's axis 1 (-1 when unknown). */
    public record Row(String node, String op, long channelsBefore, long channelsAfter, long paramsBefore, long paramsAfter) {
    }

    private PruneTable() {
    }

    public static List<Row> rows(ParameterReport before, ParameterReport after) {
        Map<String, LayerRow> byName = new HashMap<>();
        after.layers().forEach(r -> byName.put(r.node(), r));
        List<Row> rows = new ArrayList<>();
        for (LayerRow b : before.layers()) {
            if (b.parameters() == 0) {
                continue;
            }
            LayerRow a = byName.get(b.node());
            rows.add(new Row(b.node(), b.op(), channels(b), a == null ? 0 : channels(a), b.parameters(), a == null ? 0 : a.parameters()));
        }
        return rows;
    }

    private static long channels(LayerRow r) {
        long[] s = r.outputShape();
        return s != null && s.length >= 2 ? s[1] : -1;
    }

    public static void print(PruneResult result, PrintStream out) {
        List<Row> rows = rows(result.before(), result.after());
        int width = Math.max(5, rows.stream().mapToInt(r -> r.node().length()).max().orElse(5));
        width = Math.min(width, 60);
        String fmt = "%-" + width + "s  %-18s %16s %22s%n";
        out.printf(fmt, "layer", "op", "channels", "parameters");
        for (Row r : rows) {
            String name = r.node().length() > width ? "..." + r.node().substring(r.node().length() - width + 3) : r.node();
            out.printf(fmt, name, r.op(), r.channelsBefore() + " -> " + r.channelsAfter(),
                    String.format("%,d -> %,d", r.paramsBefore(), r.paramsAfter()));
        }
        out.printf(fmt, "total", "", "", String.format("%,d -> %,d", result.before().parameters(), result.after().parameters()));
        long budget = result.budget();
        long after = result.after().parameters();
        String groups = String.format("%d channel groups removed in %d step%s", result.channelGroupsRemoved(), result.steps().size(),
                result.steps().size() == 1 ? "" : "s");
        if (budget != Long.MAX_VALUE) {
            out.printf("Budget %,d: %,d parameters (%.2f%% of the budget), %s%n", budget, after, 100.0 * after / budget, groups);
        } else {
            out.printf("%,d parameters, %s%n", after, groups);
        }
        long macs = result.after().macsPerImage();
        if (result.budgetMacs() != null) {
            out.printf("MACs budget %,d: %,d -> %,d MACs per image (%.2f%% of the budget)%n", result.budgetMacs(),
                    result.before().macsPerImage(), macs, 100.0 * macs / result.budgetMacs());
        } else {
            out.printf("MACs per image: %,d -> %,d%n", result.before().macsPerImage(), macs);
        }
        if (result.steps().size() > 1) {
            for (int i = 0; i < result.steps().size(); i++) {
                PruneResult.Step s = result.steps().get(i);
                out.printf("  step %d: budget %s: %,d -> %,d parameters, %,d MACs%n", i + 1,
                        s.budget() == Long.MAX_VALUE ? "-" : String.format("%,d", s.budget()), s.parametersBefore(), s.parametersAfter(), s.macsAfter());
            }
        }
        boolean pruned = result.before().parameters() > after || result.before().macsPerImage() > macs;
        if (pruned && !result.withinOnePercent()) {
            out.println("Note: more than 1% under the budget; the remaining channel groups are too large to fit the gap.");
        }
        if (!result.barriers().isEmpty()) {
            out.println("Barriers (channels through these nodes were kept):");
            result.barriers().forEach(b -> out.println("  " + b));
        }
        result.notes().forEach(n -> out.println("Note: " + n));
        if (result.after().batchNormNodes() == 0) {
            out.println("Note: no BatchNormalization nodes: the count has only the folded conv biases, not BN scale and shift.");
        }
    }
}
