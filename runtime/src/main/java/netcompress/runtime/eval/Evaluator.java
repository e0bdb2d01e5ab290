package netcompress.runtime.eval;

import netcompress.errors.BadInputException;
import netcompress.runtime.predict.Predictions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Scores predictions against labels, matching the set's class folders to the model's classes. */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * @param truth         label per image, as an index into {@code setClasses} (or the model's classes when
     *                      {@code setClasses} is empty, as for a labels file)
     * @param setClasses    the labeled set's class folder names in sorted order, or empty
     * @param modelClasses  the model's class names from its metadata, when it has them
     */
    public static Evaluation evaluate(Predictions p, int[] truth, List<String> setClasses, Optional<List<String>> modelClasses) {
        int k = p.classes();
        List<String> names = modelClasses.filter(m -> m.size() == k).orElse(null);
        int[] map = null;
        if (names != null && !setClasses.isEmpty() && names.containsAll(setClasses)) {
            map = setClasses.stream().mapToInt(names::indexOf).toArray();
        }
        if (map == null && !setClasses.isEmpty() && allIndices(setClasses, k)) {
            // folders named by class number ("00".."10" in food-11, "3" for class 3) keep that number
            map = setClasses.stream().mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        }
        if (names == null) {
            names = setClasses.size() == k && map == null ? setClasses : numbered(k);
        }
        int good = 0;
        for (int i = 0; i < truth.length; i++) {
            if (p.isGood(i)) {
                good++;
            }
        }
        int[] t = new int[good];
        int[] pred = new int[good];
        for (int i = 0, j = 0; i < truth.length; i++) {
            if (!p.isGood(i)) {
                continue;
            }
            int label = map != null ? map[truth[i]] : truth[i];
            if (label >= k) {
                String what = setClasses.isEmpty() ? "label " + truth[i] : "class folder '" + setClasses.get(truth[i]) + "' (index " + truth[i] + ")";
                throw new BadInputException(p.items().get(i).path() + ": " + what + " is beyond the model's " + k + " classes");
            }
            t[j] = label;
            pred[j] = p.predicted(i);
            j++;
        }
        return Evaluation.of(t, pred, names);
    }

    private static boolean allIndices(List<String> names, int k) {
        for (String s : names) {
            if (!s.trim().matches("\\d{1,6}") || Integer.parseInt(s.trim()) >= k) {
                return false;
            }
        }
        return true;
    }

    private static List<String> numbered(int k) {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            n.add(Integer.toString(i));
        }
        return n;
    }
}
