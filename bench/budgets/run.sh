#!/usr/bin/env bash
# What the budgets of a load (issue 12 §2) cost on honest files: BudgetsBench.java against two builds of Brine,
# alternated ROUNDS times, CPU time of the loading thread (median and minimum of RUNS loads after warm-up).
#   bench/budgets/run.sh BEFORE_REV AFTER_REV [ROUNDS] [RUNS]     (e.g. 0b2529c f3471eb 3 31)
# Needs /usr/bin/python3 with scikit-learn and torch (bench/python-load/make_files.py writes the files).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
before="$1"; after="$2"; rounds="${3:-3}"; runs="${4:-31}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
. "$root/tools/find-jdk.sh"
find_jdk || { echo "run.sh: $JDK_MISSING_MESSAGE" >&2; exit 2; }
/usr/bin/python3 "$root/bench/python-load/make_files.py" "$work/files" 1 > /dev/null
for rev in "$before" "$after"; do
    mkdir -p "$work/$rev"
    git -C "$root" archive "$rev" | tar -x -C "$work/$rev"
    # With -am every module writes the file; cli, built last, leaves the whole class path in it.
    (cd "$work/$rev" && ./mvnw -B -q -o compile dependency:build-classpath -pl cli -am \
        -Dmdep.outputFile="$work/$rev.cp" > /dev/null)
done
classes() { local dir="$work/$1"; echo "$dir/core/target/classes:$dir/models/target/classes:$dir/python/target/classes:$(cat "$work/$1.cp")"; }
for round in $(seq 1 "$rounds"); do
    for rev in "$before" "$after"; do
        echo "# round $round, $rev, load average $(cut -d' ' -f1-3 /proc/loadavg)"
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xmx2g \
            -cp "$(classes "$rev")" "$here/BudgetsBench.java" "$work/files" "$runs" 2>/dev/null
    done
done
