#!/usr/bin/env bash
# Training speed: images/s of netcompress's distillation step vs the same step in PyTorch (Debian's
# python3-torch), same student and ResNet-18 teacher, batch 64, 2 threads, at 64x64 and 142x142.
# netcompress runs three ways: "sequential" (teacher then student, both engines on 2 threads) and
# "overlapped" (as the training loop runs it: ONNX Runtime computes the next batch's teacher logits on
# 1 thread while libtorch trains the student on 1 thread), then "int8" (sequential, the teacher quantized
# to int8 as `distill --teacher-precision int8` runs it); PyTorch runs with its float teacher, then with its own
# int8 teacher (FX static quantization). Medians of REPEATS runs of STEPS steps,
# the loops alternating so machine load hits them alike. Each side runs in its own fastest correct setting on this
# CPU: netcompress's engine check chooses the trainer's, bench/pytorch_engine.py PyTorch's; both are printed.
#   bench/trainer_speed.sh [STUDENT] [STEPS] [REPEATS] [SIZES]
set -euo pipefail
cd "$(dirname "$0")/.."
STUDENT=${1:-studentnet}
STEPS=${2:-4}
REPEATS=${3:-3}
SIZES=${4:-"64 142"}
mvn -q -B -pl trainer -am install -DskipTests
mvn -q -B -pl trainer test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/trainer/target/trainer-bench.cp"
CP="$(cat trainer/target/trainer-bench.cp):trainer/target/classes:trainer/target/test-classes"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
# each side in its own fastest correct setting on this CPU: netcompress's engine check (printed by the first
# Java run), PyTorch's by bench/pytorch_engine.py
peer=$(/usr/bin/python3 bench/pytorch_engine.py 2)
echo "$peer" | sed 's/^/PyTorch peer: /'
export TORCH_MKLDNN=$(echo "$peer" | sed -n 's/^mkldnn=//p' | tail -1)
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
for SIZE in $SIZES; do
  java -Xmx4g -cp "$CP" netcompress.trainer.bench.TeacherSpeedBench "$SIZE" resnet18 64 2 7
  java -Xmx4g -cp "$CP" netcompress.trainer.bench.DistillSpeedBench "$SIZE" "$STUDENT" resnet18 64 2 "$STEPS" "$REPEATS" teacher 1 1 | tail -1
  java -Xmx4g -cp "$CP" netcompress.trainer.bench.DistillSpeedBench "$SIZE" "$STUDENT" resnet18 64 2 "$STEPS" "$REPEATS" | tail -1
  java -Xmx4g -cp "$CP" netcompress.trainer.bench.DistillSpeedBench "$SIZE" "$STUDENT" resnet18 64 2 "$STEPS" "$REPEATS" int8 | tail -1
  LD_PRELOAD= /usr/bin/python3 bench/trainer_speed_pytorch.py "$SIZE" "$STUDENT" resnet18 64 2 "$STEPS" "$REPEATS" | tail -1
  LD_PRELOAD= /usr/bin/python3 bench/trainer_speed_pytorch.py "$SIZE" "$STUDENT" resnet18 64 2 "$STEPS" "$REPEATS" int8 | tail -1
done
