#!/usr/bin/env bash
# The models benchmark of issue 4 §5: builds the bench module, then measures save/load per model type against raw
# tensor bytes through a FileChannel, batch predict and MLP training against scikit-learn / PyTorch (through
# /usr/bin/python3 when it has them) and the single-row latency of a 100-tree forest, and writes the section
# "Models (issue 4)" of docs/benchmarks.md.
#
#   bench/run-models.sh [--rows 10000] [--reps 7] [--calls 100000] [--epochs 3] [--out docs/benchmarks.md] [--dir /tmp]
set -euo pipefail
cd "$(dirname "$0")/.."

. tools/find-jdk.sh
if ! find_jdk; then
    echo "run-models.sh: $JDK_MISSING_MESSAGE" >&2
    exit 2
fi
./mvnw -q -pl bench -am package -DskipTests
# The Vector API (an incubator module) makes the networks' matrix multiplies about 3x faster; see docs/models.md.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
    "-Xmx${BENCH_HEAP:-2g}" -cp bench/target/benchmarks.jar \
    dev.brine.bench.ModelsBench "$@"
