#!/usr/bin/env bash
# Data-aware importance (issue 14): the pruner quality benchmark's student (zoo vgg:1.4, ~154k parameters,
# Fashion-MNIST) pruned to 100,000 by l1, random and taylor (|w x grad| over TAYLOR_IMAGES training images, the
# KD loss on the unpruned student's logits), each evaluated on the 10,000 test images before and after the same
# fine-tuning (distill --init from the unpruned student, FT_EPOCHS epochs). Reuses prune_quality.sh's trained
# student when REUSE_STUDENT=1 and it exists. Figures go into bench/RESULTS.md by hand, with the wall times printed.
#   EPOCHS=3 FT_EPOCHS=1 bench/prune_taylor.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prune_common.sh"
epochs="${EPOCHS:-15}"
student="${STUDENT:-vgg:1.4}"
seed="${SEED:-0}"
[[ -d "$test_dir" ]] || $cmd data fashion-mnist --split full --out "$(dirname "$test_dir")"
if [[ "${REUSE_STUDENT:-0}" == 1 && -f "$out/student.onnx" ]]; then
  echo "== reusing $out/student.onnx" >&2
else
  echo "== train $student for $epochs epochs" >&2
  $cmd train --data "$data" "${size_args[@]}" --model "$student" --epochs "$epochs" --seed "$seed" --out "$out/student.onnx" --force >&2
fi
printf '%-10s %10s %10s %12s %12s\n' criterion params prune_s before_ft after_ft
for crit in ${CRITERIA:-l1 random taylor}; do
  extra=()
  [[ $crit == taylor ]] && extra=(--data "$data" --teacher "$out/student.onnx" --taylor-images "${TAYLOR_IMAGES:-512}")
  t0=$(date +%s.%N)
  $cmd prune --model "$out/student.onnx" --budget "$budget" --criterion "$crit" --seed "$seed" "${extra[@]}" \
      --out "$out/pruned_$crit.onnx" --force > "$out/prune_$crit.log"
  t1=$(date +%s.%N)
  $cmd distill --data "$data" "${size_args[@]}" --init "$out/pruned_$crit.onnx" --teacher "$out/student.onnx" \
      --epochs "$ft_epochs" --seed "$seed" --out "$out/finetuned_$crit.onnx" --force > "$out/finetune_$crit.log" 2>&1
  printf '%-10s %10s %10.1f %12s %12s\n' "$crit" "$(params "$out/pruned_$crit.onnx")" "$(echo "$t1 - $t0" | bc)" \
      "$(accuracy "$out/pruned_$crit.onnx")" "$(accuracy "$out/finetuned_$crit.onnx")"
done
echo "student: $(params "$out/student.onnx") params, test accuracy $(accuracy "$out/student.onnx")%"
