#!/usr/bin/env bash
# Decode fidelity against the PIL pipeline (issue 13): real photographs (scikit-image's, Debian's
# python3-skimage) cropped to camera-like sizes and saved as JPEG; a small CNN trained in PyTorch on PIL's
# resized pixels; then, for each reduced-decode margin (0 = full decode), our pixels against PIL's and our
# answers against the PyTorch pipeline's, with the decode time per image. Sizes: 64 (the issue's GhostNet
# case) and 142 (the assignment's).
#   bench/runtime_fidelity.sh [TRAIN] [TEST] [MARGINS]    results: bench/out/fidelity/results.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
TRAIN=${1:-2200}
TEST=${2:-2000}
MARGINS=${3:-"1 1.5 2 3 0"}
OUT=bench/out/fidelity
mkdir -p "$OUT"
$PY -c "import skimage" 2>/dev/null || { echo "needs Debian's python3-skimage (apt-get install python3-skimage)" >&2; exit 2; }
mvn -q -B -pl runtime -am install -DskipTests
mvn -q -B -pl runtime dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >&2
CP="runtime/target/classes:$(cat "$OUT/cp.txt")"
javac -d "$OUT/classes" -cp "$CP" bench/runtime/FidelityBench.java
[ -d "$OUT/test/00" ] || $PY bench/runtime/fidelity.py corpus "$OUT" "$TRAIN" "$TEST"
: > "$OUT/results.jsonl"
for SIZE in ${SIZES:-64 142}; do
  [ -f "$OUT/model_$SIZE.onnx" ] || $PY bench/runtime/fidelity.py train "$OUT" "$SIZE" "$OUT/model_$SIZE.onnx"
  [ -f "$OUT/pil_$SIZE.csv" ] || $PY bench/runtime/fidelity.py reference "$OUT" "$SIZE" "$OUT/model_$SIZE.onnx" | tee "$OUT/pil_$SIZE.txt"
  java -cp "$OUT/classes:$CP" FidelityBench "$OUT" "$SIZE" "$OUT/model_$SIZE.onnx" $MARGINS | tee -a "$OUT/results.jsonl"
done
