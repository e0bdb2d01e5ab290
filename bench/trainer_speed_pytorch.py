"""PyTorch reference for bench/trainer_speed.sh: the same distillation step as netcompress's
(teacher forward without grad, student forward, alpha*T^2*KL + (1-alpha)*CE, backward, Adam) on one
in-memory random batch, so only the training loop is measured.

Run with Debian's python3-torch:  /usr/bin/python3 bench/trainer_speed_pytorch.py SIZE STUDENT TEACHER BATCH THREADS STEPS REPEATS [int8]
UNLABELED_SHARE=S leaves that share of the batch without a label (-1, ignored by the cross-entropy, kept by the
KL term), as batches mixing the unlabeled set are; CLASSES=K sets the class count (default 11).
With int8, the teacher is PyTorch's own static int8 model (FX graph mode, calibrated on the batch), the peer
of netcompress's --teacher-precision int8.
"""
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'trainer', 'src', 'test', 'python'))
from zoo_reference import build  # noqa: E402

size, student, teacher, batch, threads, steps, repeats = sys.argv[1:8]
size, batch, threads, steps, repeats = int(size), int(batch), int(threads), int(steps), int(repeats)
torch.set_num_threads(threads)
# the setting bench/pytorch_engine.py found correct and fastest on this CPU (TORCH_MKLDNN=0: oneDNN off)
torch.backends.mkldnn.enabled = os.environ.get('TORCH_MKLDNN', '1') != '0'
torch.manual_seed(0)
classes = int(os.environ.get('CLASSES', '11'))
unlabeled_share = float(os.environ.get('UNLABELED_SHARE', '0'))
s = build(student, 3, classes, size).train()
t = build(teacher, 3, classes, size).eval()
opt = torch.optim.Adam(s.parameters(), 1e-3)
x = torch.rand(batch, 3, size, size)
y = torch.randint(0, classes, (batch,))
y[:round(unlabeled_share * batch)] = -1
precision = sys.argv[8] if len(sys.argv) > 8 else 'fp32'
if precision == 'int8':
    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx
    # Debian's build has no fbgemm: its x86 int8 engine is oneDNN
    engine = next(e for e in ('x86', 'fbgemm', 'onednn', 'qnnpack') if e in torch.backends.quantized.supported_engines)
    torch.backends.quantized.engine = engine
    t = prepare_fx(t, get_default_qconfig_mapping(engine), example_inputs=(x,))
    with torch.no_grad():
        t(x)
    t = convert_fx(t)
alpha, T = 0.5, 4.0


def step():
    with torch.no_grad():
        tl = t(x)
    sl = s(x)
    kl = F.kl_div(F.log_softmax(sl / T, 1), F.log_softmax(tl / T, 1), reduction='batchmean', log_target=True)
    loss = alpha * T * T * kl + (1 - alpha) * F.cross_entropy(sl, y, ignore_index=-1)
    opt.zero_grad()
    loss.backward()
    opt.step()


for _ in range(3):
    step()
rates = []
for r in range(repeats):
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    rates.append(steps * batch / (time.perf_counter() - t0))
    print(f"run {r + 1}: {rates[-1]:.1f} images/s", flush=True)
print(f"pytorch {torch.__version__} size={size} student={student} teacher={teacher}{' int8' if precision == 'int8' else ''} batch={batch}{f' unlabeled={unlabeled_share:.2f}' if unlabeled_share else ''} threads={threads} "
      f"median {statistics.median(rates):.1f} images/s")
