#!/usr/bin/env python3
"""Export a corpus of real PyTorch image classifiers to ONNX for Java tests.

Usage: /usr/bin/python3 export_corpus.py --out DIR [--only NAME,...] [--force]

For every model NAME, DIR receives NAME_opset13.onnx and NAME_opset17.onnx
(python_idioms also NAME_opset11.onnx),
NAME_input.npy (a seeded float32 batch [2,3,64,64]) and NAME_logits.npy
(PyTorch's eval-mode logits for it), and finally one corpus.json listing
every file exported or reused by this run.

Weights are random (nothing may be downloaded), but every BatchNorm2d gets
non-trivial statistics so that a wrong BN fold shows up in the logits. Each
file is written under a temporary name and renamed into place; corpus.json
is removed first and written last, so an interrupted run never leaves a
corpus.json describing files that are missing or stale.

BNs stay BatchNormalization nodes (unfolded) to test our BN fold and count.
"""

import argparse
import functools
import hashlib
import io
import json
import os
import sys
import warnings

import numpy as np
import onnx
import torch
import torchvision
from torch import nn
from torch.nn import functional as F

CLASSES = 11
OPSETS = (13, 17)
# Hand-written idioms are where exporters differ most: three opsets, and
# no constant folding, so Python floats stay DOUBLE constants behind Casts.
IDIOMS = {"opsets": (11, 13, 17), "fold": False}
DEFAULT_EXPORT = {"opsets": OPSETS, "fold": True}
INPUT_SHAPE = (2, 3, 64, 64)
MODEL_SEED = 0
BN_SEED = 1
INPUT_SEED = 2
CORPUS_FILE = "corpus.json"
# Each .onnx file carries its own cache stamp, so DIR needs no extra files.
STAMP_KEY = "netcompress.corpus.stamp"


class GhostModule(nn.Module):
    """Half the channels from a 1x1 conv, half from a cheap depthwise 3x3.

    The primary half is rounded up, so for an odd `oup` the concatenation
    has one channel too many and the trailing Slice really cuts.
    """

    def __init__(self, inp, oup, relu=True):
        super().__init__()
        self.oup = oup
        init = (oup + 1) // 2
        self.primary = nn.Sequential(
            nn.Conv2d(inp, init, 1, bias=False), nn.BatchNorm2d(init),
            nn.ReLU(inplace=True) if relu else nn.Identity())
        self.cheap = nn.Sequential(
            nn.Conv2d(init, init, 3, padding=1, groups=init, bias=False),
            nn.BatchNorm2d(init),
            nn.ReLU(inplace=True) if relu else nn.Identity())

    def forward(self, x):
        x1 = self.primary(x)
        out = torch.cat([x1, self.cheap(x1)], dim=1)
        return out[:, :self.oup]


