#!/usr/bin/env bash
# Load time of a 100-tree RandomForest joblib file and a 100 MB PyTorch state dict: Python's joblib.load and
# torch.load against Brine's Models.load of the same files and of the .brine files they convert to.
#   bench/python-load/run.sh [RUNS]        (needs /usr/bin/python3 with scikit-learn, joblib and torch)
# Files go to a temporary folder, deleted at the end. Prints a Markdown table for docs/benchmarks.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

. "$root/tools/find-jdk.sh"
find_jdk || { echo "run.sh: $JDK_MISSING_MESSAGE" >&2; exit 2; }
"$root/brine" --version >/dev/null            # builds cli/target/brine.jar if needed

/usr/bin/python3 "$here/make_files.py" "$work" "$runs" > "$work/python.txt"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$root/cli/target/brine.jar" \
  "$here/PythonLoadBench.java" "$work" "$runs" > "$work/brine.txt"

ms() { printf '%.1f ms' "$(echo "$1*1000" | bc -l)"; }
mb() { printf '%.1f MB' "$(echo "$1/1000000" | bc -l)"; }
echo "| file | size | Python load | Brine load, first / warm | .brine size | .brine load, first / warm |"
echo "|---|---|---|---|---|---|"
join <(sort "$work/python.txt") <(sort "$work/brine.txt") | \
  while read -r name size python cold warm bsize bcold bwarm; do
    echo "| $name | $(mb "$size") | $(ms "$python") | $(ms "$cold") / $(ms "$warm") | $(mb "$bsize") |" \
      "$(ms "$bcold") / $(ms "$bwarm") |"
  done
echo
echo "Python: median of $runs loads after one; Brine: the first load in a fresh JVM, then the median of $runs after"
echo "fifty warm-up loads. Page cache warm; load average $(cut -d" " -f1-3 /proc/loadavg). $(nproc) cores, $(uname -m), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)."
