#!/usr/bin/env python3
"""Damaged JPEG and PNG photos, with the decision PIL makes on each.

Usage: /usr/bin/python3 damaged_photos.py --out DIR [--seed S]

DIR receives NNN_KIND.jpg / NNN_KIND.png (photo-like pictures, then one kind
of damage each: bit flips, random or zeroed spans in the compressed data,
truncation, header damage, bad checksums, bytes after the end), and for every
file PIL reads, NNN_KIND.rgb: the pixels of Image.open(f).convert("RGB"), the
loader of torchvision's ImageFolder, row-major R, G, B bytes (for the
truncated kinds, NNN_KIND.original.rgb: the pixels before the cut). manifest.json,
written last, lists each file with its kind, PIL's decision and message,
and carries the script's SHA-256, so an edited script makes a new corpus.

Everything follows from the seed: the same Pillow gives the same corpus.
"""

import argparse
import hashlib
import io
import json
import os
import sys

import numpy as np
from PIL import Image

MANIFEST = "manifest.json"
SIZES = ((160, 120), (200, 150), (120, 160), (256, 192), (96, 96))
JPEG_KINDS = ("clean", "flip_bit", "flip_bytes", "random_span", "zero_span",
              "truncate_scan", "truncate_end", "header", "after_end")
PNG_KINDS = ("clean", "flip_bytes", "random_span", "zero_span", "truncate",
             "truncate_end", "header", "bad_crc", "after_end")
JPEG_PER_KIND = 24
PNG_PER_KIND = 12


def photo(rng, width, height):
    """Gradients, a few soft discs and grain: what a food photo's codec sees."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    base = rng.uniform(40, 200, 3)
    tilt = rng.uniform(-0.6, 0.6, (3, 2))
    img = base + xx[..., None] * tilt[:, 0] + yy[..., None] * tilt[:, 1]
    for _ in range(rng.integers(2, 6)):
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        r = rng.uniform(8, min(width, height) / 2)
        d = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
        mask = np.clip((r - d) / 4, 0, 1)[..., None]
        img = img * (1 - mask) + rng.uniform(0, 255, 3) * mask
    img += rng.normal(0, 6, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def encode_jpeg(rng, pixels):
    im = Image.fromarray(pixels)
    if rng.random() < 0.15:
        im = im.convert("L")
    opts = {"quality": int(rng.choice([75, 85, 90, 95])),
            "progressive": bool(rng.random() < 0.3),
            "subsampling": int(rng.choice([0, 2]))}
    buf = io.BytesIO()
    im.save(buf, "JPEG", **opts)
    return buf.getvalue()


def encode_png(rng, pixels):
    mode = rng.choice(["RGB", "RGBA", "L", "P"])
    im = Image.fromarray(pixels)
    if mode == "RGBA":
        im.putalpha(Image.fromarray(rng.integers(0, 256, pixels.shape[:2], dtype=np.uint8)))
    elif mode == "L":
        im = im.convert("L")
    elif mode == "P":
        im = im.convert("P", palette=Image.ADAPTIVE, colors=64)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def jpeg_scan(data):
    """[start, end) of the entropy-coded data after the first SOS, end at EOI."""
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise ValueError("not at a marker")
        marker = data[i + 1]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker == 0xDA:
            return i + 2 + length, data.rindex(b"\xff\xd9")
        i += 2 + length
    raise ValueError("no SOS")


def png_chunks(data):
    """(type, start of data, length) of every chunk."""
    out, i = [], 8
    while i + 8 <= len(data):
        length = int.from_bytes(data[i:i + 4], "big")
        out.append((data[i + 4:i + 8], i + 8, length))
        i += 12 + length
    return out


def span(rng, lo, hi, size):
    size = max(1, min(size, hi - lo))
    start = int(rng.integers(lo, max(lo + 1, hi - size)))
    return start, start + size


def damage_jpeg(rng, data, kind):
    d = bytearray(data)
    lo, hi = jpeg_scan(data)
    if kind == "flip_bit":
        p = int(rng.integers(lo, hi))
        d[p] ^= 1 << int(rng.integers(0, 8))
    elif kind == "flip_bytes":
        for p in rng.integers(lo, hi, int(rng.integers(2, 9))):
            d[int(p)] = int(rng.integers(0, 256))
    elif kind == "random_span":
        # the case: 400 random bytes over the middle of the scan
        a, b = span(rng, lo + (hi - lo) // 4, hi - (hi - lo) // 4, 400)
        d[a:b] = rng.integers(0, 256, b - a, dtype=np.uint8).tobytes()
    elif kind == "zero_span":
        a, b = span(rng, lo, hi, int(rng.integers(16, 600)))
        d[a:b] = bytes(b - a)
    elif kind == "truncate_scan":
        d = d[:int(rng.integers(lo + 1, hi))]
    elif kind == "truncate_end":
        d = d[:len(d) - int(rng.integers(1, 3))]
    elif kind == "header":
        for p in rng.integers(2, lo, int(rng.integers(1, 4))):
            d[int(p)] = int(rng.integers(0, 256))
    elif kind == "after_end":
        d += rng.integers(0, 256, int(rng.integers(1, 300)), dtype=np.uint8).tobytes()
    return bytes(d)


def damage_png(rng, data, kind):
    d = bytearray(data)
    chunks = png_chunks(data)
    idat = [(s, n) for t, s, n in chunks if t == b"IDAT"]
    lo, hi = idat[0][0], idat[-1][0] + idat[-1][1]
    if kind == "flip_bytes":
        for p in rng.integers(lo, hi, int(rng.integers(1, 5))):
            d[int(p)] = int(rng.integers(0, 256))
    elif kind == "random_span":
        a, b = span(rng, lo, hi, int(rng.integers(16, 400)))
        d[a:b] = rng.integers(0, 256, b - a, dtype=np.uint8).tobytes()
    elif kind == "zero_span":
        a, b = span(rng, lo, hi, int(rng.integers(16, 400)))
        d[a:b] = bytes(b - a)
    elif kind == "truncate":
        d = d[:int(rng.integers(lo, hi))]
    elif kind == "truncate_end":
        d = d[:len(d) - int(rng.integers(1, 13))]
    elif kind == "header":
        # IHDR's fields and checksum, or the signature
        for p in rng.integers(0, 33, int(rng.integers(1, 3))):
            d[int(p)] = int(rng.integers(0, 256))
    elif kind == "bad_crc":
        s, n = idat[int(rng.integers(0, len(idat)))]
        d[s + n + int(rng.integers(0, 4))] ^= 0xFF
    elif kind == "after_end":
        d += rng.integers(0, 256, int(rng.integers(1, 300)), dtype=np.uint8).tobytes()
    return bytes(d)


def pil_decision(path):
    """torchvision's default loader; (pixels, None) or (None, message)."""
    try:
        with open(path, "rb") as f:
            img = Image.open(f)
            return np.asarray(img.convert("RGB")), None
    except Exception as exc:  # every refusal is a decision to record
        return None, f"{type(exc).__name__}: {exc}"


