#!/usr/bin/env bash
# The searched student against the fixed default, on one data set and several seeds (issue 23).
# Per seed, two whole pipelines with the same teacher, data and recipe: the default (vgg:1.25, distilled,
# pruned to the budget, fine-tuned) and `--student auto` (the search stage picks the family, width and
# route on validation accuracy, then the same stages run on the winner). Test accuracy comes from the
# pipeline's own predict stage against the test split's labels file, which neither arm reads for
# training or selection.
#   bench/search_bench.sh DATASET [OUT]        DATASET: fmnist | food64
#   SEEDS="0 1 2" EPOCHS=6 FINETUNE=2 (every arm's --student-epochs and --finetune-epochs)
# fmnist: Fashion-MNIST low-label (280 labeled and 60 validation images a class, UNLABELED=5000 unlabeled
#   ones, the 10,000 t10k images as the test split); the bench teacher of trainer_lowlabel.sh
#   (resnet18:0.25 trained on the full split laid out as folders, TEACHER_EPOCHS=3).
# food64: synthetic food-11 at scale 1.0 (the assignment's counts: 3,080 labeled, 660 validation,
#   6,786 unlabeled, 3,347 test), 64x64 input, a ResNet teacher (TEACHER_MODEL=resnet10:0.5,
#   TEACHER_EPOCHS=15, trained on the labeled images).
# Finished arms (their stages/predict.json) are kept, so an interrupted run continues.
# Results: OUT/results.tsv, a line per arm, and the means per arm at the end; figures go into
# bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
DATASET=${1:?usage: bench/search_bench.sh fmnist|food64 [OUT]}
OUT=${2:-bench/out/search/$DATASET}
SEEDS=${SEEDS:-0 1 2}
EPOCHS=${EPOCHS:-6}
FINETUNE=${FINETUNE:-2}
NC=${NETCOMPRESS:-./netcompress}
mkdir -p "$OUT"

case "$DATASET" in
  fmnist)
    SIZE=28
    DATA="$OUT/fm-low"
    [ -d "$DATA/training" ] || $NC data fashion-mnist --out "$DATA" --split low-label --unlabeled "${UNLABELED:-5000}"
    if [ ! -f "$OUT/teacher.onnx" ]; then
      # the teacher learns every training image with its label (t10k never); folders, so it takes 3 channels like the students
      [ -d "$OUT/fm-full/training" ] || $NC data fashion-mnist --out "$OUT/fm-full" --split full
      $NC train --model resnet18:0.25 --data "$OUT/fm-full" --size 28 --epochs "${TEACHER_EPOCHS:-3}" --seed 0 \
          --out "$OUT/teacher.onnx" > "$OUT/teacher.log" 2>&1
    fi ;;
  food64)
    SIZE=64
    DATA="$OUT/food-11"
    [ -d "$DATA/training" ] || $NC data synth --out "$DATA" --scale 1.0 --seed 0
    [ -f "$OUT/teacher.onnx" ] || $NC train --model "${TEACHER_MODEL:-resnet10:0.5}" --data "$DATA" --size 64 \
        --epochs "${TEACHER_EPOCHS:-15}" --seed 0 --out "$OUT/teacher.onnx" > "$OUT/teacher.log" 2>&1 ;;
  *) echo "unknown data set $DATASET (fmnist or food64)" >&2; exit 2 ;;
esac

results="$OUT/results.tsv"
[ -f "$results" ] || printf 'seed\tarm\tstudent\troute\tparameters\tfinal_val\ttest_accuracy\tsearch_seconds\tstage_seconds\twall_seconds\n' > "$results"

for seed in $SEEDS; do
  for arm in default auto; do
    run="$OUT/$arm-$seed"
    [ -f "$run/stages/predict.json" ] && continue
    extra=()
    [ "$arm" = auto ] && extra=(--student auto)
    t0=$(date +%s.%N)
    $NC pipeline --data "$DATA" --teacher "$OUT/teacher.onnx" --size "$SIZE" --seed "$seed" --student-epochs "$EPOCHS" \
        --finetune-epochs "$FINETUNE" --out "$run" "${extra[@]}" > "$run.log" 2>&1
    wall=$(echo "$(date +%s.%N) - $t0" | bc)
    /usr/bin/python3 - "$run" "$seed" "$arm" "$wall" >> "$results" <<'EOF'
import json, pathlib, sys
run, seed, arm, wall = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
stages = {p.stem: json.loads(p.read_text()) for p in (run / "stages").glob("*.json")}
search = stages.get("search", {}).get("metrics", {})
student = search.get("winner", "vgg:1.25")
route = search.get("route", "prune")
prune = stages["prune"]["metrics"] if "prune" in stages else {}
params = prune.get("parameters after", stages["distill"]["metrics"].get("parameters"))
final_val = stages["evaluate"]["metrics"].get("validation accuracy")
test = stages["predict"]["metrics"]["test accuracy (labels file)"]
search_s = stages.get("search", {}).get("seconds", 0.0)
total = sum(s.get("seconds", 0.0) for s in stages.values())
print(f"{seed}\t{arm}\t{student}\t{route}\t{params}\t{final_val:.4f}\t{test:.4f}\t{search_s:.1f}\t{total:.1f}\t{wall:.1f}")
EOF
    tail -1 "$results"
  done
done

/usr/bin/python3 - "$results" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for arm in ("default", "auto"):
    acc = [float(r["test_accuracy"]) for r in rows if r["arm"] == arm]
    wall = [float(r["wall_seconds"]) for r in rows if r["arm"] == arm]
    if acc:
        print(f"{arm}: mean test accuracy {100 * statistics.mean(acc):.2f}% over {len(acc)} seeds, median wall {statistics.median(wall):.0f} s")
EOF
