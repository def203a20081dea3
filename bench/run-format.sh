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

java_version() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

find_java() {
    local candidate
    for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/*/bin/java; do
        if [[ -n "$candidate" && -x "$candidate" ]] && (( $(java_version "$candidate") >= 25 )); then
            echo "$candidate"
            return
        fi
    done
    echo "run-format.sh: no JDK 25 or newer found (JAVA_HOME, /usr/lib/jvm); install one, e.g. Temurin 25." >&2
    exit 2
}

java=$(find_java)
./mvnw -q -pl bench -am package -DskipTests
exec "$java" --enable-native-access=ALL-UNNAMED "-Xmx${BENCH_HEAP:-7g}" -cp bench/target/benchmarks.jar \
    dev.brine.bench.FormatBench "$@"
