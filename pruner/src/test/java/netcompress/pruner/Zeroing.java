package netcompress.pruner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Chooses channel groups to mask and remove in the exactness tests ({@link ChannelMasking} zeroes them). */
final class Zeroing {
    private Zeroing() {
    }

    /** About {@code fraction} of each layer group's prunable channel groups, chosen with {@code seed}, never emptying a tensor. */
    static List<Integer> choose(ChannelDependencies deps, double fraction, long seed) {
        int[] layer = PruningPlanner.layerGroups(deps);
        Map<Integer, List<Integer>> byLayer = new HashMap<>();
        for (int g : deps.prunableGroups()) {
            byLayer.computeIfAbsent(layer[g], k -> new ArrayList<>()).add(g);
        }
        Random r = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        ParameterLedger ledger = new ParameterLedger(deps);
        for (List<Integer> gs : new java.util.TreeMap<>(byLayer).values()) {
            List<Integer> shuffled = new ArrayList<>(gs);
            java.util.Collections.shuffle(shuffled, r);
            int k = Math.max(gs.size() >= 2 ? 1 : 0, (int) Math.floor(fraction * gs.size()));
            for (int g : shuffled.subList(0, k)) {
                int[] one = {g};
                if (ledger.keepsMinimum(one, 1)) {
                    ledger.remove(one);
                    chosen.add(g);
                }
            }
        }
        Set<Integer> unique = new HashSet<>(chosen);
        if (unique.size() != chosen.size()) {
            throw new AssertionError("duplicate choice");
        }
        return chosen;
    }
}
