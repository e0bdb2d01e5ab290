#!/usr/bin/env bash
# Pruner speed benchmark: a torchvision ResNet-18 with 11 classes (exported by PyTorch, opset 13,
# about 11.2M parameters) pruned to 100,000 parameters by `netcompress prune`, timed as the whole
# command including JVM start. Prints each run and the median; records them in bench/RESULTS.md
# (section "pruner"; other sections are left alone).
#
#   bench/prune_bench.sh            # 5 runs
#   RUNS=9 bench/prune_bench.sh
#   NETCOMPRESS="java -jar /path/netcompress.jar" bench/prune_bench.sh   # another build of the command
#
# Needs Debian's /usr/bin/python3 with python3-torch and python3-torchvision (only to export the model
# once into bench/data/, which git ignores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${RUNS:-5}"
model="bench/data/resnet18_11.onnx"
out_dir="bench/out"
cmd="${NETCOMPRESS:-$root/netcompress}"

mkdir -p bench/data "$out_dir"
if [[ ! -f "$model" ]]; then
  echo "exporting $model with /usr/bin/python3 (torchvision resnet18, num_classes=11, opset 13)" >&2
  /usr/bin/python3 - "$model" <<'PY'
import sys, torch, torchvision
torch.manual_seed(0)
m = torchvision.models.resnet18(num_classes=11).eval()
torch.onnx.export(m, torch.randn(1, 3, 142, 142), sys.argv[1], opset_version=13,
                  input_names=["input"], output_names=["logits"],
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
print("PyTorch parameters:", sum(p.numel() for p in m.parameters()), file=sys.stderr)
PY
fi

# one untimed run: builds the jar on first use and warms the page cache
$cmd prune --model "$model" --budget 100000 --out "$out_dir/resnet18_pruned.onnx" --force > "$out_dir/prune_bench.log"

# alternating: the launcher as shipped, and without its class-data-sharing archive (same jar)
times=()
nocds=()
run_once() { # env assignments... -> seconds
  local t0 t1
  t0=$(date +%s.%N)
  env "$@" $cmd prune --model "$model" --budget 100000 --out "$out_dir/resnet18_pruned.onnx" --force > "$out_dir/prune_bench.log"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
for ((i = 1; i <= runs; i++)); do
  t=$(run_once NETCOMPRESS_BENCH=1)
  times+=("$t")
  u=$(run_once NETCOMPRESS_NO_CDS=1)
  nocds+=("$u")
  printf 'run %d: %.2f s (without the class archive %.2f s)\n' "$i" "$t" "$u"
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.2f %.2f %.2f", m, a[1], a[NR]}'; }
read -r median min max <<< "$(stats "${times[@]}")"
read -r median_nocds min_nocds max_nocds <<< "$(stats "${nocds[@]}")"
total_line=$(grep -E '^total ' "$out_dir/prune_bench.log" | tr -s ' ')
printf 'median %.2f s (min %.2f, max %.2f) over %d runs; without the class archive %.2f s; %s\n' "$median" "$min" "$max" "$runs" "$median_nocds" "$total_line"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
section=$(cat <<MD
## pruner

Date: $(date -u +%Y-%m-%d) (UTC). Machine: $(nproc) cores, ${cpu:-unknown CPU}, $(java -version 2>&1 | head -1).

Command (whole process timed, JVM start included; one untimed warm-up run first):

\`\`\`
bench/prune_bench.sh   # = netcompress prune --model $model --budget 100000 --out $out_dir/resnet18_pruned.onnx --force
\`\`\`

ResNet-18, 11 classes, torchvision \`resnet18(num_classes=11)\` exported by PyTorch (opset 13, BN folded by the exporter).

| launcher | runs | median | min | max | parameters (before -> after) |
|---|---|---|---|---|---|
| as shipped (class archive; ONNX Runtime's libraries copied once) | $runs | $median s | $min s | $max s | ${total_line#total } |
| \`NETCOMPRESS_NO_CDS=1\` (no class archive) | $runs | $median_nocds s | $min_nocds s | $max_nocds s | |

Target: under 1 s whole command (issue 14). Load average when measured: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores. Each run reads the 45 MB model, traces channel dependencies, scores every
channel (l1), plans to the budget, edits the graph, checks the result with the model checker and
ONNX Runtime, and writes it. Startup work both rows share: ONNX Runtime's native libraries load from the
copy beside the jar (\`OrtNativeCache\`; the binding's own copy to a temporary folder cost about 0.1 s a
run) and the input's SHA-256 for the provenance runs on the second core while the pruner works (it took
about 0.25 s in a JVM this young). The class archive is what the launcher records once per build.
MD
)
/usr/bin/python3 - bench/RESULTS.md "$section" <<'PY'
import os, re, sys
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
text = open(path).read() if os.path.exists(path) else "# Benchmark results\n"
pattern = re.compile(r"^## pruner\n.*?(?=^## |^### |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda m: section + "\n", text)
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w").write(text.rstrip() + "\n")
PY
echo "recorded in bench/RESULTS.md (section pruner)"
