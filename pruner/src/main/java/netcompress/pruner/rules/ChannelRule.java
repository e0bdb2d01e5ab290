package netcompress.pruner.rules;

import ai.onnx.proto.OnnxMl.NodeProto;
import netcompress.pruner.NotTraceable;
import netcompress.pruner.Trace;

/**
 * How one op kind relates the channels of its inputs and outputs (Torch-Pruning's one pruner per
 * layer kind): {@link #trace} validates the node first, throwing {@link NotTraceable} before it
 * records anything, then records channel maps, couplings, tensor cuts and the structural edits the
 * node needs, each edit knowing how to apply itself.
 */
@FunctionalInterface
public interface ChannelRule {
    void trace(NodeProto n, int position, Trace t) throws NotTraceable;
}
