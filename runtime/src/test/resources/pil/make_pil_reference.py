"""Regenerates the PIL reference images and tensors the runtime's image tests compare against.

Run with Debian's python3 (Pillow 9.4, torchvision 0.14): /usr/bin/python3 make_pil_reference.py
Each NAME.EXT gets NAME.npy: torchvision's Resize((24, 20)) + ToTensor on Image.open(f).convert("RGB"),
which is what DatasetFolder's default loader and the assignment's transforms do.
"""
import numpy as np
from PIL import Image
import torchvision.transforms as T

rng = np.random.default_rng(3)
W, H = 40, 30


def photo(mode_channels=3):
    yy, xx = np.mgrid[0:H, 0:W]
    base = np.stack([xx * 6, yy * 8, (xx + yy) * 3], -1)[..., :mode_channels]
    return np.clip(base + rng.integers(0, 40, size=base.shape), 0, 255).astype(np.uint8)


def save_all():
    Image.fromarray(photo(3)).save("rgb.jpg", quality=92)
    Image.fromarray(photo(1)[..., 0], "L").save("gray.jpg", quality=92)
    rgba = np.dstack([photo(3), rng.integers(0, 256, size=(H, W), dtype=np.uint8)])
    Image.fromarray(rgba, "RGBA").save("rgba.png")
    Image.fromarray(np.dstack([photo(1)[..., 0], rng.integers(0, 256, size=(H, W), dtype=np.uint8)]), "LA").save("la.png")
    Image.fromarray(photo(3)).convert("CMYK").save("cmyk.jpg", quality=95)
    g16 = (np.mgrid[0:H, 0:W][1] * 9).astype(np.uint16)  # 0..351: PIL clips the part above 255
    Image.fromarray(g16, "I;16").save("gray16.png")
    p = Image.fromarray(photo(3)).convert("P", palette=Image.ADAPTIVE, colors=16)
    p.info["transparency"] = 0
    p.save("palette.png", transparency=0)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 CW on display; torchvision's loader ignores it
    Image.fromarray(photo(3)).save("exif6.jpg", quality=92, exif=exif.tobytes())
    Image.fromarray(photo(3)).save("rgb.bmp")


def reference(name, size=(24, 20), out=None):
    t = T.Compose([T.Resize(size), T.ToTensor()])(Image.open(name).convert("RGB")).numpy().astype(np.float32)
    np.save(out or name.rsplit(".", 1)[0] + "_" + name.rsplit(".", 1)[1] + ".npy", t)


def save_more():
    # formats told by their bytes, not their names: a GIF (palette, transparency, two frames) saved as .png,
    # and one whose first frame covers only part of its screen
    frames = [Image.fromarray(photo(3)).convert("P", palette=Image.ADAPTIVE, colors=32) for _ in range(2)]
    with open("gif_named.png", "wb") as f:
        frames[0].save(f, format="GIF", save_all=True, append_images=frames[1:], transparency=3, duration=100)
    small = Image.fromarray(photo(3)[5:25, 8:30]).convert("P", palette=Image.ADAPTIVE, colors=16)
    with open("gif_offset.gif", "wb") as f:
        small.save(f, format="GIF")
    raw = bytearray(open("gif_offset.gif", "rb").read())
    # logical screen 40x30, the frame (22x20) at left 8, top 5
    raw[6:10] = bytes([W, 0, H, 0])
    d = raw.index(0x2C)
    raw[d + 1:d + 5] = bytes([8, 0, 5, 0])
    open("gif_offset.gif", "wb").write(bytes(raw))
    rgb16 = photo(3).astype(np.uint16) * 257 + rng.integers(0, 256, size=(H, W, 3)).astype(np.uint16)
    import zlib, struct
    rows = b"".join(b"\0" + rgb16[y].astype(">u2").tobytes() for y in range(H))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 16, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    open("rgb16.png", "wb").write(png)
    Image.fromarray(photo(3)).save("rgb.tiff")
    Image.fromarray(photo(3)).save("rgb.ppm")
    Image.fromarray(photo(1)[..., 0], "L").save("gray.pgm")
    Image.fromarray(photo(3)).save("rgb.webp", lossless=True)
    Image.fromarray(photo(3)).convert("P", palette=Image.ADAPTIVE, colors=16).save("palette.bmp")


save_all()
save_more()
for f in ["rgb.jpg", "gray.jpg", "rgba.png", "la.png", "cmyk.jpg", "gray16.png", "palette.png", "exif6.jpg", "rgb.bmp",
          "gif_named.png", "gif_offset.gif", "rgb16.png", "rgb.tiff", "rgb.ppm", "gray.pgm", "rgb.webp", "palette.bmp"]:
    reference(f)
reference("rgb.jpg", size=(36, 50), out="rgb_jpg_up.npy")
