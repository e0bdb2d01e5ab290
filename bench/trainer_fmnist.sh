#!/usr/bin/env bash
# Real data: the full Fashion-MNIST from Debian's dataset-fashion-mnist (55,000 train / 5,000 validation
# split of the training file; the 10,000 t10k images only for the final test report, never for training
# or model selection). A teacher, then the same <=100k student trained without a teacher, with Hinton
# KD and with decoupled KD, all at 28x28. Prints each run's best validation and test accuracy and time.
#   bench/trainer_fmnist.sh [EPOCHS_TEACHER] [EPOCHS_STUDENT] [OUTDIR]
# Needs the netcompress jar (cli); the root ./netcompress launcher preloads jemalloc.
set -euo pipefail
cd "$(dirname "$0")/.."
ET=${1:-15}
ES=${2:-15}
OUT=${3:-bench/out/trainer-fmnist}
DATA=/usr/share/datasets/fashion-mnist
mkdir -p "$OUT"
if [ -x ./netcompress ]; then NC=(./netcompress); else
  mvn -q -B -o -pl cli -am package -DskipTests
  export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
  NC=(java -Xmx3g -jar cli/target/netcompress.jar)
fi
COMMON=(--data "$DATA" --batch 128 --lr 3e-3 --warmup 0.1 --threads 2 --workers 1 --force)
run() { local name=$1; shift; /usr/bin/time -f "$name wall %e s, max RSS %M KB" "${NC[@]}" "$@" 2>&1 | tee "$OUT/$name.log" | grep -E 'parameters|accuracy|wall'; }
run teacher  train   --model resnet10:0.25 --out "$OUT/teacher.onnx" --epochs "$ET" --seed 1 "${COMMON[@]}"
run baseline train   --model vgg --out "$OUT/baseline.onnx" --epochs "$ES" --seed 2 "${COMMON[@]}"
run kd       distill --student vgg --teacher "$OUT/teacher.onnx" --method kd --alpha 0.5 --T 4 --out "$OUT/kd.onnx" --epochs "$ES" --seed 2 --teacher-threads 1 "${COMMON[@]}"
run dkd      distill --student vgg --teacher "$OUT/teacher.onnx" --method dkd --T 4 --out "$OUT/dkd.onnx" --epochs "$ES" --seed 2 --teacher-threads 1 "${COMMON[@]}"
