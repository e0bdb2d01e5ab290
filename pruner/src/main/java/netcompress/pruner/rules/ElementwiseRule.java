package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import netcompress.onnx.tensor.Tensors;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

import java.util.ArrayList;
import java.util.List;

import static netcompress.pruner.ChannelCut.Role.SHIFT;
import static netcompress.pruner.ChannelCut.Side.OUT;

/**
 * Add, Sub, Mul, Div, Pow, PRelu, Max, Min, Sum: inputs carrying the output's channels are united;
 * an input with one channel broadcasts over all (a [N,1,H,W] mask); a constant with one value per
 * channel is cut along (PRelu slope, an added per-channel constant). An SE gate [N,C,1,1] carries C
 * channels and is united.
 */
final class ElementwiseRule implements ChannelRule {
    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        long[] os = t.shape(n.getOutput(0));
        if (os == null || os.length < 2) {
            throw new NotTraceable("output is not a feature map");
        }
        long c = os[1];
        List<ChannelMap> carriers = new ArrayList<>();
        List<int[]> constantCuts = new ArrayList<>();
        for (int slot = 0; slot < n.getInputCount(); slot++) {
            String in = n.getInput(slot);
            if (in.isEmpty()) {
                continue;
            }
            TensorProto k = t.constant(in);
            if (k != null) {
                long[] d = Tensors.dims(k);
                int axis = 1 - (os.length - d.length);
                if (axis >= 0 && axis < d.length && d[axis] != 1) {
                    if (d[axis] != c || !Tensors.isFloat(k)) {
                        throw new NotTraceable("constant input " + slot + " does not broadcast per channel");
                    }
                    constantCuts.add(new int[] {slot, axis});
                }
                continue;
            }
            ChannelMap m = t.map(in);
            long[] s = t.shape(in);
            if (m == null || s == null) {
                throw new NotTraceable("input " + slot + " has no traceable channels");
            }
            if (s.length != os.length) {
                throw new NotTraceable("input " + slot + " broadcasts across ranks");
            }
            if (s[1] == c) {
                carriers.add(m);
            } else if (s[1] != 1) {
                throw new NotTraceable("input " + slot + " has " + s[1] + " channels, output " + c);
            }
        }
        if (carriers.isEmpty()) {
            throw new NotTraceable("no input carries the output's channels");
        }
        ChannelMap result = carriers.get(0);
        for (int i = 1; i < carriers.size(); i++) {
            t.unite(result, carriers.get(i));
        }
        for (int[] cc : constantCuts) {
            t.cut(pos, cc[0], cc[1], result, OUT, SHIFT);
        }
        t.setMap(n.getOutput(0), result);
    }
}
