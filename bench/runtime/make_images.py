"""Deterministic photo-like JPEGs for the runtime benchmark, in the assignment's test layout.

Usage: /usr/bin/python3 make_images.py OUT_DIR COUNT [SEED]
Writes OUT_DIR/00/NNNN.jpg. Sizes cycle through common camera/phone sizes (512x384 and larger,
some portrait) so decoding costs what real food photos cost; content is smooth colour fields,
blobs and sensor-like noise so JPEG sizes (~40-150 KB) are photo-like too.
"""
import os
import sys

import numpy as np
from PIL import Image

SIZES = [(512, 384), (512, 384), (640, 480), (800, 600), (384, 512), (1024, 768), (512, 512), (600, 800)]


def make(rng, w, h):
    # low-frequency colour field: a coarse random grid upsampled smoothly
    gw, gh = rng.integers(3, 8), rng.integers(3, 8)
    coarse = rng.integers(0, 256, size=(gh, gw, 3), dtype=np.uint8)
    img = np.asarray(Image.fromarray(coarse).resize((w, h), Image.BICUBIC), dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    # a few soft blobs ("food items" on a plate)
    for _ in range(int(rng.integers(2, 7))):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        rx, ry = rng.uniform(w * 0.05, w * 0.3), rng.uniform(h * 0.05, h * 0.3)
        colour = rng.uniform(0, 255, size=3).astype(np.float32)
        d = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
        a = np.clip(1.5 - d, 0, 1)[..., None]
        img = img * (1 - a) + colour * a
    # texture: mid-frequency pattern plus fine sensor noise
    f = rng.uniform(0.02, 0.15)
    img += (12 * np.sin(xx * f + rng.uniform(0, 6)) * np.cos(yy * f * 0.7))[..., None]
    img += rng.normal(0, 6, size=img.shape).astype(np.float32)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 11
    folder = os.path.join(out, "00")
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    for i in range(count):
        w, h = SIZES[i % len(SIZES)]
        path = os.path.join(folder, "%04d.jpg" % i)
        if os.path.exists(path):
            rng.integers(0, 1 << 30)  # keep the stream aligned when resuming
            continue
        make(np.random.default_rng(int(rng.integers(0, 1 << 30))), w, h).save(path, quality=90)


if __name__ == "__main__":
    main()
