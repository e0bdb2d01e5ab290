"""Writes ShuffleNetV2 x1.0 (torchvision, 11 classes, random weights, opset 13, BATCH x 3 x SIZE x SIZE input) twice:
as PyTorch exports it (channel shuffle = Reshape -> Transpose -> Reshape) and with every shuffle rewritten as
the Gather on axis 1 the pruner writes after removing channels (here the full permutation, so both files
compute the same logits). Usage: shuffle_forms.py OUT_DIR BATCH SIZE
"""
import sys

import numpy as np
import onnx
import torch
import torchvision
from onnx import helper, numpy_helper


def export(path, batch, size):
    # a fixed batch lets the exporter fold the shuffle's shape arithmetic, so shape inference sees every width
    torch.manual_seed(0)
    m = torchvision.models.shufflenet_v2_x1_0(num_classes=11).eval()
    torch.onnx.export(m, torch.randn(batch, 3, size, size), path, opset_version=13,
                      input_names=["input"], output_names=["logits"])


def as_gathers(model):
    inferred = onnx.shape_inference.infer_shapes(model)
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(inferred.graph.value_info) + list(inferred.graph.input)}
    nodes = list(model.graph.node)
    readers = {}
    for n in nodes:
        for i in n.input:
            readers.setdefault(i, []).append(n)
    drop, replace, inits = set(), {}, []
    for n in nodes:
        if n.op_type != "Reshape" or len(readers.get(n.output[0], [])) != 1:
            continue
        t = readers[n.output[0]][0]
        if t.op_type != "Transpose" or list(t.attribute[0].ints) != [0, 2, 1, 3, 4]:
            continue
        merge = readers[t.output[0]][0]
        groups, per_group = shapes[n.output[0]][1], shapes[n.output[0]][2]
        perm = np.array([i * per_group + j for j in range(per_group) for i in range(groups)], dtype=np.int64)
        name = merge.name + "_shuffle_indices"
        inits.append(numpy_helper.from_array(perm, name))
        drop.update([id(n), id(t)])
        replace[id(merge)] = helper.make_node("Gather", [n.input[0], name], [merge.output[0]], name=merge.name, axis=1)
    graph = model.graph
    kept = [replace.get(id(n), n) for n in nodes if id(n) not in drop]
    del graph.node[:]
    graph.node.extend(kept)
    graph.initializer.extend(inits)
    # the shape arithmetic that only fed the removed Reshapes
    while True:
        read = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
        dead = [n for n in graph.node if not any(o in read for o in n.output)]
        if not dead:
            break
        for n in dead:
            graph.node.remove(n)
    onnx.checker.check_model(model, full_check=True)
    return model, len(replace)


def main(out, batch, size):
    ref = f"{out}/shufflenet_x1_0_reshape.onnx"
    export(ref, batch, size)
    model, n = as_gathers(onnx.load(ref))
    onnx.save(model, f"{out}/shufflenet_x1_0_gather.onnx")
    print(f"{n} shuffles rewritten as Gather", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
