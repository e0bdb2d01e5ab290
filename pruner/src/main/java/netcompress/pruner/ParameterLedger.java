package netcompress.pruner;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.graph.GraphIndex;
import netcompress.onnx.ops.Ops;
import netcompress.onnx.shape.ShapeInference;
import netcompress.onnx.tensor.Tensors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter count of the model as channel groups are removed, exact at every step: the same
 * rule as {@code ParameterCount} (every float initializer per layer input slot, through Identity;
 * not BN running statistics, not Clip bounds), with each cut axis sized by the channels its map
 * still holds. Removing a group updates only the slots its channels touch.
 *
 * <p>It keeps the MACs per image the same way: a Conv's, Gemm's or MatMul's MACs are its weight's elements times
 * a factor fixed by shapes that channel cuts never change (the output's H x W for a Conv, the rows for a Gemm),
 * so each weight slot carries that factor ({@code ParameterCount.macs} of its node over its elements at the
 * start); MACs of nodes without a weight initializer stay as they are.
 */
final class ParameterLedger {
    private final ChannelDependencies deps;
    private final List<long[]> slotDims = new ArrayList<>();
    private final List<ChannelMap[]> slotAxisMaps = new ArrayList<>();
    private final long[] slotElements;
    private final List<Double> slotMacsFactor = new ArrayList<>();
    private double macs;
    private final int[] kept;
    private final int[][] mapSlots;
    private final int[][] groupMaps;
    private final int[][] groupOccurrences;
    private final boolean[] removed;
    private long total;
    private final int[] stamp;
    private int stampValue;

    ParameterLedger(ChannelDependencies deps) {
        this.deps = deps;
        GraphIndex index = deps.index();
        Map<Long, List<ChannelCut>> cutsBySlot = new HashMap<>();
        for (ChannelCut c : deps.cuts()) {
            cutsBySlot.computeIfAbsent(c.slotKey(), k -> new ArrayList<>()).add(c);
        }
        List<ChannelMap> maps = deps.maps();
        List<List<Integer>> slotsOfMap = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            slotsOfMap.add(new ArrayList<>());
        }
        ShapeInference atOne = ShapeInference.run(index, 1L, ShapeInference.Mode.LENIENT);
        for (int pos = 0; pos < index.graph().getNodeCount(); pos++) {
            NodeProto n = index.graph().getNode(pos);
            if (Ops.isIdentity(n) || Ops.isConstant(n)) {
                continue;
            }
            long nodeMacs = ParameterCount.macs(n, atOne);
            int weightSlot = nodeMacs > 0 ? weightSlot(n, index) : -1;
            if (nodeMacs > 0 && weightSlot < 0) {
                macs += nodeMacs;
            }
            for (int s = 0; s < n.getInputCount(); s++) {
                if (n.getInput(s).isEmpty() || isNotParameter(n, s)) {
                    continue;
                }
                TensorProto t = index.initializer(index.resolveIdentity(n.getInput(s)));
                if (t == null || !Tensors.isFloat(t)) {
                    continue;
                }
                long[] dims = Tensors.dims(t);
                ChannelMap[] axisMaps = new ChannelMap[dims.length];
                for (ChannelCut c : cutsBySlot.getOrDefault(ChannelCut.slotKey(pos, s), List.of())) {
                    axisMaps[c.axis()] = c.map();
                    slotsOfMap.get(c.map().id()).add(slotDims.size());
                }
                slotDims.add(dims);
                slotAxisMaps.add(axisMaps);
                slotMacsFactor.add(s == weightSlot ? (double) nodeMacs / Tensors.elementCount(dims, t.getName()) : 0.0);
            }
        }
        slotElements = new long[slotDims.size()];
        kept = new int[maps.size()];
        mapSlots = new int[maps.size()][];
        for (ChannelMap m : maps) {
            kept[m.id()] = m.length();
            mapSlots[m.id()] = slotsOfMap.get(m.id()).stream().mapToInt(Integer::intValue).toArray();
        }
        for (int s = 0; s < slotElements.length; s++) {
            slotElements[s] = elements(s);
            total += slotElements[s];
            macs += slotElements[s] * slotMacsFactor.get(s);
        }
        int groups = deps.elementCount();
        List<List<int[]>> byGroup = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            byGroup.add(null);
        }
        for (ChannelMap m : maps) {
            for (Map.Entry<Integer, Integer> e : deps.occurrences(m).entrySet()) {
                List<int[]> l = byGroup.get(e.getKey());
                if (l == null) {
                    l = new ArrayList<>(4);
                    byGroup.set(e.getKey(), l);
                }
                l.add(new int[] {m.id(), e.getValue()});
            }
        }
        groupMaps = new int[groups][];
        groupOccurrences = new int[groups][];
        for (int g = 0; g < groups; g++) {
            List<int[]> l = byGroup.get(g);
            int k = l == null ? 0 : l.size();
            groupMaps[g] = new int[k];
            groupOccurrences[g] = new int[k];
            for (int i = 0; i < k; i++) {
                groupMaps[g][i] = l.get(i)[0];
                groupOccurrences[g][i] = l.get(i)[1];
            }
        }
        removed = new boolean[groups];
        stamp = new int[slotElements.length];
    }

    /** The input slot holding the float weight initializer whose size a node's MACs follow, or -1. */
    private static int weightSlot(NodeProto n, GraphIndex index) {
        int slot = Ops.isMatMul(n) && isInitializer(n, 0, index) && !isInitializer(n, 1, index) ? 0 : 1;
        return n.getInputCount() > slot && isInitializer(n, slot, index) ? slot : -1;
    }

    private static boolean isInitializer(NodeProto n, int slot, GraphIndex index) {
        if (n.getInputCount() <= slot || n.getInput(slot).isEmpty()) {
            return false;
        }
        TensorProto t = index.initializer(index.resolveIdentity(n.getInput(slot)));
        return t != null && Tensors.isFloat(t);
    }

    private static boolean isNotParameter(NodeProto n, int slot) {
        return !ParameterCount.isParameterSlot(n, slot);
    }

    private long elements(int s) {
        long[] dims = slotDims.get(s);
        ChannelMap[] maps = slotAxisMaps.get(s);
        long n = 1;
        for (int a = 0; a < dims.length; a++) {
            n *= maps[a] != null ? kept[maps[a].id()] : dims[a];
        }
        return n;
    }

    long total() {
        return total;
    }

    /** MACs per image of the model as it stands. */
    long macs() {
        return Math.round(macs);
    }

    boolean isRemoved(int group) {
        return removed[group];
    }

    boolean[] removedGroups() {
        return removed.clone();
    }

    /** Channels (positions) a map still holds. */
    int kept(ChannelMap m) {
        return kept[m.id()];
    }

    /**
     * True when removing {@code groups} leaves every map at least {@code minChannels} channels (or
     * all it had, when it had fewer), so no tensor ever becomes empty.
     */
    boolean keepsMinimum(int[] groups, int minChannels) {
        Map<Integer, Integer> loss = new HashMap<>();
        for (int g : groups) {
            for (int i = 0; i < groupMaps[g].length; i++) {
                loss.merge(groupMaps[g][i], groupOccurrences[g][i], Integer::sum);
            }
        }
        for (Map.Entry<Integer, Integer> e : loss.entrySet()) {
            ChannelMap m = deps.maps().get(e.getKey());
            long floor = Math.min((long) Math.max(1, minChannels) * m.unit(), m.length());
            if (kept[m.id()] - e.getValue() < floor) {
                return false;
            }
        }
        return true;
    }

    /** Removes channel groups (not already removed) and returns the parameters it saved. */
    long remove(int[] groups) {
        return change(groups, true);
    }

    long restore(int[] groups) {
        return -change(groups, false);
    }

    private long change(int[] groups, boolean remove) {
        long before = total;
        stampValue++;
        List<Integer> touched = new ArrayList<>();
        for (int g : groups) {
            if (removed[g] == remove) {
                throw new IllegalStateException("channel group " + g + " is already " + (remove ? "removed" : "kept"));
            }
            removed[g] = remove;
            for (int i = 0; i < groupMaps[g].length; i++) {
                int m = groupMaps[g][i];
                kept[m] += remove ? -groupOccurrences[g][i] : groupOccurrences[g][i];
                for (int s : mapSlots[m]) {
                    if (stamp[s] != stampValue) {
                        stamp[s] = stampValue;
                        touched.add(s);
                    }
                }
            }
        }
        for (int s : touched) {
            long now = elements(s);
            total += now - slotElements[s];
            macs += (now - slotElements[s]) * slotMacsFactor.get(s);
            slotElements[s] = now;
        }
        return before - total;
    }
}
