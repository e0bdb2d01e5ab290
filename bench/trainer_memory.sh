#!/usr/bin/env bash
# Memory stays flat across epochs: distill studentnet from a ResNet-18:0.25 teacher on a synthetic food-11
# (test-data's generator, assignment layout), the unlabeled images through the teacher, for EPOCHS epochs;
# prints RSS and peak RSS per epoch and the largest growth over epoch 2 (flat: within 5%).
#   bench/trainer_memory.sh [EPOCHS] [SCALE] [SIZE] [UNLABELED]   (defaults 30 0.1 64 both)
set -euo pipefail
cd "$(dirname "$0")/.."
EPOCHS=${1:-30}
SCALE=${2:-0.1}
SIZE=${3:-64}
UNLABELED=${4:-both}
mvn -q -B -pl jobs -am install -DskipTests
mvn -q -B -pl jobs test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/jobs/target/jobs-bench.cp"
CP="$(cat jobs/target/jobs-bench.cp):jobs/target/classes:jobs/target/test-classes"
WORK=$(mktemp -d /tmp/netcompress-trainer-memory.XXXXXX)
LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1 \
  java -Xmx2g -Dai.djl.pytorch.num_threads=2 -cp "$CP" netcompress.jobs.bench.MemoryBench "$WORK" "$EPOCHS" "$SCALE" "$SIZE" "$UNLABELED"
rm -rf "$WORK"
