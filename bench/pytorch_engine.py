"""The PyTorch peer's own engine check: its fastest correct setting on this CPU, as netcompress's trainer finds its own.

Runs the convolutions of netcompress's KernelCheck (channel counts that do and do not fill oneDNN's 8- and
16-channel blocks, depthwise, grouped) in float32, forward and backward, against float64 (which PyTorch never
sends to oneDNN), with oneDNN (torch.backends.mkldnn) on and off; times a training step of a conv-BN-ReLU-pool
stack at 40/80/160 channels, batch 64, 32x32, for each setting that is right; prints one line per setting and
last `mkldnn=1` or `mkldnn=0`, the fastest correct (bench/trainer_speed_pytorch.py reads it as TORCH_MKLDNN).

Run with Debian's python3-torch:  /usr/bin/python3 bench/pytorch_engine.py [THREADS]
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
CONVS = [(4, 3, 12, 20, 3, 1, 1, 1), (4, 20, 8, 12, 3, 2, 1, 1), (8, 40, 8, 40, 3, 1, 1, 1), (4, 32, 6, 48, 3, 1, 1, 1),
         (4, 12, 8, 36, 1, 1, 0, 1), (4, 20, 8, 20, 3, 1, 1, 20), (4, 24, 8, 24, 3, 2, 1, 24), (4, 24, 6, 24, 3, 1, 1, 4),
         (2, 17, 4, 16, 3, 1, 0, 1), (2, 16, 4, 17, 3, 1, 0, 1)]


def worst_error():
    g = torch.Generator().manual_seed(20261205)
    worst = 0.0
    for n, c, h, o, k, s, p, groups in CONVS:
        x = torch.randn(n, c, h, h, generator=g, dtype=torch.float64)
        w = torch.randn(o, c // groups, k, k, generator=g, dtype=torch.float64)
        outs = []
        for dtype in (torch.float32, torch.float64):
            xs = x.to(dtype).requires_grad_()
            ws = w.to(dtype).requires_grad_()
            y = F.conv2d(xs, ws, None, s, p, 1, groups)
            dy = torch.ones_like(y) * torch.linspace(-1, 1, y.numel(), dtype=dtype).view_as(y)
            (y * dy).sum().backward()
            outs.append((y.detach().double(), xs.grad.double(), ws.grad.double()))
        for got, want in zip(outs[0], outs[1]):
            err = (got - want).abs().max().item() / max(1e-3, want.abs().max().item())
            worst = max(worst, err if err == err else float('inf'))
    return worst


def step_ms():
    torch.manual_seed(0)
    widths = [3, 40, 80, 160]
    ws = [(torch.randn(widths[i + 1], widths[i], 3, 3) * 0.1).requires_grad_() for i in range(3)]
    x = torch.randn(64, 3, 32, 32)
    times = []
    for _ in range(6):
        t0 = time.perf_counter()
        y = x
        for i, w in enumerate(ws):
            y = F.conv2d(y, w, None, 1, 1)
            y = F.batch_norm(y, None, None, training=True)
            y = F.max_pool2d(F.relu(y), 2)
        y.mean().backward()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times[1:])


best = None
for enabled in (True, False):
    torch.backends.mkldnn.enabled = enabled
    err = worst_error()
    ok = err <= 1e-3
    ms = step_ms() if ok else float('nan')
    print(f"torch {torch.__version__} mkldnn={'on' if enabled else 'off'}: worst relative error {err:.2e} "
          f"({'correct' if ok else 'WRONG'}){f', {ms:.0f} ms a step' if ok else ''}")
    if ok and (best is None or ms < best[1]):
        best = (enabled, ms)
if best is None:
    print("no correct setting")
    sys.exit(3)
print(f"mkldnn={1 if best[0] else 0}")
