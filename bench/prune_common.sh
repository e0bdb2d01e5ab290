# Shared by bench/prune_quality.sh and bench/prune_random_seeds.sh (sourced, not run): where the
# command, data and outputs are, and how a model's test accuracy and parameter count are read.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cmd="${NETCOMPRESS:-$root/netcompress}"
data="${DATA:-/usr/share/datasets/fashion-mnist}"
test_dir="${TEST:-bench/data/fashion-mnist-full/testing}"
ft_epochs="${FT_EPOCHS:-5}"
# image-folder splits (e.g. the low-label PNG split) need the input side; the IDX files default to 28
size_args=()
[[ -n "${SIZE:-}" ]] && size_args=(--size "$SIZE")
budget=100000
out="bench/out/prune_quality"
mkdir -p "$out"

accuracy() {  # model -> test accuracy in percent
  $cmd eval --model "$1" --data "$test_dir" --labels "$(dirname "$test_dir")/testing_labels.csv" --force \
      --confusion "$out/$(basename "$1" .onnx)_confusion.png" 2>/dev/null \
    | awk '/^accuracy /{printf "%.2f", 100 * $2}'
}
params() {
  $cmd count "$1" --budget 1000000000 | awk '/^Total params:/{print $3}'
}
