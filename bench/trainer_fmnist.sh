#!/usr/bin/env bash
# Real data: the full Fashion-MNIST from Debian's dataset-fashion-mnist (55,000 train / 5,000 validation
# split of the training file; the 10,000 t10k images only for the final test report, never for training
# or model selection). A teacher, then the same <=100k student trained without a teacher, with Hinton
# KD and with decoupled KD, all at 28x28. Prints each run's best validation and test accuracy and time.
#   bench/trainer_fmnist.sh [EPOCHS_TEACHER] [EPOCHS_STUDENT] [OUTDIR]
#   TEACHER=resnet18:0.25 STUDENT=vgg:1.1 METHODS="kd dkd" ALPHA=0.5 T=4 TEACHER_PRECISION=fp32 bench/trainer_fmnist.sh 15 20
# An existing OUTDIR/teacher.onnx is reused when REUSE_TEACHER=1.
# Needs the netcompress jar (cli); the root ./netcompress launcher preloads jemalloc.
set -euo pipefail
cd "$(dirname "$0")/.."
ET=${1:-15}
ES=${2:-20}
OUT=${3:-bench/out/trainer-fmnist}
DATA=/usr/share/datasets/fashion-mnist
TEACHER=${TEACHER:-resnet18:0.25}
STUDENT=${STUDENT:-vgg:1.1}
METHODS=${METHODS:-kd dkd}
ALPHA=${ALPHA:-0.5}
T=${T:-4}
TEACHER_PRECISION=${TEACHER_PRECISION:-fp32}  # int8: distill from a calibrated int8 copy of the teacher
mkdir -p "$OUT"
if [ -x ./netcompress ]; then NC=(./netcompress); else
  mvn -q -B -pl cli -am package -DskipTests
  export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
  NC=(java -Xmx3g -jar cli/target/netcompress.jar)
fi
COMMON=(--data "$DATA" --batch 128 --lr 3e-3 --warmup 0.1 --threads 2 --workers 1 --force)
run() { local name=$1; shift; /usr/bin/time -f "$name wall %e s, max RSS %M KB" "${NC[@]}" "$@" 2>&1 | tee "$OUT/$name.log" | grep -E 'parameters|accuracy|wall'; }
if [ "${REUSE_TEACHER:-0}" = 1 ] && [ -f "$OUT/teacher.onnx" ]; then echo "reusing $OUT/teacher.onnx"; else
  run teacher train --model "$TEACHER" --out "$OUT/teacher.onnx" --epochs "$ET" --seed 1 "${COMMON[@]}"
fi
run baseline train --model "$STUDENT" --out "$OUT/baseline.onnx" --epochs "$ES" --seed 2 "${COMMON[@]}"
for m in $METHODS; do
  KD_ARGS=(--method "$m" --T "$T")
  [ "$m" = kd ] && KD_ARGS+=(--alpha "$ALPHA")
  run "$m" distill --student "$STUDENT" --teacher "$OUT/teacher.onnx" "${KD_ARGS[@]}" --out "$OUT/$m.onnx" --epochs "$ES" --seed 2 --teacher-threads 1 --teacher-precision "$TEACHER_PRECISION" "${COMMON[@]}"
done
