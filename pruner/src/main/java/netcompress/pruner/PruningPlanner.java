package netcompress.pruner;

import netcompress.errors.BudgetExceededException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses which channel groups to remove so the parameter count lands at or under the budget and
 * as close under it as the granularity allows.
 *
 * <p>Channel groups that share a tensor form a <em>layer group</em> (a Conv's filters with their BN
 * and consumers; a residual stream; a Concat's parts). Importance is normalized by its mean within
 * the layer group, so layers of different scale compete fairly, and groups are removed from the
 * least important up while the count is over budget, each removal's saving counted exactly by the
 * {@link ParameterLedger}. With {@code roundTo} N, a layer group loses channels N at a time (the
 * first chunk brings it to a multiple of N). Removal then overshoots by at most one chunk; the
 * refill pass puts back the most important removed chunks that still fit under the budget.
 *
 * <p>The budget is a parameter count, a MACs-per-image count, or both ({@link Limits}): a plan must fit
 * every limit given, and aims to land within 1% under at least one of them.
 */
final class PruningPlanner {
    /** The outcome: which channel groups go, and the exact counts after. */
    record Plan(boolean[] removed, long parametersBefore, long parametersAfter, long macsBefore, long macsAfter, int groupsRemoved) {
    }

    /** At most {@code parameters} parameters and {@code macs} MACs per image (Long.MAX_VALUE: no limit). */
    record Limits(long parameters, long macs) {
        static Limits parameters(long budget) {
            return new Limits(budget, Long.MAX_VALUE);
        }

        boolean fits(ParameterLedger l) {
            return l.total() <= parameters && l.macs() <= macs;
        }

        /** Within 1% under a limit that is given (the greedy pass's granularity is one chunk). */
        boolean tight(ParameterLedger l) {
            return parameters != Long.MAX_VALUE && l.total() >= Math.ceil(parameters * 0.99)
                    || macs != Long.MAX_VALUE && l.macs() >= Math.ceil(macs * 0.99);
        }

        String describe() {
            String p = parameters != Long.MAX_VALUE ? String.format("%,d parameters", parameters) : null;
            String m = macs != Long.MAX_VALUE ? String.format("%,d MACs", macs) : null;
            return p != null && m != null ? p + " and " + m : p != null ? p : m;
        }
    }

    private record Chunk(int[] groups, double score, int layerGroup, int ordinal) {
    }

    private PruningPlanner() {
    }

    static Plan plan(ChannelDependencies deps, double[] importance, long budget, int minChannels, int roundTo) {
        return plan(deps, importance, Limits.parameters(budget), minChannels, roundTo);
    }

    static Plan plan(ChannelDependencies deps, double[] importance, Limits budget, int minChannels, int roundTo) {
        ParameterLedger ledger = new ParameterLedger(deps);
        long before = ledger.total();
        long macsBefore = ledger.macs();
        if (budget.fits(ledger)) {
            return new Plan(ledger.removedGroups(), before, before, macsBefore, macsBefore, 0);
        }
        int n = Math.max(1, roundTo);
        int[] layerGroup = layerGroups(deps);
        List<Chunk> chunks = chunks(deps, importance, layerGroup, n);
        chunks.sort(Comparator.comparingDouble(Chunk::score).thenComparingInt(Chunk::layerGroup).thenComparingInt(Chunk::ordinal));

        int[] nextOrdinal = new int[deps.elementCount()];
        boolean[] blocked = new boolean[deps.elementCount()];
        int[] removedChunks = new int[deps.elementCount()];
        List<Chunk> removed = new ArrayList<>();
        for (Chunk c : chunks) {
            if (budget.fits(ledger)) {
                break;
            }
            if (blocked[c.layerGroup()] || c.ordinal() != nextOrdinal[c.layerGroup()]) {
                continue;
            }
            if (!ledger.keepsMinimum(c.groups(), minChannels)) {
                blocked[c.layerGroup()] = true;
                continue;
            }
            ledger.remove(c.groups());
            nextOrdinal[c.layerGroup()]++;
            removedChunks[c.layerGroup()]++;
            removed.add(c);
        }
        if (!budget.fits(ledger)) {
            throw new BudgetExceededException("cannot reach " + budget.describe() + ": with every prunable layer at its minimum ("
                    + "{minChannels} " + Math.max(1, minChannels) + (n > 1 ? ", {roundTo} " + n : "") + ") the model still has "
                    + String.format("%,d parameters and %,d MACs", ledger.total(), ledger.macs())
                    + " (channels reaching the input, the outputs, barriers and protected nodes stay)");
        }
        for (int i = removed.size() - 1; i >= 0; i--) {
            Chunk c = removed.get(i);
            boolean keepsMultiple = n == 1 || c.ordinal() > 0 || removedChunks[c.layerGroup()] == 1;
            if (!keepsMultiple) {
                continue;
            }
            ledger.restore(c.groups());
            if (!budget.fits(ledger)) {
                ledger.remove(c.groups());
            } else {
                removedChunks[c.layerGroup()]--;
            }
        }
        tighten(ledger, chunks, budget, minChannels);
        boolean[] gone = ledger.removedGroups();
        int count = 0;
        for (boolean b : gone) {
            count += b ? 1 : 0;
        }
        return new Plan(gone, before, ledger.total(), macsBefore, ledger.macs(), count);
    }

    /**
     * When the greedy pass leaves the count more than 1% under the budget (channels are coarse in
     * small models: every channel of a layer costs the same), searches small moves between layer
     * groups: put back up to 3 removed chunks of one layer group and take out up to 3 kept chunks of
     * another, each move's count checked exactly. Chunks go back most important first and come out
     * least important first, in the order round-to requires.
     */
    private static void tighten(ParameterLedger ledger, List<Chunk> chunks, Limits budget, int minChannels) {
        for (int round = 0; round < 8 && !budget.tight(ledger); round++) {
            Map<Integer, List<Chunk>> back = new TreeMap<>();
            Map<Integer, List<Chunk>> out = new TreeMap<>();
            for (Chunk c : chunks) {
                (ledger.isRemoved(c.groups()[0]) ? back : out).computeIfAbsent(c.layerGroup(), k -> new ArrayList<>()).add(c);
            }
            back.values().forEach(PruningPlanner::firstChunkLast);
            out.values().forEach(l -> l.sort(Comparator.comparingInt(Chunk::ordinal)));
            if (!move(ledger, back, out, budget, minChannels)) {
                return;
            }
        }
    }

    /** Restorable order: highest ordinal first; the first chunk (ordinal 0) only after all others. */
    private static void firstChunkLast(List<Chunk> l) {
        l.sort(Comparator.comparingInt((Chunk c) -> c.ordinal() == 0 ? 1 : 0).thenComparingInt(c -> -c.ordinal()));
    }

    private static boolean move(ParameterLedger ledger, Map<Integer, List<Chunk>> back, Map<Integer, List<Chunk>> out,
                                Limits budget, int minChannels) {
        for (int size = 1; size <= 6; size++) {
            for (int i = 1; i <= Math.min(3, size); i++) {
                int j = size - i;
                if (j > 3) {
                    continue;
                }
                for (Map.Entry<Integer, List<Chunk>> a : back.entrySet()) {
                    if (a.getValue().size() < i) {
                        continue;
                    }
                    int[] in = groupsOf(a.getValue(), i);
                    ledger.restore(in);
                    if (j == 0) {
                        if (budget.fits(ledger) && budget.tight(ledger)) {
                            return true;
                        }
                    } else if (!budget.fits(ledger)) {
                        for (Map.Entry<Integer, List<Chunk>> b : out.entrySet()) {
                            if (b.getKey().equals(a.getKey()) || b.getValue().size() < j) {
                                continue;
                            }
                            int[] drop = groupsOf(b.getValue(), j);
                            if (ledger.keepsMinimum(drop, minChannels)) {
                                ledger.remove(drop);
                                if (budget.fits(ledger) && budget.tight(ledger)) {
                                    return true;
                                }
                                ledger.restore(drop);
                            }
                        }
                    }
                    ledger.remove(in);
                }
            }
        }
        return false;
    }

    private static int[] groupsOf(List<Chunk> l, int count) {
        return l.subList(0, count).stream().flatMapToInt(c -> Arrays.stream(c.groups())).toArray();
    }

    /** Channel groups that occur in a common tensor belong to one layer group (labelled by its smallest id). */
    static int[] layerGroups(ChannelDependencies deps) {
        ChannelUnion layers = new ChannelUnion();
        for (int i = 0; i < deps.elementCount(); i++) {
            layers.newElement(false);
        }
        for (ChannelMap m : deps.maps()) {
            for (int p = 1; p < m.length(); p++) {
                layers.union(deps.root(m.element(0)), deps.root(m.element(p)));
            }
        }
        int[] label = new int[deps.elementCount()];
        for (int i = 0; i < label.length; i++) {
            label[i] = layers.find(i);
        }
        return label;
    }

    private static List<Chunk> chunks(ChannelDependencies deps, double[] importance, int[] layerGroup, int n) {
        List<List<Integer>> members = new ArrayList<>();
        int[] width = new int[deps.elementCount()];
        for (int i = 0; i < deps.elementCount(); i++) {
            members.add(null);
        }
        for (int g : deps.groups()) {
            int lg = layerGroup[g];
            width[lg]++;
            if (!deps.isPinned(g)) {
                if (members.get(lg) == null) {
                    members.set(lg, new ArrayList<>());
                }
                members.get(lg).add(g);
            }
        }
        List<Chunk> out = new ArrayList<>();
        double[] score = new double[deps.elementCount()];
        for (int lg = 0; lg < members.size(); lg++) {
            List<Integer> m = members.get(lg);
            if (m == null) {
                continue;
            }
            double mean = 0;
            for (int g : m) {
                mean += importance[g];
            }
            mean /= m.size();
            for (int g : m) {
                score[g] = mean > 0 ? importance[g] / mean : 0;
            }
            Integer[] order = m.toArray(new Integer[0]);
            Arrays.sort(order, Comparator.<Integer>comparingDouble(g -> score[g]).thenComparingInt(g -> g));
            int at = 0;
            int ordinal = 0;
            int size = width[lg] % n == 0 ? n : width[lg] % n;
            while (at + size <= order.length) {
                int[] gs = new int[size];
                double s = 0;
                for (int i = 0; i < size; i++) {
                    gs[i] = order[at + i];
                    s += score[gs[i]];
                }
                out.add(new Chunk(gs, s / size, lg, ordinal++));
                at += size;
                size = n;
            }
        }
        return out;
    }
}
