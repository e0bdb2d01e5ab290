"""The PyTorch peer of the runtime benchmark, written the way the assignment's notebook does it.

/usr/bin/python3 reference.py e2e    MODEL.onnx DATA_DIR OUT.csv  -> notebook inference: DatasetFolder + PIL,
                                                                   Resize((142,142)) + ToTensor, DataLoader(128),
                                                                   forward, argmax, predict.csv
/usr/bin/python3 reference.py decode DATA_DIR                     -> the same DataLoader, no model
/usr/bin/python3 reference.py infer  MODEL.onnx                   -> forward passes on ready tensors only
Prints one JSON line. The model is the assignment's StudentNet (or its depthwise variant) rebuilt in
PyTorch; its weights are copied from the ONNX file's initializers (the exporter folded BatchNorm into
the convolutions, which is exactly what eval-mode BatchNorm computes). torch.set_num_threads(2).
"""
import json
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import torchvision.transforms as transforms
from onnx import numpy_helper
from PIL import Image
from torchvision.datasets import DatasetFolder

torch.set_num_threads(2)
BATCH = 128
test_tfm = transforms.Compose([transforms.Resize((142, 142)), transforms.ToTensor()])


def student_net():
    # the assignment's StudentNet, BN folded: Conv(3,32)-ReLU, Conv(32,32)-ReLU, MaxPool,
    # Conv(32,64)-ReLU, MaxPool, Conv(64,100)-ReLU, MaxPool, GAP, Linear(100,11)
    return nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(),
        nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 100, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(100, 11))


def dw_block(cin, cout):
    return [nn.Conv2d(cin, cin, 3, groups=cin), nn.ReLU(), nn.Conv2d(cin, cout, 1), nn.ReLU()]


def student_dw_net():
    # each 3x3 conv after the first replaced by depthwise 3x3 + pointwise 1x1
    return nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(),
        *dw_block(32, 32), nn.MaxPool2d(2),
        *dw_block(32, 64), nn.MaxPool2d(2),
        *dw_block(64, 100), nn.MaxPool2d(2),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(100, 11))


def load(path):
    m = onnx.load(path)
    init = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    tensors = [init[n.input[i]] for n in m.graph.node if n.op_type in ("Conv", "Gemm") for i in (1, 2)]
    depthwise = any(a.name == "group" and a.i > 1 for n in m.graph.node for a in n.attribute)
    model = student_dw_net() if depthwise else student_net()
    params = [p for layer in model if isinstance(layer, (nn.Conv2d, nn.Linear)) for p in (layer.weight, layer.bias)]
    assert len(params) == len(tensors), (len(params), len(tensors))
    with torch.no_grad():
        for p, t in zip(params, tensors):
            assert tuple(p.shape) == t.shape, (p.shape, t.shape)
            p.copy_(torch.from_numpy(t.copy()))
    return model.eval()


def check_fixture(model, path):
    # self-check against the fixtures' PyTorch logits, so the peer runs the very same function as the ONNX file
    import os
    d = os.path.dirname(path)
    name = os.path.basename(path).replace(".onnx", "_logits.npy")
    x = torch.from_numpy(np.load(os.path.join(d, "input_4x3x142x142.npy")))
    with torch.no_grad():
        diff = (model(x) - torch.from_numpy(np.load(os.path.join(d, name)))).abs().max().item()
    assert diff < 1e-4, diff


def loader(data_dir):
    test_set = DatasetFolder(data_dir, loader=lambda x: Image.open(x), extensions="jpg", transform=test_tfm)
    return test_set, torch.utils.data.DataLoader(test_set, batch_size=BATCH, shuffle=False)


def e2e(model_path, data_dir, out):
    model = load(model_path)
    check_fixture(model, model_path)
    t0 = time.perf_counter()
    test_set, test_loader = loader(data_dir)
    prediction = []
    logits = []  # kept for the benchmark's agreement check, not part of the notebook
    with torch.no_grad():
        for data, _ in test_loader:
            test_pred = model(data)
            logits.append(test_pred.numpy())
            prediction += np.argmax(test_pred.cpu().data.numpy(), axis=1).tolist()
    with open(out, "w") as f:
        f.write("Id,Category\n")
        for i, pred in enumerate(prediction):
            f.write(f"{i},{pred}\n")
    secs = time.perf_counter() - t0
    np.save(out.replace(".csv", "_logits.npy"), np.concatenate(logits).astype(np.float32))
    return {"images": len(test_set), "seconds": secs}


def decode(data_dir):
    t0 = time.perf_counter()
    test_set, test_loader = loader(data_dir)
    for data, _ in test_loader:
        pass
    return {"images": len(test_set), "seconds": time.perf_counter() - t0}


def infer(model_path, seconds=8.0):
    model = load(model_path)
    x = torch.rand(BATCH, 3, 142, 142, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        model(x)
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            model(x)
            n += BATCH
    return {"images": n, "seconds": time.perf_counter() - t0}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "e2e":
        r = e2e(sys.argv[2], sys.argv[3], sys.argv[4])
    elif mode == "decode":
        r = decode(sys.argv[2])
    elif mode == "infer":
        r = infer(sys.argv[2])
    else:
        raise SystemExit("mode must be e2e, decode or infer")
    r["images_per_s"] = r["images"] / r["seconds"]
    r["mode"] = mode
    print(json.dumps(r))
