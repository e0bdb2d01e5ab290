#!/usr/bin/env bash
# Distillation in the assignment's regime, on real data: Fashion-MNIST laid out low-label (280
# labeled and 60 validation images a class, the rest of the training images unlabeled, the 10,000
# t10k images as the test split with their labels beside it). The teacher is trained by
# `netcompress train` on Fashion-MNIST's training images with their labels (the full split; t10k never). Students of at
# most 100,000 parameters, each from the same seed: labeled only (no teacher), KD on the labeled
# images (--unlabeled none), pseudo, soft and both. Test accuracy on the 10,000 test images, which no
# run trains or selects on (the best epoch is chosen on validation), with each run's wall time.
# Then the cheaper teacher options on one use of the unlabeled set: VARIANTS="USE:TARGETS:PRECISION ..." (default
# soft with --teacher-targets cached, views:4, and the int8 teacher), each as kd-USE-TARGETS-PRECISION.
#   bench/trainer_lowlabel.sh [TEACHER_EPOCHS] [LABELED_EPOCHS] [UNLABELED_EPOCHS] [OUT]   (USES="none soft pseudo both", VARIANTS)
# Runs already done (their .onnx in OUT) are kept, so an interrupted run continues.
# Results: OUT/results.tsv (one line per run); figures go into bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
TEACHER_EPOCHS=${1:-4}
LABELED_EPOCHS=${2:-32}
UNLABELED_EPOCHS=${3:-8}
OUT=${4:-bench/out/lowlabel}
TEACHER=${TEACHER:-resnet18:0.25}
STUDENT=${STUDENT:-vgg:1.1}
SEED=${SEED:-0}
NC=./netcompress
mkdir -p "$OUT"
DATA="$OUT/fm-low"
[ -d "$DATA/training" ] || $NC data fashion-mnist --out "$DATA" --split low-label
results="$OUT/results.tsv"
[ -f "$results" ] || printf 'run\tunlabeled\tepochs\tseconds\ttest_accuracy\n' > "$results"

timed() { # name unlabeled epochs command...
  local name=$1 use=$2 epochs=$3; shift 3
  local t0=$(date +%s.%N)
  "$@" > "$OUT/$name.log" 2>&1
  local t1=$(date +%s.%N)
  local acc=$($NC eval --model "$OUT/$name.onnx" --data "$DATA/testing" --labels "$DATA/testing_labels.csv" \
      --confusion "$OUT/$name-confusion.png" --force 2>/dev/null | sed -n 's/^accuracy[^0-9]*\([0-9.]*\).*/\1/p' | head -1)
  printf '%s\t%s\t%s\t%.1f\t%s\n' "$name" "$use" "$epochs" "$(echo "$t1 - $t0" | bc)" "$acc" | tee -a "$results"
}

# the teacher learns every training image with its label: the full split, laid out as folders like the
# students' data (image folders load as 3 channels; a teacher trained on the 1-channel IDX files would not
# take the students' batches)
FULL="$OUT/fm-full"
[ -d "$FULL/training" ] || $NC data fashion-mnist --out "$FULL" --split full
if [ ! -f "$OUT/teacher.onnx" ]; then
  timed teacher - "$TEACHER_EPOCHS" $NC train --model "$TEACHER" --data "$FULL" --size 28 --epochs "$TEACHER_EPOCHS" \
      --seed "$SEED" --out "$OUT/teacher.onnx" --force
fi
[ -f "$OUT/labeled-only.onnx" ] || timed labeled-only - "$LABELED_EPOCHS" $NC train --model "$STUDENT" --data "$DATA" --size 28 --epochs "$LABELED_EPOCHS" --seed "$SEED" \
    --out "$OUT/labeled-only.onnx" --force
distill() { # name use epochs targets precision
  [ -f "$OUT/$1.onnx" ] || timed "$1" "$2" "$3" $NC distill --student "$STUDENT" --teacher "$OUT/teacher.onnx" --data "$DATA" --size 28 \
      --epochs "$3" --alpha 0.5 --T 4 --unlabeled "$2" --teacher-targets "$4" --teacher-precision "$5" --seed "$SEED" --out "$OUT/$1.onnx" --force
}
for use in ${USES:-none soft pseudo both}; do
  distill "kd-$use" "$use" "$([ "$use" = none ] && echo "$LABELED_EPOCHS" || echo "$UNLABELED_EPOCHS")" live fp32
done
for v in ${VARIANTS:-soft:cached:fp32 soft:views:4:fp32 soft:live:int8}; do
  use=${v%%:*}; rest=${v#*:}; precision=${rest##*:}; targets=${rest%:*}
  distill "kd-$use-${targets/:/}-$precision" "$use" "$UNLABELED_EPOCHS" "$targets" "$precision"
done
