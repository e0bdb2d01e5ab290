#!/usr/bin/env bash
# PIL's decision on damaged photos, file by file (issue 22): for each seed, 300 photo-like JPEGs and PNGs made and
# damaged by test-data's damaged_photos.py (python3-pil), decided by Pillow (Image.open(f).convert("RGB")) and by
# the runtime's ImagePreprocessor (PilAgreementTest, full-size decode); the agreement table, the files decided
# differently and the pixel difference on the files both read go to bench/out/pil_agreement/SEED.txt.
#   bench/pil_agreement.sh [SEEDS]      (default: 22 23 24)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out/pil_agreement
mkdir -p "$OUT"
lscpu | grep -m1 'Model name' || true
mvn -q -B -o -pl runtime -am install -DskipTests
for SEED in ${1:-22 23 24}; do
  start=$(date +%s.%N)
  mvn -q -B -o -pl runtime surefire:test -Dtest=PilAgreementTest -Dnetcompress.damaged.seed="$SEED" >"$OUT/$SEED.log" 2>&1 || { echo "seed $SEED: test failed (see $OUT/$SEED.log)"; }
  cp "runtime/target/pil-agreement-$SEED.txt" "$OUT/$SEED.txt"
  echo "seed $SEED ($(printf '%.0f' "$(echo "$(date +%s.%N) - $start" | bc)") s):"
  grep -E '^agreement' "$OUT/$SEED.txt"
done
