#!/usr/bin/env bash
# Distillation speed with the unlabeled set in the batches: images/s of netcompress's distillation step
# against a PyTorch loop doing the same (teacher forward on each batch, the same student, KD on every
# image and cross-entropy only on the labeled ones, batch 64, 2 threads), at 28x28 and 142x142. The
# low-label benchmark's models: student vgg:1.1, teacher resnet18:0.25 (TEACHER=resnet18: the assignment's), 10 classes; SHARE of each batch
# unlabeled (default 0.95: Fashion-MNIST low-label's 56,600 unlabeled to 2,800 labeled). netcompress runs as
# `distill` does: ONNX Runtime computes the next batch's teacher logits on 1 thread while libtorch trains
# the student on 1; the same with the teacher in int8 (--teacher-precision int8); then with teacher logits cached (--teacher-targets cached/views:K: no teacher run per
# batch). Medians of REPEATS runs of STEPS steps, the loops alternating so machine load hits them alike.
#   bench/trainer_unlabeled_speed.sh [STEPS] [REPEATS] [SIZES]   (STUDENT, TEACHER, SHARE from the environment)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-8}
REPEATS=${2:-3}
SIZES=${3:-"28 142"}
STUDENT=${STUDENT:-vgg:1.1}
TEACHER=${TEACHER:-resnet18:0.25}
SHARE=${SHARE:-0.95}
mvn -q -B -pl trainer -am install -DskipTests
mvn -q -B -pl trainer test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/trainer/target/trainer-bench.cp"
CP="$(cat trainer/target/trainer-bench.cp):trainer/target/classes:trainer/target/test-classes"
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
J="java -Xmx4g -Dbench.classes=10 -Dbench.unlabeledShare=$SHARE -cp $CP netcompress.trainer.bench.DistillSpeedBench"
for SIZE in $SIZES; do
  for rep in 1 2; do
    $J "$SIZE" "$STUDENT" "$TEACHER" 64 2 "$STEPS" "$REPEATS" teacher 1 1 | tail -1
    $J "$SIZE" "$STUDENT" "$TEACHER" 64 2 "$STEPS" "$REPEATS" int8 1 1 | tail -1
    $J "$SIZE" "$STUDENT" "$TEACHER" 64 2 "$STEPS" "$REPEATS" cached | tail -1
    LD_PRELOAD= CLASSES=10 UNLABELED_SHARE=$SHARE /usr/bin/python3 bench/trainer_speed_pytorch.py "$SIZE" "$STUDENT" "$TEACHER" 64 2 "$STEPS" "$REPEATS" | tail -1
  done
done
