#!/usr/bin/env bash
# Runtime benchmark: our predict pipeline vs the PyTorch reference (the assignment notebook's way) on
# 3,347 photo-like JPEGs (512x384 and larger), with student.onnx and student_dw.onnx.
#   bench/runtime_bench.sh            # RUNS=3 by default; results in bench/out/runtime/, section "runtime" of bench/RESULTS.md
# Both sides get 2 threads: torch.set_num_threads(2) for the peer; 2 ONNX Runtime threads and
# 2 decoder threads for us. Runs alternate peer/ours so machine noise hits both; figures are medians.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3            # Debian's python3 with python3-torch/torchvision/onnx, not the pyenv one
RUNS=${RUNS:-3}
OUT=bench/out/runtime
DATA=bench/data/runtime/testing
FIX=test-data/src/main/resources/fixtures/pytorch
mkdir -p "$OUT"

mvn -q -B -pl runtime -am install -DskipTests
mvn -q -B -pl runtime dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >&2
CP="runtime/target/classes:$(cat "$OUT/cp.txt")"
javac -d "$OUT/classes" -cp "$CP" bench/runtime/RuntimeBench.java
JAVA=(java -cp "$OUT/classes:$CP" -Dbench.batch="${BATCH:-4}")

n=$(ls "$DATA/00" 2>/dev/null | wc -l || true)
if [ "$n" != 3347 ]; then
  echo "generating 3,347 test images under $DATA (a few minutes, once)"
  $PY bench/runtime/make_images.py "$DATA" 3347 11
fi

: > "$OUT/results.jsonl"
record() { # side model kind json
  echo "{\"side\": \"$1\", \"model\": \"$2\", \"kind\": \"$3\", \"result\": $4}" | tee -a "$OUT/results.jsonl"
}

for model in student_dw student; do
  for r in $(seq "$RUNS"); do
    record peer "$model" e2e "$($PY bench/runtime/reference.py e2e "$FIX/$model.onnx" "$DATA" "$OUT/peer_$model.csv")"
    record ours "$model" e2e "$("${JAVA[@]}" RuntimeBench e2e "$FIX/$model.onnx" "$DATA" "$OUT/ours_$model.csv")"
    record peer "$model" infer "$($PY bench/runtime/reference.py infer "$FIX/$model.onnx")"
    record ours "$model" infer "$("${JAVA[@]}" RuntimeBench infer "$FIX/$model.onnx")"
  done
  # agreement without the reduced-size JPEG decode, for comparison
  record ours "$model" e2e_full "$("${JAVA[@]}" RuntimeBench e2e "$FIX/$model.onnx" "$DATA" "$OUT/ours_full_$model.csv" full)"
done
for r in $(seq "$RUNS"); do
  record peer - decode "$($PY bench/runtime/reference.py decode "$DATA")"
  record ours - decode "$("${JAVA[@]}" RuntimeBench decode "$DATA")"
done

# our session wrapper against bare ORT loops (ORT's default spinning threads, and the same options as ours)
for model in student_dw student; do
  for r in $(seq "$RUNS"); do
    record ours "$model" infer_bare "$("${JAVA[@]}" RuntimeBench infer "$FIX/$model.onnx")"
  done
done

$PY bench/runtime/summarize.py "$OUT" "bench/runtime_bench.sh (RUNS=$RUNS, BATCH=${BATCH:-4})" bench/RESULTS.md
