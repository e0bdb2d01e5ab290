package netcompress.pruner;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.tensor.Tensors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Raw importance of every channel group: each member slice's magnitude, summed over the group
 * (Torch-Pruning's group importance). The planner normalizes it within connected groups.
 */
final class Importance {
    private Importance() {
    }

    /**
     * @param notes receives a line when the criterion had to fall back for some groups
     * @return importance indexed by group id (entries of non-root elements are unused)
     */
    static double[] of(ChannelDependencies deps, Criterion criterion, long seed, List<String> notes) {
        return of(deps, criterion, seed, null, notes);
    }

    static double[] of(ChannelDependencies deps, Criterion criterion, long seed, Map<String, float[][]> scores, List<String> notes) {
        double[] imp = new double[deps.elementCount()];
        switch (criterion) {
            case L1 -> accumulate(deps, ChannelCut.Role.WEIGHT, false, imp);
            case L2 -> accumulate(deps, ChannelCut.Role.WEIGHT, true, imp);
            case BN_SCALE -> {
                boolean[] hasScale = new boolean[imp.length];
                for (ChannelCut c : deps.cuts()) {
                    if (c.role() == ChannelCut.Role.SCALE) {
                        for (int p = 0; p < c.map().length(); p++) {
                            hasScale[deps.root(c.map().element(p))] = true;
                        }
                    }
                }
                accumulate(deps, ChannelCut.Role.SCALE, false, imp);
                double[] l1 = new double[imp.length];
                accumulate(deps, ChannelCut.Role.WEIGHT, false, l1);
                int fallback = 0;
                for (int g : deps.prunableGroups()) {
                    if (!hasScale[g]) {
                        imp[g] = l1[g];
                        fallback++;
                    }
                }
                if (fallback > 0) {
                    notes.add("bn-scale: " + fallback + " channel groups have no BatchNormalization (folded or absent); they are ranked by l1");
                }
            }
            case TAYLOR -> taylor(deps, scores, imp);
            case RANDOM -> {
                Random r = new Random(seed);
                for (int g : deps.prunableGroups()) {
                    imp[g] = r.nextDouble();
                }
            }
        }
        return imp;
    }

    private static void accumulate(ChannelDependencies deps, ChannelCut.Role role, boolean squared, double[] imp) {
        Map<Long, float[]> data = new HashMap<>();
        for (ChannelCut c : deps.cuts()) {
            if (c.role() != role) {
                continue;
            }
            NodeProto n = deps.index().graph().getNode(c.node());
            TensorProto t = deps.index().constantValue(n.getInput(c.slot()));
            float[] v = data.computeIfAbsent(c.slotKey(), k -> Tensors.floats(t));
            double[] sums = axisSums(v, Tensors.dims(t), c.axis(), squared ? Sum.SQUARED : Sum.ABSOLUTE);
            for (int p = 0; p < sums.length; p++) {
                imp[deps.root(c.map().element(p))] += sums[p];
            }
        }
    }

    /**
     * First-order Taylor at group level (Molchanov et al., 2019): removing a channel group changes the loss by about
     * the sum of w x dL/dw over every slice it owns (filters, consumers' input slices, biases, BN); that estimate is
     * squared per round of images and the squares summed, so rounds where it points either way all count.
     */
    private static void taylor(ChannelDependencies deps, Map<String, float[][]> scores, double[] imp) {
        int matched = 0;
        int rounds = -1;
        double[][] perRound = null;
        for (ChannelCut c : deps.cuts()) {
            NodeProto n = deps.index().graph().getNode(c.node());
            String name = deps.index().resolveIdentity(n.getInput(c.slot()));
            float[][] v = scores.get(name);
            TensorProto t = deps.index().initializer(name);
            if (v == null || t == null) {
                continue;
            }
            if (rounds < 0) {
                rounds = v.length;
                perRound = new double[rounds][imp.length];
            } else if (v.length != rounds) {
                throw new IllegalArgumentException("taylor scores for " + name + " have " + v.length + " rounds, others " + rounds);
            }
            matched++;
            for (int r = 0; r < rounds; r++) {
                if (v[r].length != Tensors.elementCount(t)) {
                    throw new IllegalArgumentException("taylor scores for " + name + " have " + v[r].length + " values, the tensor " + Tensors.elementCount(t));
                }
                double[] sums = axisSums(v[r], Tensors.dims(t), c.axis(), Sum.SIGNED);
                for (int p = 0; p < sums.length; p++) {
                    perRound[r][deps.root(c.map().element(p))] += sums[p];
                }
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException("taylor scores name none of the model's prunable tensors");
        }
        for (double[] round : perRound) {
            for (int g = 0; g < imp.length; g++) {
                imp[g] += round[g] * round[g];
            }
        }
    }

    /** How {@link #axisSums} adds up a slice. */
    enum Sum { ABSOLUTE, SQUARED, SIGNED }

    /** For each index along {@code axis}, the sum of |w|, w^2 or w over all other axes. */
    static double[] axisSums(float[] v, long[] dims, int axis, Sum sum) {
        int len = (int) dims[axis];
        long inner = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            inner *= dims[a];
        }
        double[] sums = new double[len];
        int i = 0;
        while (i < v.length) {
            for (int k = 0; k < len; k++) {
                double s = 0;
                for (long j = 0; j < inner; j++, i++) {
                    float w = v[i];
                    s += sum == Sum.SQUARED ? (double) w * w : sum == Sum.ABSOLUTE ? Math.abs(w) : w;
                }
                sums[k] += s;
            }
        }
        return sums;
    }
}
