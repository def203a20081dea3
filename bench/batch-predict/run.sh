#!/usr/bin/env bash
# Batch prediction of issue 13 §4: a ROWS x 20 CSV through a 100-tree random forest, `brine predict` (the whole
# command: JVM start, model load, read, predict, write) against pandas' read_csv + scikit-learn's predict + to_csv
# (model already loaded, interpreter already started), in the same run on the same files.
#   bench/batch-predict/run.sh [ROWS] [RUNS] [MAX_DEPTH]   (default 1000000 rows, 3 runs, trees of depth <= 10 as
#                                   in the models benchmark, "none" for unlimited; needs /usr/bin/python3 with
#                                   scikit-learn and pandas)
# Files go to a temporary folder, deleted at the end. Prints a Markdown table for docs/benchmarks.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rows="${1:-1000000}"
runs="${2:-3}"
depth="${3:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

. "$root/tools/find-jdk.sh"
find_jdk || { echo "run.sh: $JDK_MISSING_MESSAGE" >&2; exit 2; }
"$root/brine" --version >/dev/null            # builds cli/target/brine.jar if needed
load_before="$(cut -d" " -f1-3 /proc/loadavg)"
read -r _ python_median python_min < <(/usr/bin/python3 "$here/make_data.py" "$work" "$rows" "$runs" "$depth")
"$root/brine" convert "$work/forest.joblib" "$work/forest.brine" >/dev/null

brine_times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$root/brine" predict "$work/forest.brine" --input "$work/x.csv" --output "$work/brine.csv" >/dev/null
  brine_times+=("$(echo "($(date +%s%N) - $start) / 1000000000" | bc -l)")
done
cmp -s "$work/brine.csv" "$work/python.csv" || { echo "run.sh: Brine's predictions differ from scikit-learn's" >&2; exit 1; }
brine_median="$(printf '%s\n' "${brine_times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
brine_min="$(printf '%s\n' "${brine_times[@]}" | sort -g | head -1)"

s() { printf '%.2f s' "$1"; }
ratio() { printf '%.1f×' "$(echo "$1/$2" | bc -l)"; }
bytes="$(stat -c %s "$work/x.csv")"
echo "| Measurement | Brine: median (min) | Python: median (min) | Ratio: median (best) | Goal | Met |"
echo "|---|---|---|---|---|---|"
met=$(echo "$python_median/$brine_median >= 5" | bc -l)
echo "| $rows rows × 20 columns CSV ($((bytes / 1000000)) MB) → 100-tree forest (max_depth $depth) → CSV of labels |" \
  "\`brine predict forest.brine --input x.csv --output brine.csv\`: $(s "$brine_median") ($(s "$brine_min")) |" \
  "\`pd.read_csv\` + \`predict\` (n_jobs=-1) + \`to_csv\`: $(s "$python_median") ($(s "$python_min")) |" \
  "$(ratio "$python_median" "$brine_median") ($(ratio "$python_min" "$brine_min")) | ≥ 5× | $([ "$met" = 1 ] && echo yes || echo '**no**') |"
echo
echo "Both outputs are byte-identical (checked). $runs runs each; Brine's time is the whole command, Python's excludes"
echo "starting the interpreter and loading the model. Load average $load_before → $(cut -d" " -f1-3 /proc/loadavg)."
echo "$(nproc) cores, $(uname -m), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 2>/dev/null || true); scikit-learn"
echo "$(/usr/bin/python3 -c 'import sklearn, pandas; print(sklearn.__version__ + ", pandas " + pandas.__version__)')."
