#!/usr/bin/env bash
# The registry benchmark of issue 7 §5 (SQLite, filesystem store): push and pull of a 1 GB .brine file against cp
# and a durable copy, resolve-alias and list-versions ops/s with 10,000 versions against raw JDBC; writes the
# section "Registry (issue 7)" of docs/benchmarks.md. Needs about three times --size free in --dir.
#
#   bench/run-registry.sh [--size 1G] [--reps 3] [--versions 10000] [--postgres JDBC_URL (e.g. from .ci/postgres.sh)] [--out docs/benchmarks.md] [--dir /tmp]
set -euo pipefail
cd "$(dirname "$0")/.."

. tools/find-jdk.sh
if ! find_jdk; then
    echo "run-registry.sh: $JDK_MISSING_MESSAGE" >&2
    exit 2
fi
./mvnw -q -pl bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "-Xmx${BENCH_HEAP:-2g}" -cp bench/target/benchmarks.jar \
    dev.brine.bench.RegistryBench "$@"
