#!/usr/bin/env bash
# The channel shuffle's two exact forms after pruning (issue 14), timed in ONNX Runtime: torchvision's
# ShuffleNetV2 x1.0 as PyTorch exports it (Reshape -> Transpose -> Reshape) against the same model with every
# shuffle as the Gather on axis 1 that `netcompress prune` writes. Whole-model images/s, medians of ROUNDS
# alternating rounds, at 224x224 (ImageNet) and 142x142 (the assignment's side).
#   bench/prune_shuffle_speed.sh            # ROUNDS=7 RUNS=10 BATCH=8
# Needs Debian's /usr/bin/python3 with python3-torch, python3-torchvision and python3-onnx (export only).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/shuffle
BATCH=${BATCH:-8}
mkdir -p "$OUT"
mvn -q -B -pl runtime -am install -DskipTests
mvn -q -B -pl runtime dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >&2
CP="$(cat "$OUT/cp.txt")"
javac -d "$OUT/classes" -cp "$CP" bench/pruner/ShuffleFormBench.java
for size in 224 142; do
  /usr/bin/python3 bench/pruner/shuffle_forms.py "$OUT" "$BATCH" "$size"
  java -cp "$OUT/classes:$CP" ShuffleFormBench "$OUT/shufflenet_x1_0_reshape.onnx" "$OUT/shufflenet_x1_0_gather.onnx" \
      "$BATCH" "$size" "${ROUNDS:-7}" "${RUNS:-10}" | tee -a "$OUT/results.jsonl"
done
