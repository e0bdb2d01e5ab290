#!/usr/bin/env bash
# What the trainer's engine check costs on this machine (trainer/README.md, Engine check): the check in a warm
# process, one probe process from cold, the first-time decision (libtorch's defaults, and where they fail every
# other configuration), and the cached verdict later commands read. Medians of REPEATS.
#   bench/engine_check.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${1:-3}
mvn -q -B -pl trainer -am install -DskipTests
mvn -q -B -pl trainer test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/trainer/target/trainer-bench.cp"
CP="$(cat trainer/target/trainer-bench.cp):trainer/target/classes:trainer/target/test-classes"
export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 MALLOC_CONF=dirty_decay_ms:-1,muzzy_decay_ms:-1
java -Xmx2g -cp "$CP" netcompress.trainer.engine.EngineCheckBench "$REPEATS"
