#!/usr/bin/env bash
# The integrity benchmark of issue 15 §1: Models.load of a .brine file (1 GB by default) plus reading every tensor
# byte, with tensor verification (first load in the process, and a file the process already verified) against
# the same without; writes the section "Integrity on load (issue 15)" of docs/benchmarks.md. Needs --size free in
# --dir; run as root for the cold page-cache row.
#
#   bench/run-trust.sh [--size 1G] [--reps 5] [--out docs/benchmarks.md] [--dir /tmp]
set -euo pipefail
cd "$(dirname "$0")/.."

. tools/find-jdk.sh
if ! find_jdk; then
    echo "run-trust.sh: $JDK_MISSING_MESSAGE" >&2
    exit 2
fi
./mvnw -q -pl bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "-Xmx${BENCH_HEAP:-2g}" -cp bench/target/benchmarks.jar \
    dev.brine.bench.LoadVerifyBench "$@"
