#!/usr/bin/env bash
# More seeds for the random criterion of the pruner quality benchmark (run after bench/prune_quality.sh,
# which leaves its trained student in bench/out/prune_quality): random pruning is a distribution, so the
# l1 result is compared with several draws. Each seed prunes the same student to 100,000 parameters and
# fine-tunes it exactly as prune_quality.sh does (distill --init, the unpruned student as teacher).
#   SEEDS="1 2" FT_EPOCHS=5 bench/prune_random_seeds.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cmd="${NETCOMPRESS:-$root/netcompress}"
data="${DATA:-/usr/share/datasets/fashion-mnist}"
test_dir="${TEST:-bench/data/fashion-mnist-full/testing}"
ft_epochs="${FT_EPOCHS:-5}"
o=bench/out/prune_quality
[[ -f "$o/student.onnx" ]] || { echo "run bench/prune_quality.sh first ($o/student.onnx is missing)" >&2; exit 2; }
for s in ${SEEDS:-1 2}; do
  $cmd prune --model "$o/student.onnx" --budget 100000 --criterion random --seed "$s" --out "$o/pruned_random_s$s.onnx" --force > "$o/prune_random_s$s.log"
  $cmd distill --data "$data" --init "$o/pruned_random_s$s.onnx" --teacher "$o/student.onnx" --epochs "$ft_epochs" --seed 0 \
      --out "$o/finetuned_random_s$s.onnx" --force > "$o/finetuned_random_s$s.log" 2>&1
  for m in "pruned_random_s$s" "finetuned_random_s$s"; do
    printf '%-22s %s params  ' "$m" "$($cmd count "$o/$m.onnx" --budget 1000000000 | awk '/^Total params:/{print $3}')"
    $cmd eval --model "$o/$m.onnx" --data "$test_dir" --labels "$(dirname "$test_dir")/testing_labels.csv" --force \
        --confusion "$o/${m}_confusion.png" 2>/dev/null | grep '^accuracy'
  done
done
