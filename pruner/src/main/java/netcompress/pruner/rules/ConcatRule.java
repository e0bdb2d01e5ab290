package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

import java.util.ArrayList;
import java.util.List;

/** Concat on axis 1 lays its inputs' channels side by side; on another axis it unites them. */
final class ConcatRule implements ChannelRule {
    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        int rank = t.rank(n.getOutput(0));
        long axis = Constants.axis(Attributes.getInt(n, "axis", 1), rank);
        List<ChannelMap> ins = new ArrayList<>();
        for (int slot = 0; slot < n.getInputCount(); slot++) {
            ins.add(t.requireMap(n, slot));
        }
        if (axis == 1) {
            int total = 0;
            int unit = ins.get(0).unit();
            for (ChannelMap m : ins) {
                total += m.length();
                unit = m.unit() == unit ? unit : 1;
            }
            int[] e = new int[total];
            int at = 0;
            for (ChannelMap m : ins) {
                System.arraycopy(m.elements(), 0, e, at, m.length());
                at += m.length();
            }
            t.setMap(n.getOutput(0), t.register(e, unit));
            return;
        }
        for (ChannelMap m : ins) {
            if (m.length() != ins.get(0).length()) {
                throw new NotTraceable("inputs differ in channels");
            }
        }
        for (int i = 1; i < ins.size(); i++) {
            t.unite(ins.get(0), ins.get(i));
        }
        t.setMap(n.getOutput(0), ins.get(0));
    }
}
