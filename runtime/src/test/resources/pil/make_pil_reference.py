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


save_all()
for f in ["rgb.jpg", "gray.jpg", "rgba.png", "la.png", "cmyk.jpg", "gray16.png", "palette.png", "exif6.jpg", "rgb.bmp"]:
    reference(f)
reference("rgb.jpg", size=(36, 50), out="rgb_jpg_up.npy")
