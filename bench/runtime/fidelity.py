"""Decode fidelity against the PIL pipeline: a corpus of real-photo JPEGs, a model trained on PIL's pixels,
and the reference answers (bench/runtime_fidelity.sh runs the three steps, then the Java side).

/usr/bin/python3 fidelity.py corpus OUT TRAIN TEST [SEED]   -> OUT/train/CC/*.jpg (class folders), OUT/test/00/*.jpg
/usr/bin/python3 fidelity.py train  OUT SIZE MODEL.onnx     -> a small CNN trained on OUT/train through
                                                               PIL convert('RGB') + Resize((SIZE, SIZE)) + ToTensor
/usr/bin/python3 fidelity.py reference OUT SIZE MODEL.onnx  -> OUT/pil_SIZE.u8 (raw uint8 N,SIZE,SIZE,3: PIL's resized
                                                               pixels) and OUT/pil_SIZE.csv (Id,Category, PyTorch's argmax)

The photos are scikit-image's bundled real photographs and textures (Debian's python3-skimage): each class is one image, each
sample a random crop of it blended with a crop of another class's (the class's share 55-100%), rescaled to a
camera-like size (307x172 as in food-11, up to 1024x768), jittered in brightness and saved as JPEG at a random quality, so the files carry real-photo spectra and JPEG statistics.
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision.transforms as transforms
from PIL import Image
from torchvision.datasets import DatasetFolder

torch.set_num_threads(2)
PHOTOS = ["astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field", "immunohistochemistry", "retina",
          "camera", "brick", "grass", "gravel", "colorwheel", "logo"]
CLASSES = 11
SIZES = [(307, 172), (307, 172), (172, 307), (384, 288), (512, 384), (640, 480), (800, 600), (1024, 768), (400, 225)]


def photos():
    from skimage import data
    out = []
    for name in PHOTOS:
        try:
            a = getattr(data, name)()
        except Exception:  # noqa: BLE001 - a photo this skimage version lacks is skipped
            continue
        if a.ndim == 2:
            a = np.stack([a] * 3, -1)
        out.append(Image.fromarray(a[..., :3].astype(np.uint8)).convert("RGB"))
    return out[:CLASSES]


def crop(rng, photo, tw, th):
    w, h = photo.size
    scale = rng.uniform(0.35, 1.0)
    cw = int(min(w, h * tw / th) * scale)
    ch = int(cw * th / tw)
    x, y = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
    img = photo.crop((x, y, x + cw, y + ch)).resize((tw, th), Image.LANCZOS)
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    return np.asarray(img, dtype=np.float32)


def sample(rng, photos, c):
    # the class's photo blended with another one at 55-100%: near 55% the answer is close, as food photos'
    # answers are for a small student, so a small change in the pixels can flip it
    tw, th = SIZES[int(rng.integers(len(SIZES)))]
    other = (c + int(rng.integers(1, len(photos)))) % len(photos)
    a = rng.uniform(0.55, 1.0)
    mix = a * crop(rng, photos[c], tw, th) + (1 - a) * crop(rng, photos[other], tw, th)
    mix = mix * rng.uniform(0.75, 1.2) + rng.normal(0, 2.0, size=(th, tw, 3))
    return Image.fromarray(np.clip(mix, 0, 255).astype(np.uint8)), int(rng.integers(70, 96))


def corpus(out, train, test, seed):
    rng = np.random.default_rng(seed)
    ps = photos()
    for split, count in (("train", train), ("test", test)):
        for i in range(count):
            c = i % len(ps)
            folder = os.path.join(out, split, "00" if split == "test" else "%02d" % c)
            os.makedirs(folder, exist_ok=True)
            img, q = sample(rng, ps, c)
            img.save(os.path.join(folder, "%05d.jpg" % i), quality=q)
    with open(os.path.join(out, "classes.txt"), "w") as f:
        f.write("%d\n" % len(ps))


def pil_loader(path):
    with open(path, "rb") as f:
        return Image.open(f).convert("RGB")


def net(classes):
    def block(i, o):
        return [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2)]
    return nn.Sequential(*block(3, 16), *block(16, 32), *block(32, 64), *block(64, 64),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes))


def train(out, size, model_path):
    torch.manual_seed(0)
    tfm = transforms.Compose([transforms.Resize((size, size)), transforms.ToTensor()])
    ds = DatasetFolder(os.path.join(out, "train"), loader=pil_loader, extensions=("jpg",), transform=tfm)
    xs = torch.stack([ds[i][0] for i in range(len(ds))])
    ys = torch.tensor(ds.targets)
    m = net(len(ds.classes))
    opt = torch.optim.Adam(m.parameters(), 2e-3)
    for epoch in range(8):
        m.train()
        perm = torch.randperm(len(xs))
        for b in range(0, len(xs), 64):
            idx = perm[b:b + 64]
            loss = nn.functional.cross_entropy(m(xs[idx]), ys[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    m.eval()
    torch.save(m.state_dict(), model_path + ".pt")
    torch.onnx.export(m, torch.zeros(1, 3, size, size), model_path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "n"}, "logits": {0: "n"}}, opset_version=13)


def reference(out, size, model_path):
    folder = os.path.join(out, "test", "00")
    names = sorted(os.listdir(folder))
    pixels = np.stack([np.asarray(pil_loader(os.path.join(folder, n)).resize((size, size), Image.BILINEAR)) for n in names])
    classes = int(open(os.path.join(out, "classes.txt")).read())
    m = net(classes)
    m.load_state_dict(torch.load(model_path + ".pt"))
    m.eval()
    tfm = transforms.Compose([transforms.Resize((size, size)), transforms.ToTensor()])
    with torch.no_grad():
        preds = []
        for b in range(0, len(names), 128):
            x = torch.stack([tfm(pil_loader(os.path.join(folder, n))) for n in names[b:b + 128]])
            preds += m(x).argmax(1).tolist()
    pixels.tofile(os.path.join(out, "pil_%d.u8" % size))
    with open(os.path.join(out, "pil_%d.csv" % size), "w") as f:
        f.write("Id,Category\n")
        for n, p in zip(names, preds):
            f.write("%s,%d\n" % (os.path.splitext(n)[0], p))
    truth = [int(n.split(".")[0]) % classes for n in names]
    print("PIL pipeline test accuracy %.4f on %d images" % (np.mean(np.array(preds) == np.array(truth)), len(names)))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "corpus":
        corpus(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 5)
    elif cmd == "train":
        train(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == "reference":
        reference(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        raise SystemExit("unknown command " + cmd)
