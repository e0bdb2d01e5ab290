#!/usr/bin/env bash
# Spark overhead (issue 15): `netcompress predict --spark local[2]` against plain `predict` on the runtime
# benchmark's 3,347 photo-like JPEGs (512x384 and larger), the depthwise student, whole process timed (JVM
# start, Spark's start and stop included), RUNS alternating pairs; prints each pair, the medians and their
# ratio, and checks the two CSVs are byte-identical. Figures go into bench/RESULTS.md (section spark) by hand.
#   bench/spark_bench.sh              # RUNS=3
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=bench/data/runtime/testing
OUT=bench/out/spark
MODEL=test-data/src/main/resources/fixtures/pytorch/${MODEL:-student_dw}.onnx
MASTER=${MASTER:-local[2]}
mkdir -p "$OUT"
n=$(ls "$DATA/00" 2>/dev/null | wc -l || true)
if [ "$n" != 3347 ]; then
  echo "generating 3,347 test images under $DATA (a few minutes, once)"
  /usr/bin/python3 bench/runtime/make_images.py "$DATA" 3347 11
fi
# builds (once) and warms both paths
./netcompress predict --model "$MODEL" --images "$DATA" --out "$OUT/plain.csv" --force > /dev/null 2>&1
./netcompress predict --model "$MODEL" --images "$DATA" --out "$OUT/spark.csv" --force --spark "$MASTER" > /dev/null 2>"$OUT/spark_warmup.log"

timed() { # csv [predict args...] -> seconds
  local csv=$1 t0 t1
  shift
  t0=$(date +%s.%N)
  ./netcompress predict --model "$MODEL" --images "$DATA" --out "$csv" --force "$@" > /dev/null 2>>"$OUT/runs.log"
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
plain=()
spark=()
for ((i = 1; i <= RUNS; i++)); do
  p=$(timed "$OUT/plain.csv")
  s=$(timed "$OUT/spark.csv" --spark "$MASTER")
  plain+=("$p")
  spark+=("$s")
  printf 'pair %d: plain %.2f s, --spark %s %.2f s\n' "$i" "$p" "$MASTER" "$s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mp=$(median "${plain[@]}")
ms=$(median "${spark[@]}")
cmp -s "$OUT/plain.csv" "$OUT/spark.csv" && same=yes || same=NO
printf 'median: plain %.2f s (%.0f images/s), --spark %s %.2f s (%.0f images/s); overhead %.2fx; CSVs byte-identical: %s\n' \
  "$mp" "$(echo "3347 / $mp" | bc -l)" "$MASTER" "$ms" "$(echo "3347 / $ms" | bc -l)" "$(echo "$ms / $mp" | bc -l)" "$same"
