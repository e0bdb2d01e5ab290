#!/usr/bin/env bash
# Architecture counts (issue 24) at a revision: op-type string comparisons outside the op registry (onnx/ops),
# command-line flag names in string literals outside cli, and inline fully-qualified names in src/main.
#   bench/architecture_counts.sh [REV]     (default HEAD)
rev=${1:-HEAD}
cd "$(dirname "$0")/.."
optype=$(git grep -E 'getOpType\(\)\.(equals|startsWith|endsWith|contains)\(|"[A-Z][A-Za-z]+"\.equals\([a-z]+\.getOpType\(\)\)|case "[A-Z][A-Za-z]*"' $rev -- '*/src/main/*.java' | grep -v 'onnx-tools/src/main/java/netcompress/onnx/ops/' | wc -l)
flags=$(git grep -E '"[^"]*--[a-z][a-z-]+' $rev -- '*/src/main/*.java' | grep -v '^[^:]*:cli/' | wc -l)
fqn=$(git grep -E '(^|[^.\w"/])(java|javax|netcompress|ai|com|org)\.[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)*\.[A-Z]\w*' $rev -- '*/src/main/*.java' | grep -vE ':\s*(import|package) ' | grep -vE ':\s*(\*|//)' | wc -l)
echo "$rev: op-type string comparisons outside onnx/ops: $optype; CLI flag names in library modules: $flags; inline fully-qualified names in src/main: $fqn"
