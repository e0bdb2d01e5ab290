package netcompress.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.ByteString;

/** Typed access to node attributes with the ONNX defaults supplied by the caller. */
public final class Attributes {
    private Attributes() {
    }

    public static AttributeProto find(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public static long getInt(NodeProto n, String name, long dflt) {
        AttributeProto a = find(n, name);
        return a == null ? dflt : a.getI();
    }

    public static float getFloat(NodeProto n, String name, float dflt) {
        AttributeProto a = find(n, name);
        return a == null ? dflt : a.getF();
    }

    public static String getString(NodeProto n, String name, String dflt) {
        AttributeProto a = find(n, name);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    /** The ints attribute, or null when absent. */
    public static long[] getInts(NodeProto n, String name) {
        AttributeProto a = find(n, name);
        if (a == null) {
            return null;
        }
        long[] v = new long[a.getIntsCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.getInts(i);
        }
        return v;
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    public static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto floating(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** A copy of the node with attribute {@code attr} set (replacing one of the same name). */
    public static NodeProto with(NodeProto n, AttributeProto attr) {
        NodeProto.Builder b = n.toBuilder().clearAttribute();
        for (AttributeProto a : n.getAttributeList()) {
            if (!a.getName().equals(attr.getName())) {
                b.addAttribute(a);
            }
        }
        return b.addAttribute(attr).build();
    }
}
