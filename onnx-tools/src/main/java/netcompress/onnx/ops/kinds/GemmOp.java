package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.errors.BadInputException;
import netcompress.onnx.graph.Attributes;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.ShapeNotInferable;
import netcompress.onnx.ops.SlotRole;

import java.util.List;

import static netcompress.onnx.ops.Dims.UNKNOWN;
import static netcompress.onnx.ops.Dims.format;

/** Gemm (PyTorch's Linear: A [N, K] x B^T, plus C) and MatMul by a [K, N] weight. */
public final class GemmOp implements OpKind {
    private final boolean gemm;

    private GemmOp(boolean gemm) {
        this.gemm = gemm;
    }

    public static GemmOp gemm() {
        return new GemmOp(true);
    }

    public static GemmOp matMul() {
        return new GemmOp(false);
    }

    @Override
    public int maxInputs(String opType) {
        return gemm ? 3 : 2;
    }

    @Override
    public List<String> opTypes() {
        return List.of(gemm ? "Gemm" : "MatMul");
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return slot == 1 ? SlotRole.WEIGHT : slot == 2 ? SlotRole.BIAS : SlotRole.DATA;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] a = c.in(0);
        long[] b = c.in(1);
        if (!gemm) {
            if (a.length < 2 || b.length != 2) {
                throw new ShapeNotInferable("MatMul " + c.describe() + " supports [.., K] x [K, N] only");
            }
            if (a[a.length - 1] != UNKNOWN && a[a.length - 1] != b[0]) {
                throw new BadInputException("MatMul " + c.describe() + ": " + a[a.length - 1] + " input features but the weight expects " + b[0]);
            }
            long[] o = Dims.copy(a);
            o[o.length - 1] = b[1];
            return Dims.one(o);
        }
        if (a.length != 2 || b.length != 2) {
            throw new ShapeNotInferable("Gemm " + c.describe() + " needs 2-D inputs, got " + format(a) + " and " + format(b));
        }
        boolean ta = Attributes.getInt(c.node(), "transA", 0) != 0;
        boolean tb = Attributes.getInt(c.node(), "transB", 0) != 0;
        long ka = ta ? a[0] : a[1];
        long kb = tb ? b[1] : b[0];
        if (ka != UNKNOWN && kb != UNKNOWN && ka != kb) {
            throw new BadInputException("Gemm " + c.describe() + ": " + ka + " input features but the weight expects " + kb);
        }
        return Dims.one(new long[] {ta ? a[1] : a[0], tb ? b[0] : b[1]});
    }

    @Override
    public long macs(NodeContext c) {
        long[] out = c.out(0);
        long[] w = c.known(1);
        if (out == null || w == null || w.length != 2) {
            return 0;
        }
        long k = gemm && Attributes.getInt(c.node(), "transB", 0) != 0 ? w[1] : w[0];
        return Dims.elements(out) * k;
    }

    @Override
    public void validate(NodeContext c, List<String> problems) {
        Checks.requireFloat(c, 1, problems);
        if (!gemm || !c.has(2)) {
            return;
        }
        long[] out = c.out(0);
        long[] b = c.known(2);
        if (out == null || b == null) {
            return;
        }
        long elems = Dims.elements(b);
        if (elems != 1 && elems != out[1]) {
            problems.add("Gemm " + c.describe() + ": bias " + format(b) + " does not match " + out[1] + " outputs");
        }
    }
}
