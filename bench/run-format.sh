#!/usr/bin/env bash
# The format benchmark of issue 3 §6: builds the bench module, then measures open, read, save and verify of
# .brine files of each size against cat, dd, sha256sum and the Java serialization / .npy peers, and writes the
# section "Format (issue 3)" of docs/benchmarks.md. Needs free space in /tmp (or --dir) of about the sum of the
# sizes plus three times the largest; run as root for cold page-cache rows.
#
#   bench/run-format.sh [--sizes 1M,1G,4G] [--out docs/benchmarks.md] [--reps 5] [--dir /tmp] [--warm-only]
#
# BENCH_HEAP (default 7g) is the Java heap; the peers hold the whole model as float[] arrays.
set -euo pipefail
cd "$(dirname "$0")/.."

. tools/find-jdk.sh
if ! find_jdk; then
    echo "run-format.sh: $JDK_MISSING_MESSAGE" >&2
    exit 2
fi
./mvnw -q -pl bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "-Xmx${BENCH_HEAP:-7g}" -cp bench/target/benchmarks.jar \
    dev.brine.bench.FormatBench "$@"
