#!/usr/bin/env bash
# More seeds for the random criterion of the pruner quality benchmark (run after bench/prune_quality.sh,
# which leaves its trained student in bench/out/prune_quality): random pruning is a distribution, so the
# l1 result is compared with several draws. Each seed prunes the same student to 100,000 parameters and
# fine-tunes it exactly as prune_quality.sh does (distill --init, the unpruned student as teacher).
#   SEEDS="1 2" FT_EPOCHS=5 bench/prune_random_seeds.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prune_common.sh"
[[ -f "$out/student.onnx" ]] || { echo "run bench/prune_quality.sh first ($out/student.onnx is missing)" >&2; exit 2; }
for s in ${SEEDS:-1 2}; do
  $cmd prune --model "$out/student.onnx" --budget "$budget" --criterion random --seed "$s" --out "$out/pruned_random_s$s.onnx" --force > "$out/prune_random_s$s.log"
  $cmd distill --data "$data" "${size_args[@]}" --init "$out/pruned_random_s$s.onnx" --teacher "$out/student.onnx" --epochs "$ft_epochs" --seed 0 \
      --out "$out/finetuned_random_s$s.onnx" --force > "$out/finetuned_random_s$s.log" 2>&1
  for m in "pruned_random_s$s" "finetuned_random_s$s"; do
    printf '%-22s %10s params  test accuracy %s%%\n' "$m" "$(params "$out/$m.onnx")" "$(accuracy "$out/$m.onnx")"
  done
done
