package netcompress.jobs.search;

import ai.onnx.proto.OnnxMl.ModelProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.count.ParameterReport;
import netcompress.trainer.zoo.ModelZoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The candidates of a search: for each zoo family, the widest model that fits the budgets as built (route
 * direct), and the widest at {@link #PRUNE_HEADROOM} times the budgets (route prune, pruned to the budgets after
 * training). Widths are hundredths; a family too large even at its narrowest width is left out with a line saying so.
 */
public final class CandidateGenerator {
    /** How far over the budget a candidate that is pruned afterwards starts. */
    public static final double PRUNE_HEADROOM = 1.25;
    private static final int MIN_WIDTH = 5;     // 0.05
    private static final int MAX_WIDTH = 800;   // 8.00, the zoo's limit

    private CandidateGenerator() {
    }

    /** Every student family of the zoo, both routes. */
    public static List<Candidate> forFamilies(List<String> families, long budget, Long budgetMacs, int channels, int classes, int size,
                                              Consumer<String> log) {
        List<Candidate> out = new ArrayList<>();
        for (String family : families) {
            for (Candidate.Route route : Candidate.Route.values()) {
                double scale = route == Candidate.Route.PRUNE ? PRUNE_HEADROOM : 1.0;
                long params = (long) Math.floor(budget * scale);
                Long macs = budgetMacs == null ? null : (long) Math.floor(budgetMacs * scale);
                Candidate c = widest(family, route, params, macs, channels, classes, size);
                if (c == null) {
                    log.accept(String.format(Locale.ROOT, "search: %s has no width with at most %,d parameters%s (%s): left out", family, params,
                            macs == null ? "" : String.format(Locale.ROOT, " and %,d MACs", macs), route.cliName()));
                } else if (out.stream().noneMatch(o -> o.model().equals(c.model()) && o.route() == c.route())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The user's own list ({@code --candidates}): each model as given, direct when it fits the budgets, prune otherwise. */
    public static List<Candidate> forModels(List<String> models, long budget, Long budgetMacs, int channels, int classes, int size) {
        List<Candidate> out = new ArrayList<>();
        for (String m : models) {
            ParameterReport r = count(m, channels, classes, size);
            boolean fits = r.parameters() <= budget && (budgetMacs == null || r.macsPerImage() <= budgetMacs);
            out.add(new Candidate(ModelZoo.Spec.parse(m).toString(), fits ? Candidate.Route.DIRECT : Candidate.Route.PRUNE, r.parameters(),
                    r.macsPerImage()));
        }
        return out;
    }

    /** The widest model of {@code family} within the limits, by bisection over hundredths (null when even 0.05 is over). */
    static Candidate widest(String family, Candidate.Route route, long params, Long macs, int channels, int classes, int size) {
        int lo = MIN_WIDTH;
        int hi = MAX_WIDTH;
        ParameterReport best = fits(family, lo, params, macs, channels, classes, size);
        if (best == null) {
            return null;
        }
        int bestWidth = lo;
        // parameters grow with width, with small steps where channel counts round: bisect, then take the best fit seen
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            ParameterReport r = fits(family, mid, params, macs, channels, classes, size);
            if (r != null) {
                lo = mid;
                if (r.parameters() >= best.parameters()) {
                    best = r;
                    bestWidth = mid;
                }
            } else {
                hi = mid - 1;
            }
        }
        return new Candidate(ModelZoo.Spec.parse(family + ":" + width(bestWidth)).toString(), route, best.parameters(), best.macsPerImage());
    }

    private static ParameterReport fits(String family, int width, long params, Long macs, int channels, int classes, int size) {
        ParameterReport r;
        try {
            r = count(family + ":" + width(width), channels, classes, size);
        } catch (BadInputException e) {
            return null; // too narrow or too wide to build at this input size
        }
        return r.parameters() <= params && (macs == null || r.macsPerImage() <= macs) ? r : null;
    }

    private static ParameterReport count(String model, int channels, int classes, int size) {
        ModelProto m = ModelZoo.build(model, channels, classes, size, 0);
        return ParameterCount.of(m);
    }

    private static String width(int hundredths) {
        return hundredths % 100 == 0 ? Integer.toString(hundredths / 100) : String.format(Locale.ROOT, "%.2f", hundredths / 100.0)
                .replaceAll("0+$", "");
    }
}
