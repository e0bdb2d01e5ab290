package netcompress.onnx.ops.kinds;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.onnx.ops.Dims;
import netcompress.onnx.ops.IntValue;
import netcompress.onnx.ops.NodeContext;
import netcompress.onnx.ops.OpKind;
import netcompress.onnx.ops.SlotRole;

import java.util.List;
import java.util.function.LongBinaryOperator;

/**
 * Elementwise ops over broadcast inputs: Add, Sub, Mul, Div, Pow, the variadic Max, Min, Sum, and
 * PRelu (whose second input is its learned slope). Integer Add/Sub/Mul/Div of known values are
 * evaluated, as exporters compute shapes with them ({@code h // 2}).
 */
public final class BroadcastOp implements OpKind {
    private final List<String> ops;

    private BroadcastOp(List<String> ops) {
        this.ops = ops;
    }

    public static BroadcastOp of(String... ops) {
        return new BroadcastOp(List.of(ops));
    }

    @Override
    public int maxInputs(String opType) {
        return 2;
    }

    @Override
    public List<String> opTypes() {
        return ops;
    }

    @Override
    public SlotRole role(NodeProto n, int slot) {
        return n.getOpType().equals("PRelu") && slot == 1 ? SlotRole.WEIGHT : SlotRole.DATA;
    }

    @Override
    public long[][] shapes(NodeContext c) {
        long[] o = c.in(0);
        for (int i = 1; i < c.node().getInputCount(); i++) {
            o = Dims.broadcast(o, c.in(i), c);
        }
        return Dims.one(Dims.copy(o));
    }

    @Override
    public IntValue value(NodeContext c) {
        LongBinaryOperator f = switch (c.node().getOpType()) {
            case "Add" -> Math::addExact;
            case "Sub" -> Math::subtractExact;
            case "Mul" -> Math::multiplyExact;
            case "Div" -> (a, b) -> b == 0 ? IntValue.UNKNOWN : Math.floorDiv(a, b);
            default -> null;
        };
        IntValue a = c.value(0);
        IntValue b = c.node().getInputCount() == 2 ? c.value(1) : null;
        if (f == null || a == null || b == null || (a.size() != b.size() && a.size() != 1 && b.size() != 1)) {
            return null;
        }
        int n = Math.max(a.size(), b.size());
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            long x = a.get(a.size() == 1 ? 0 : i);
            long y = b.get(b.size() == 1 ? 0 : i);
            v[i] = x == IntValue.UNKNOWN || y == IntValue.UNKNOWN ? IntValue.UNKNOWN : f.applyAsLong(x, y);
        }
        return IntValue.of(v);
    }
}
