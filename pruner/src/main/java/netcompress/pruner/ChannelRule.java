package netcompress.pruner;

import ai.onnx.proto.OnnxMl.NodeProto;

/** How one op relates the channels of its inputs and outputs (one entry of {@link ChannelRules}). */
@FunctionalInterface
interface ChannelRule {
    void apply(NodeProto n, int position, Trace t) throws NotTraceable;
}
