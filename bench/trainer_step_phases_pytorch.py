"""PyTorch twin of trainer/.../bench/StepPhaseBench.java: the student step split into forward, KD + CE loss with backward,
and Adam (ms per batch, medians), 95% of the batch unlabeled.  /usr/bin/python3 bench/trainer_step_phases_pytorch.py SIZE STUDENT BATCH THREADS STEPS"""
import os, sys, time, statistics
import torch, torch.nn.functional as F
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'trainer', 'src', 'test', 'python'))
from zoo_reference import build
size, student, batch, threads, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
size=int(size)
torch.set_num_threads(threads)
s = build(student, 3, 10, size).train()
opt = torch.optim.Adam(s.parameters(), 1e-3)
x = torch.rand(batch, 3, size, size); y = torch.randint(0, 10, (batch,)); y[:int(batch*0.95)] = -1
tl = torch.rand(batch, 10); T=4.0
f=[];b=[];o=[]
for i in range(steps+3):
    t0=time.perf_counter(); sl=s(x); t1=time.perf_counter()
    kl = F.kl_div(F.log_softmax(sl / T, 1), F.log_softmax(tl / T, 1), reduction='batchmean', log_target=True)
    loss = 0.5*T*T*kl + 0.5*F.cross_entropy(sl, y, ignore_index=-1)
    opt.zero_grad(); loss.backward(); t2=time.perf_counter(); opt.step(); t3=time.perf_counter()
    if i>=3: f.append(t1-t0); b.append(t2-t1); o.append(t3-t2)
print(f"pytorch size={size} forward {statistics.median(f)*1e3:.1f} ms, loss+backward {statistics.median(b)*1e3:.1f} ms, optimizer {statistics.median(o)*1e3:.1f} ms")
