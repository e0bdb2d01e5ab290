package netcompress.pruner;

import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * A change besides slicing tensors that removing channels requires of a node (a depthwise Conv's
 * group, a channel Slice's bounds, a Split's sizes). The rule that traces the node records it and
 * says how to apply it, so the two live together; the surgeon only calls {@link #apply}.
 */
public interface StructuralEdit {
    /** The node's position in the graph. */
    int node();

    /** The node as it must read once the removed channels are gone. */
    NodeProto apply(NodeProto n, Surgery surgery);
}