class SqueezeExcite(nn.Module):
    """Channel gate; x.size() makes the exporter build Reshapes from Shape."""

    def __init__(self, c):
        super().__init__()
        self.avg = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(
            nn.Linear(c, c // 4), nn.ReLU(inplace=True),
            nn.Linear(c // 4, c), nn.Hardsigmoid())

    def forward(self, x):
        b, c, _, _ = x.size()
        y = self.avg(x).view(b, c)
        y = self.fc(y).view(b, c, 1, 1)
        return x * y


class GhostBottleneck(nn.Module):
    """Ghost expand, strided depthwise, SE, linear ghost project, Add."""

    def __init__(self, inp, mid, out, stride, se):
        super().__init__()
        layers = [GhostModule(inp, mid)]
        if stride > 1:
            layers += [
                nn.Conv2d(mid, mid, 3, stride, 1, groups=mid, bias=False),
                nn.BatchNorm2d(mid)]
        if se:
            layers.append(SqueezeExcite(mid))
        # As in GhostNet, no ReLU before the Add: the residual stays linear.
        layers.append(GhostModule(mid, out, relu=False))
        self.body = nn.Sequential(*layers)
        if stride == 1 and inp == out:
            self.shortcut = nn.Identity()
        else:
            self.shortcut = nn.Sequential(
                nn.Conv2d(inp, inp, 3, stride, 1, groups=inp, bias=False),
                nn.BatchNorm2d(inp),
                nn.Conv2d(inp, out, 1, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        return self.body(x) + self.shortcut(x)


class GhostNet(nn.Module):
    """A small GhostNet-style classifier (about 0.2M parameters)."""

    def __init__(self, num_classes):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 24, 3, 2, 1, bias=False), nn.BatchNorm2d(24),
            nn.ReLU(inplace=True))
        # (inp, mid, out, stride, se); odd widths keep every Slice non-trivial.
        self.blocks = nn.Sequential(
            GhostBottleneck(24, 97, 49, 2, False),
            GhostBottleneck(49, 147, 49, 1, True),
            GhostBottleneck(49, 245, 97, 2, True),
            GhostBottleneck(97, 389, 97, 1, True))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(97, num_classes)

    def forward(self, x):
        x = self.pool(self.blocks(self.stem(x)))
        return self.classifier(torch.flatten(x, 1))


class FloatGate(nn.Module):
    """Squeeze-excite as users write it, Python floats and all.

    `clamp(y + 3.0, 0.0, 6.0) / 6.0` exports DOUBLE constants reached through
    Cast (the bounds of Clip at opset 11+); `view(b, -1)` and the gate's
    `view(b, -1, 1, 1)` build Reshape shapes from Shape and Concat.
    """

    def __init__(self, c):
        super().__init__()
        self.reduce = nn.Linear(c, c // 4)
        self.expand = nn.Linear(c // 4, c)

    def forward(self, x):
        b = x.size(0)
        y = F.adaptive_avg_pool2d(x, 1).view(b, -1)
        y = self.expand(F.relu(self.reduce(y)))
        y = torch.clamp(y + 3.0, 0.0, 6.0) / 6.0
        return x * y.view(b, -1, 1, 1)


class HalfSplit(nn.Module):
    """Half the channels through a depthwise conv, split at `x.size(1) // 2`.

    The split point is Shape -> Gather -> Div at run time, so channels cut
    before it move the split: the pruner must keep the halves coupled.
    """

    def __init__(self, c):
        super().__init__()
        self.cheap = nn.Sequential(
            nn.Conv2d(c // 2, c // 2, 3, padding=1, groups=c // 2, bias=False),
            nn.BatchNorm2d(c // 2), nn.ReLU())

    def forward(self, x):
        half = x.size(1) // 2
        return torch.cat([self.cheap(x[:, :half]), x[:, half:]], dim=1)


class HardGate(nn.Module):
    """Squeeze-excite with F.hardsigmoid and a pool to 1 on a dynamic batch."""

    def __init__(self, c):
        super().__init__()
        self.reduce = nn.Conv2d(c, c // 4, 1)
        self.expand = nn.Conv2d(c // 4, c, 1)

    def forward(self, x):
        y = F.adaptive_avg_pool2d(x, 1)
        return x * F.hardsigmoid(self.expand(F.relu(self.reduce(y))))


class PythonIdioms(nn.Module):
    """Idioms PyTorch users write without thinking, in one small network."""

    def __init__(self, num_classes):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(3, 24, 3, 2, 1, bias=False), nn.BatchNorm2d(24),
            nn.ReLU())
        self.conv = nn.Sequential(
            nn.Conv2d(24, 32, 3, 2, 1, bias=False), nn.BatchNorm2d(32),
            nn.ReLU())
        self.split = HalfSplit(32)
        self.float_gate = FloatGate(32)
        self.down = nn.Sequential(
            nn.Conv2d(32, 48, 3, 2, 1, bias=False), nn.BatchNorm2d(48),
            nn.Hardswish())
        self.hard_gate = HardGate(48)
        self.classifier = nn.Linear(48, num_classes)

    def forward(self, x):
        x = self.float_gate(self.split(self.conv(self.stem(x))))
        x = self.hard_gate(self.down(x))
        x = F.adaptive_avg_pool2d(x, 1)
        return self.classifier(torch.flatten(x, 1))


_tv = torchvision.models
MODELS = {
    "densenet": functools.partial(
        _tv.DenseNet, growth_rate=12, block_config=(2, 2, 2),
        num_init_features=16, bn_size=2, num_classes=CLASSES),
    "mobilenet_v2": functools.partial(
        _tv.mobilenet_v2, width_mult=0.35, num_classes=CLASSES),
    "mobilenet_v3_small": functools.partial(
        _tv.mobilenet_v3_small, num_classes=CLASSES),
    "mnasnet": functools.partial(_tv.mnasnet0_5, num_classes=CLASSES),
    "efficientnet_b0": functools.partial(
        _tv.efficientnet_b0, num_classes=CLASSES),
    "shufflenet_v2": functools.partial(
        _tv.shufflenet_v2_x0_5, num_classes=CLASSES),
    "shufflenet_v2_x1_0": functools.partial(
        _tv.shufflenet_v2_x1_0, num_classes=CLASSES),
    "squeezenet": functools.partial(_tv.squeezenet1_1, num_classes=CLASSES),
    "regnet_x_400mf": functools.partial(
        _tv.regnet_x_400mf, num_classes=CLASSES),
    "resnet18": functools.partial(_tv.resnet18, num_classes=CLASSES),
    "ghostnet": functools.partial(GhostNet, CLASSES),
    "python_idioms": functools.partial(PythonIdioms, CLASSES),
}


EXPORT_SETTINGS = {"python_idioms": IDIOMS}


def opsets_of(name):
    return EXPORT_SETTINGS.get(name, DEFAULT_EXPORT)["opsets"]


def folds_constants(name):
    return EXPORT_SETTINGS.get(name, DEFAULT_EXPORT)["fold"]


def randomize_batchnorm(model, seed):
    """Make every BN a visible transform; default BNs fold to a no-op."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5, generator=gen)
                module.bias.normal_(0.0, 0.1, generator=gen)
                module.running_mean.normal_(0.0, 0.1, generator=gen)
                module.running_var.uniform_(0.5, 1.5, generator=gen)


def build_model(name):
    torch.manual_seed(MODEL_SEED)
    model = MODELS[name]()
    randomize_batchnorm(model, BN_SEED)
    return model.eval()


def count_params(model):
    """torchsummary's Total params; BN running stats are buffers, uncounted."""
    return sum(p.numel() for p in model.parameters())


def make_input():
    gen = torch.Generator().manual_seed(INPUT_SEED)
    return torch.randn(INPUT_SHAPE, generator=gen)


def atomic_write(path, data):
    """Write beside `path`, then rename: readers see old or new, never half."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def npy_bytes(array):
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(array, dtype=np.float32))
    return buf.getvalue()


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def script_digest():
    """Any edit to this script (a model, a seed) must invalidate the cache."""
    return sha256_file(os.path.abspath(__file__))


def export_onnx(model, x, opset, fold=True):
    """Export the eval-mode `model` with its BatchNorms kept as nodes.

    TrainingMode.EVAL would fold each BN into the Conv before it; PRESERVE
    skips only that fold and, the model being in eval mode, still emits
    inference BNs (one output, running statistics). Constant folding stays
    on unless `fold` is false, so the Shape arithmetic is that of a usual
    export; its warning about PRESERVE concerns models in training mode,
    not this one.
    """
    assert not model.training, "PRESERVE would export training-mode BNs"
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="It is recommended that constant folding")
        torch.onnx.export(model, x, buf, opset_version=opset,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"},
                                        "logits": {0: "batch"}},
                          training=torch.onnx.TrainingMode.PRESERVE,
                          do_constant_folding=fold)
    return onnx.load_from_string(buf.getvalue())


def check_onnx(proto):
    """full_check adds strict shape inference; failures propagate."""
    onnx.checker.check_model(proto, full_check=True)


def corpus_entry(name, opset, params):
    return {
        "name": name,
        "file": f"{name}_opset{opset}.onnx",
        "opset": opset,
        "params": params,
        "input": list(INPUT_SHAPE),
        "classes": CLASSES,
        "logits": f"{name}_logits.npy",
        "input_file": f"{name}_input.npy",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
    }


def make_stamp(out, entry):
    """What a cached file must match: script, onnx and the .npy bytes."""
    return {
        "script": script_digest(),
        "onnx": onnx.__version__,
        "input_sha256": sha256_file(os.path.join(out, entry["input_file"])),
        "logits_sha256": sha256_file(os.path.join(out, entry["logits"])),
        "entry": entry,
    }


def read_stamp(path):
    proto = onnx.load(path)
    for prop in proto.metadata_props:
        if prop.key == STAMP_KEY:
            return json.loads(prop.value)
    return None


def cached_entries(out, name):
    """Entries of a complete earlier export with equal settings, else None."""
    entries = []
    for opset in opsets_of(name):
        # Only params needs the model built; take it from the stamp.
        entry = corpus_entry(name, opset, params=None)
        paths = [os.path.join(out, entry[key])
                 for key in ("file", "input_file", "logits")]
        if not all(os.path.isfile(p) for p in paths):
            return None
        stamp = read_stamp(paths[0])
        if stamp is None:
            return None
        entry["params"] = stamp["entry"].get("params")
        if stamp != make_stamp(out, entry):
            return None
        entries.append(entry)
    return entries


def export_model(out, name):
    """Export one model at every opset; raises if the export or check fails."""
    model = build_model(name)
    x = make_input()
    with torch.no_grad():
        logits = model(x)
    params = count_params(model)
    entries = [corpus_entry(name, opset, params) for opset in opsets_of(name)]
    # The .npy files go first: the .onnx stamps hold their digests.
    atomic_write(os.path.join(out, entries[0]["input_file"]),
                 npy_bytes(x.numpy()))
    atomic_write(os.path.join(out, entries[0]["logits"]),
                 npy_bytes(logits.numpy()))
    for entry in entries:
        proto = export_onnx(model, x, entry["opset"], folds_constants(name))
        stamp = json.dumps(make_stamp(out, entry), sort_keys=True)
        onnx.helper.set_model_props(proto, {STAMP_KEY: stamp})
        check_onnx(proto)
        atomic_write(os.path.join(out, entry["file"]),
                     proto.SerializeToString())
    return entries


def write_corpus(out, entries):
    data = json.dumps(entries, indent=2) + "\n"
    atomic_write(os.path.join(out, CORPUS_FILE), data.encode("utf-8"))


def split_names(text):
    """Comma list to names, dropping empties and repeats, keeping order."""
    return list(dict.fromkeys(name for name in text.split(",") if name))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True,
                        help="folder to write the corpus into")
    parser.add_argument("--only", type=split_names, default=list(MODELS),
                        help="comma-separated model names (default: all)")
    parser.add_argument("--force", action="store_true",
                        help="re-export even when cached")
    args = parser.parse_args(argv)
    unknown = [name for name in args.only if name not in MODELS]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; "
                     f"known: {', '.join(MODELS)}")
    return args


def main(argv=None):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    corpus_path = os.path.join(args.out, CORPUS_FILE)
    if os.path.exists(corpus_path):
        os.remove(corpus_path)
    entries, failures = [], []
    for name in args.only:
        cached = None if args.force else cached_entries(args.out, name)
        if cached is not None:
            print(f"{name}: cached", file=sys.stderr)
            entries += cached
            continue
        try:
            entries += export_model(args.out, name)
            print(f"{name}: exported", file=sys.stderr)
        except Exception as exc:  # go on: one run reports every broken model
            failures.append(name)
            print(f"{name}: FAILED: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
    if failures:
        print(f"not writing {CORPUS_FILE}; failed: {', '.join(failures)}",
              file=sys.stderr)
        return 1
    write_corpus(args.out, entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
