"""Medians, ratios and agreement from bench/out/runtime/results.jsonl; rewrites the "## runtime"
section of bench/RESULTS.md (other sections are left as they are)."""
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

out, command, results_md = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [json.loads(l) for l in open(os.path.join(out, "results.jsonl")) if l.strip()]


def med(side, model, kind, key="images_per_s"):
    v = [r["result"][key] for r in rows if r["side"] == side and r["model"] == model and r["kind"] == kind and key in r["result"]]
    return (statistics.median(v), len(v), v) if v else (float("nan"), 0, [])


def centered_agreement(ours_npy, peer_npy):
    """The fixtures have random weights, so one class wins on almost every image and plain argmax
    agreement says little. Subtracting the per-class mean logit over the set (the same vector on
    both sides: a bias change of the last layer) spreads the decisions over the classes; agreement of
    those decisions tests the preprocessing where it matters."""
    import numpy as np
    o, p = np.load(ours_npy), np.load(peer_npy)
    mean = p.mean(axis=0, keepdims=True)
    po, pp = (o - mean).argmax(1), (p - mean).argmax(1)
    classes = len(set(pp.tolist()))
    return int((po == pp).sum()), len(pp), float(np.abs(o - p).max()), classes


def agreement(a, b):
    pa = [l.strip() for l in open(a)][1:]
    pb = [l.strip() for l in open(b)][1:]
    assert len(pa) == len(pb), (len(pa), len(pb))
    same = sum(x == y for x, y in zip(pa, pb))
    return same, len(pa)


lines = []
date = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
lines.append("## runtime\n")
lines.append(f"Date: {date}. Machine: {os.cpu_count()} cores ({cpu}), shared with other jobs while it ran; {java}; "
             f"ONNX Runtime 1.23.2 (CPU), OpenCV 4.9.0 (openpnp); peer: Debian python3 {platform.python_version()}, "
             "torch 1.13, torchvision 0.14, Pillow 9.4.\n")
lines.append("Command:\n\n```\n" + command + "\n```\n")
lines.append("Data: 3,347 synthetic photo-like JPEGs (quality 90; 512x384, 640x480, 800x600, 1024x768, 512x512 and "
             "portrait sizes) in `testing/00/`, made by `bench/runtime/make_images.py` (seed 11). Both sides: 2 threads "
             "(torch.set_num_threads(2); ours: 2 ONNX Runtime threads + 2 decoder threads, batch 4). The peer is "
             "`bench/runtime/reference.py`, the notebook's code: DatasetFolder + PIL, Resize((142,142)) + ToTensor, "
             "DataLoader(batch 128), forward, argmax, CSV. End-to-end = folder listing to CSV written (model loading and "
             "interpreter/JVM start excluded on both sides). Figures are medians of the runs (images/s).\n")
lines.append("| model | figure | ours | peer | ratio | runs (ours; peer) |")
lines.append("|---|---|---|---|---|---|")
for model in ["student_dw", "student"]:
    for kind, label in [("e2e", "end-to-end"), ("infer", "inference only")]:
        o, n, ov = med("ours", model, kind)
        p, m, pv = med("peer", model, kind)
        lines.append(f"| {model} | {label} | {o:.1f} | {p:.1f} | {o / p:.1f}x | "
                     f"{', '.join(f'{x:.0f}' for x in ov)}; {', '.join(f'{x:.0f}' for x in pv)} |")
o, n, ov = med("ours", "-", "decode")
p, m, pv = med("peer", "-", "decode")
lines.append(f"| (none) | decode + preprocess only | {o:.1f} | {p:.1f} | {o / p:.1f}x | "
             f"{', '.join(f'{x:.0f}' for x in ov)}; {', '.join(f'{x:.0f}' for x in pv)} |")
lines.append("")
lines.append("Model-only throughput of our session wrapper (`ModelSession.run`: tensor over the pooled direct buffer, "
             "run, logits copied out) vs bare ONNX Runtime session loops on the same ready tensor (same model, 2 threads, "
             "batch 4, ALL_OPT), measured in one process, alternating; medians of the runs:\n")
lines.append("| model | ours | bare ORT, same options (no spinning) | ours / bare | bare ORT, default options (spinning) |")
lines.append("|---|---|---|---|---|")
for model in ["student_dw", "student"]:
    kind = "infer_bare" if med("ours", model, "infer_bare")[1] else "infer"
    o, _, _ = med("ours", model, kind)
    b, _, _ = med("ours", model, kind, "bare_images_per_s")
    q, nq, _ = med("ours", model, kind, "bare_nospin_images_per_s") if kind == "infer_bare" else (float("nan"), 0, [])
    lines.append(f"| {model} | {o:.1f} | {q:.1f} | {o / q:.2f} | {b:.1f} |")
lines.append("")
lines.append("Agreement of predictions with the PyTorch reference on the same 3,347 images. The fixtures' weights are "
             "random, so plain argmax picks the same class for nearly every image on both sides; the centred column "
             "subtracts the per-class mean logit of the set (the same vector on both sides) first, which spreads the "
             "decisions over the classes and is the meaningful test of preprocessing:\n")
lines.append("| model | decode | argmax agreement | centred-logit agreement (classes used) | max abs logit difference |")
lines.append("|---|---|---|---|---|")
for model in ["student_dw", "student"]:
    peer_csv = os.path.join(out, f"peer_{model}.csv")
    peer_npy = os.path.join(out, f"peer_{model}_logits.npy")
    for tag, label in [("ours", "reduced-size JPEG (default)"), ("ours_full", "full-size")]:
        csv = os.path.join(out, f"{tag}_{model}.csv")
        if not os.path.exists(csv):
            continue
        s, t = agreement(csv, peer_csv)
        cs, ct, diff, k = centered_agreement(os.path.join(out, f"{tag}_{model}_logits.npy"), peer_npy)
        lines.append(f"| {model} | {label} | {100.0 * s / t:.2f}% ({s}/{t}) | {100.0 * cs / ct:.2f}% ({cs}/{ct}; {k}) | {diff:.1e} |")
lines.append("")
section = "\n".join(lines) + "\n"

text = open(results_md).read() if os.path.exists(results_md) else "# Benchmark results\n"
# only the generated part: the "### ..." subsections written by other runtime benches stay
m = re.search(r"^## runtime\n.*?(?=^## |^### |\Z)", text, flags=re.S | re.M)
text = text[:m.start()] + section + text[m.end():] if m else text.rstrip("\n") + "\n\n" + section
open(results_md, "w").write(text)
print(section)
