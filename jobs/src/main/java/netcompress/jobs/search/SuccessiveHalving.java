package netcompress.jobs.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Who goes on to the next, longer round: the better half by validation accuracy (ties: fewer parameters, then name). */
final class SuccessiveHalving {
    private SuccessiveHalving() {
    }

    static final Comparator<ProxyResult> BEST_FIRST = Comparator.comparingDouble(ProxyResult::validationAccuracy).reversed()
            .thenComparingLong(ProxyResult::parameters).thenComparing(ProxyResult::id);

    /** The candidates of a round that ran, ranked; the first {@code ceil(n / 2)} of them go on. */
    static List<Candidate> survivors(List<Candidate> round, Map<String, ProxyResult> results) {
        List<ProxyResult> ran = new ArrayList<>();
        for (Candidate c : round) {
            ProxyResult r = results.get(c.id());
            if (r != null) {
                ran.add(r);
            }
        }
        ran.sort(BEST_FIRST);
        int keep = (ran.size() + 1) / 2;
        List<Candidate> next = new ArrayList<>();
        for (ProxyResult r : ran.subList(0, keep)) {
            round.stream().filter(c -> c.id().equals(r.id())).findFirst().ifPresent(next::add);
        }
        return next;
    }
}