def atomic_write(path, data):
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def generate(out, seed):
    rng = np.random.default_rng(seed)
    plan = [("jpg", k) for k in JPEG_KINDS for _ in range(JPEG_PER_KIND if k != "clean" else 8)]
    plan += [("png", k) for k in PNG_KINDS for _ in range(PNG_PER_KIND if k != "clean" else 4)]
    entries = []
    for i, (ext, kind) in enumerate(plan):
        w, h = SIZES[int(rng.integers(0, len(SIZES)))]
        pixels = photo(rng, w, h)
        encoded = encode_jpeg(rng, pixels) if ext == "jpg" else encode_png(rng, pixels)
        damage = damage_jpeg if ext == "jpg" else damage_png
        data = damage(rng, encoded, kind)
        name = f"{i:03d}_{kind}.{ext}"
        atomic_write(os.path.join(out, name), data)
        rgb, error = pil_decision(os.path.join(out, name))
        entry = {"file": name, "format": ext, "kind": kind, "pil": error is None}
        if kind.startswith("truncate"):
            # what the file held before it was cut, to tell a whole image from a damaged one
            entry["original"] = name.rsplit(".", 1)[0] + ".original.rgb"
            whole = np.asarray(Image.open(io.BytesIO(encoded)).convert("RGB"))
            atomic_write(os.path.join(out, entry["original"]), np.ascontiguousarray(whole, dtype=np.uint8).tobytes())
        if error is None:
            entry.update(width=int(rgb.shape[1]), height=int(rgb.shape[0]), pixels=name.rsplit(".", 1)[0] + ".rgb")
            atomic_write(os.path.join(out, entry["pixels"]), np.ascontiguousarray(rgb, dtype=np.uint8).tobytes())
        else:
            entry["error"] = error
        entries.append(entry)
    return entries


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    manifest = os.path.join(args.out, MANIFEST)
    if os.path.exists(manifest):
        os.remove(manifest)
    entries = generate(args.out, args.seed)
    with open(os.path.abspath(__file__), "rb") as f:
        script = hashlib.sha256(f.read()).hexdigest()
    body = {"seed": args.seed, "script": script, "pillow": Image.__version__, "numpy": np.__version__, "files": entries}
    atomic_write(manifest, (json.dumps(body, indent=1) + "\n").encode("utf-8"))
    read = sum(e["pil"] for e in entries)
    print(f"{len(entries)} files, PIL reads {read}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
