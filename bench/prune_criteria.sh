#!/usr/bin/env bash
# Pruning criteria without fine-tuning, in a few minutes: the trained Fashion-MNIST fixture
# (fmnist_cnn.onnx, 29,066 parameters, 88.4% test accuracy) pruned to several budgets with l1, l2
# and random (3 seeds), each evaluated on the 10,000 test images. A criterion worth having keeps
# more accuracy than random before any fine-tuning. The fine-tuned comparison the issue asks for is
# bench/prune_quality.sh. Results go to bench/RESULTS.md, section "pruner criteria (no fine-tuning)".
#
#   bench/prune_criteria.sh
#   NETCOMPRESS="java -jar /path/netcompress.jar" bench/prune_criteria.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cmd="${NETCOMPRESS:-$root/netcompress}"
model="test-data/src/main/resources/fixtures/pytorch/fmnist_cnn.onnx"
test_dir="bench/data/fashion-mnist-full/testing"
out="bench/out/prune_criteria"
mkdir -p "$out"
if [[ ! -d "$test_dir" ]]; then
  $cmd data fashion-mnist --split full --out "$(dirname "$test_dir")"
fi
accuracy() {  # the fixture stores no preprocessing: it was trained on (x - 0.2860) / 0.3530
  $cmd eval --model "$1" --data "$test_dir" --labels "$(dirname "$test_dir")/testing_labels.csv" \
      --mean 0.2860 --std 0.3530 --confusion "$out/confusion.png" --force 2>/dev/null | awk '/^accuracy /{printf "%.2f", 100 * $2}'
}
rows="| budget | l1 | l2 | random (seeds 1, 2, 3) |
|---|---|---|---|
| unpruned (29,066) | $(accuracy "$model")% | | |"
for budget in 25000 20000 15000; do
  cells=()
  for crit in l1 l2; do
    $cmd prune --model "$model" --budget "$budget" --criterion "$crit" --out "$out/p.onnx" --force > /dev/null
    cells+=("$(accuracy "$out/p.onnx")%")
  done
  rnd=()
  for seed in 1 2 3; do
    $cmd prune --model "$model" --budget "$budget" --criterion random --seed "$seed" --out "$out/p.onnx" --force > /dev/null
    rnd+=("$(accuracy "$out/p.onnx")%")
  done
  row="| $budget | ${cells[0]} | ${cells[1]} | ${rnd[0]}, ${rnd[1]}, ${rnd[2]} |"
  echo "$row"
  rows+=$'\n'"$row"
done
section=$(cat <<MD
## pruner criteria (no fine-tuning)

Date: $(date -u +%Y-%m-%d) (UTC). Command: \`bench/prune_criteria.sh\`. Test accuracy of the trained
\`fmnist_cnn\` fixture (Fashion-MNIST, 10,000 test images) after \`netcompress prune --budget B\`,
without fine-tuning:

$rows
MD
)
/usr/bin/python3 - bench/RESULTS.md "$section" <<'PY'
import os, re, sys
path, section = sys.argv[1], sys.argv[2].rstrip() + "\n"
text = open(path).read() if os.path.exists(path) else "# Benchmark results\n"
pattern = re.compile(r"^## pruner criteria \(no fine-tuning\)\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda m: section + "\n", text)
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w").write(text.rstrip() + "\n")
PY
echo "recorded in bench/RESULTS.md (section pruner criteria)"
