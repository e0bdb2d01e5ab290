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

    static double[] of(ChannelDependencies deps, Criterion criterion, long seed, Map<String, float[]> scores, List<String> notes) {
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
            double[] sums = axisSums(v, Tensors.dims(t), c.axis(), squared);
            for (int p = 0; p < sums.length; p++) {
                imp[deps.root(c.map().element(p))] += sums[p];
            }
        }
    }

    /** Sums the given elementwise scores (|w x grad|) over every slice a group owns, in any role (weights, BN scales, biases). */
    private static void taylor(ChannelDependencies deps, Map<String, float[]> scores, double[] imp) {
        int matched = 0;
        for (ChannelCut c : deps.cuts()) {
            NodeProto n = deps.index().graph().getNode(c.node());
            String name = deps.index().resolveIdentity(n.getInput(c.slot()));
            float[] v = scores.get(name);
            TensorProto t = deps.index().initializer(name);
            if (v == null || t == null) {
                continue;
            }
            if (v.length != Tensors.elementCount(t)) {
                throw new IllegalArgumentException("taylor scores for " + name + " have " + v.length + " values, the tensor " + Tensors.elementCount(t));
            }
            matched++;
            double[] sums = axisSums(v, Tensors.dims(t), c.axis(), false);
            for (int p = 0; p < sums.length; p++) {
                imp[deps.root(c.map().element(p))] += sums[p];
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException("taylor scores name none of the model's prunable tensors");
        }
    }

    /** For each index along {@code axis}, the sum of |w| (or w^2) over all other axes. */
    static double[] axisSums(float[] v, long[] dims, int axis, boolean squared) {
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
                    s += squared ? (double) w * w : Math.abs(w);
                }
                sums[k] += s;
            }
        }
        return sums;
    }
}
