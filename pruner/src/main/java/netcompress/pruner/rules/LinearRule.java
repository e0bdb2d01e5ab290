package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.tensor.Tensors;
import netcompress.pruner.ChannelMap;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

import static netcompress.pruner.ChannelCut.Role.SHIFT;
import static netcompress.pruner.ChannelCut.Role.WEIGHT;
import static netcompress.pruner.ChannelCut.Side.IN;
import static netcompress.pruner.ChannelCut.Side.OUT;

/** Gemm and MatMul by a constant weight: fresh output features, input features read through a weight axis. */
final class LinearRule implements ChannelRule {
    private final boolean gemm;

    private LinearRule(boolean gemm) {
        this.gemm = gemm;
    }

    static LinearRule gemm() {
        return new LinearRule(true);
    }

    static LinearRule matMul() {
        return new LinearRule(false);
    }

    @Override
    public void trace(NodeProto n, int pos, Trace t) throws NotTraceable {
        ChannelMap in = t.requireMap(n, 0);
        long[] w = t.requireFloatConstant(n, 1);
        if (!gemm) {
            if (t.rank(n.getInput(0)) != 2 || w.length != 2 || w[0] != in.length()) {
                throw new NotTraceable("not an [N, features] x [features, out] product with a constant weight");
            }
            ChannelMap out = t.fresh(w[1], false);
            t.cut(pos, 1, 0, in, IN, WEIGHT);
            t.cut(pos, 1, 1, out, OUT, WEIGHT);
            t.setMap(n.getOutput(0), out);
            return;
        }
        if (t.rank(n.getInput(0)) != 2 || Attributes.getInt(n, "transA", 0) != 0) {
            throw new NotTraceable("input A is not an [N, features] matrix");
        }
        int inAxis = Attributes.getInt(n, "transB", 0) != 0 ? 1 : 0;
        int outAxis = 1 - inAxis;
        if (w.length != 2 || w[inAxis] != in.length()) {
            throw new NotTraceable("weight does not match the input features");
        }
        int biasAxis = -1;
        if (t.hasInput(n, 2)) {
            long[] c = t.requireFloatConstant(n, 2);
            long elements = Tensors.elementCount(c, n.getInput(2));
            if (c.length >= 1 && c[c.length - 1] == w[outAxis] && elements == w[outAxis] && w[outAxis] > 1) {
                biasAxis = c.length - 1;
            } else if (elements != 1) {
                throw new NotTraceable("bias C is not one value per output feature");
            }
        }
        ChannelMap out = t.fresh(w[outAxis], false);
        t.cut(pos, 1, inAxis, in, IN, WEIGHT);
        t.cut(pos, 1, outAxis, out, OUT, WEIGHT);
        if (biasAxis >= 0) {
            t.cut(pos, 2, biasAxis, out, OUT, SHIFT);
        }
        t.setMap(n.getOutput(0), out);
    }
}
