#!/usr/bin/env bash
# How well does a short proxy run rank the search's candidates the way full runs do (issue 23)?
# Every candidate of `netcompress search` trained in full (FULL epochs on every training image, the prune
# route pruned and fine-tuned FULL/2 epochs), then the same candidates with each proxy length of PROXIES
# (EPOCHS:SHARE, one round each). Spearman's rank correlation of each proxy's validation accuracies with
# the full runs' validation accuracies and with their test accuracies (the test split is read only here,
# by `netcompress eval`, never by a search), and what choosing by the proxy would have cost: the test
# accuracy of the proxy's pick against the best full run's.
#   bench/search_rank.sh DATA TEACHER SIZE [OUT]    FULL=12 PROXIES="1:0.5 2:0.5 4:0.5 1:1.0" SEED=0
# Finished searches are kept (a search folder continues where it stopped).
# Results: OUT/rank.tsv (a line per candidate), OUT/correlation.txt; figures go into bench/RESULTS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:?usage: bench/search_rank.sh DATA TEACHER SIZE [OUT]}
TEACHER=${2:?teacher ONNX}
SIZE=${3:?input side}
OUT=${4:-bench/out/search/rank}
FULL=${FULL:-12}
PROXIES=${PROXIES:-1:0.5 2:0.5 4:0.5 1:1.0}
SEED=${SEED:-0}
NC=${NETCOMPRESS:-./netcompress}
mkdir -p "$OUT"

search() { # folder epochs share
  local t0=$(date +%s.%N)
  $NC search --data "$DATA" --teacher "$TEACHER" --size "$SIZE" --seed "$SEED" --rounds 1 --full-epochs 0 \
      --proxy-epochs "$2" --proxy-share "$3" --out "$OUT/$1" > "$OUT/$1.log" 2>&1
  echo "$1: $(echo "$(date +%s.%N) - $t0" | bc | cut -d. -f1) s"
}
search full "$FULL" 1.0
for p in $PROXIES; do search "proxy-${p/:/-}" "${p%%:*}" "${p#*:}"; done

# test accuracy of every full run's final model
tests="$OUT/full-test.tsv"
if [ ! -s "$tests" ]; then
  for round in "$OUT"/full/runs/*/round-0.json; do
    model=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["model"])' "$round")
    acc=$($NC eval --model "$OUT/full/$model" --data "$DATA/testing" --labels "$DATA/testing_labels.csv" \
        --confusion "$OUT/full/${model%.onnx}-confusion.png" --force 2>/dev/null \
        | sed -n 's/^accuracy[^0-9]*\([0-9.]*\).*/\1/p' | head -1)
    printf '%s\t%s\n' "$(basename "$(dirname "$round")")" "$acc" >> "$tests"
  done
fi

/usr/bin/python3 - "$OUT" "$PROXIES" <<'EOF' | tee "$OUT/correlation.txt"
import json, pathlib, sys
out, proxies = pathlib.Path(sys.argv[1]), sys.argv[2].split()

def accuracies(folder):
    return {p.parent.name: json.loads(p.read_text())["validationAccuracy"] for p in (out / folder / "runs").glob("*/round-0.json")}

def ranks(values):  # average ranks for ties
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r

def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    var = (sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5
    return cov / var if var else float("nan")

full = accuracies("full")
test = {}
for line in (out / "full-test.tsv").read_text().split("\n"):
    if line.strip():
        cid, acc = line.split("\t")
        test[cid] = float(acc) / 100 if float(acc) > 1 else float(acc)
ids = sorted(full, key=lambda c: -full[c])
seconds = lambda folder, c: json.loads((out / folder / "runs" / c / "round-0.json").read_text())["seconds"]
rows = {c: [f"{full[c]:.4f}", f"{test[c]:.4f}"] for c in ids}
header = ["candidate", "full_val", "full_test"]
best_test = max(test.values())
print(f"{len(ids)} candidates; full runs: best validation {ids[0]} ({full[ids[0]]:.2%}, test {test[ids[0]]:.2%}), "
      f"best test {max(test, key=test.get)} ({best_test:.2%}); {sum(seconds('full', c) for c in ids):.0f} s of training")
for p in proxies:
    folder = "proxy-" + p.replace(":", "-")
    acc = accuracies(folder)
    common = [c for c in ids if c in acc]
    params = {c: json.loads((out / folder / "runs" / c / "round-0.json").read_text())["parameters"] for c in common}
    pick = min(common, key=lambda c: (-acc[c], params[c], c))  # the search's own order: accuracy, then fewer parameters
    header.append(folder)
    for c in ids:
        rows[c].append(f"{acc[c]:.4f}" if c in acc else "")
    cost = sum(seconds(folder, c) for c in common)
    print(f"{folder}: Spearman {spearman([acc[c] for c in common], [full[c] for c in common]):+.2f} with full validation, "
          f"{spearman([acc[c] for c in common], [test[c] for c in common]):+.2f} with full test; picks {pick} "
          f"(full test {test[pick]:.2%}, {100 * (test[pick] - best_test):+.2f} points against the best); {cost:.0f} s of training")
with open(out / "rank.tsv", "w") as f:
    f.write("\t".join(header) + "\n")
    for c in ids:
        f.write("\t".join([c] + rows[c]) + "\n")
EOF
