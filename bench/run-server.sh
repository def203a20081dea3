#!/usr/bin/env bash
# The server benchmark of issue 8 §4: single-row requests with wrk on loopback to Brine's server and to the FastAPI +
# scikit-learn server of the tutorials, side by side in the same run, for two models: the StandardScaler +
# LogisticRegression pipeline on iris and a 100-tree RandomForestClassifier on iris. Writes the section
# "Server (issue 8)" of docs/benchmarks.md. Needs wrk, python3-fastapi, python3-uvicorn, python3-sklearn (Debian).
#
#   bench/run-server.sh [seconds per run, default 10] [document, default docs/benchmarks.md]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
document=${2:-docs/benchmarks.md}
work=$(mktemp -d)
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT

./mvnw -B -q -pl server -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$work/cp.txt"
./mvnw -B -q -pl cli,bench -am package -DskipTests
cp="$(cat "$work/cp.txt"):server/target/brine-server-0.1.0-SNAPSHOT.jar"
. tools/find-jdk.sh && find_jdk
java="$JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED"
scripts=server/bench-scripts

/usr/bin/python3 $scripts/train_iris.py "$work"
/usr/bin/python3 $scripts/train_forest.py "$work"
# Both servers serve the same fitted models: Brine reads scikit-learn's pickles (no Python) into .brine.
$java -jar cli/target/brine.jar convert "$work/iris.pkl" "$work/iris.brine" >&2
$java -jar cli/target/brine.jar convert "$work/forest.pkl" "$work/forest.brine" >&2

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
$java -Xmx512m -cp "$cp" $scripts/Serve.java 9201 "iris=$work/iris.brine" "forest=$work/forest.brine" \
    > "$work/brine.log" 2>&1 &
pids+=($!)
for model in iris forest; do
  port=$([ $model = iris ] && echo 9202 || echo 9203)
  (cd $scripts && exec env MODEL="$work/$model.pkl" /usr/bin/python3 -m uvicorn fastapi_server:app --port $port \
      --log-level warning > "$work/fastapi-$model.log" 2>&1) &
  pids+=($!)
done
body='{"instances": [[5.1, 3.5, 1.4, 0.2]]}'
for url in localhost:9201/v2/models/iris/predict localhost:9201/v2/models/forest/predict localhost:9202/predict \
    localhost:9203/predict; do
  for _ in $(seq 1 60); do
    curl -sf -o /dev/null -X POST "$url" -H 'Content-Type: application/json' -d "$body" && break
    sleep 1
  done
  echo "$url → $(curl -s -X POST "$url" -H 'Content-Type: application/json' -d "$body")" >&2
done

cat > "$work/predict.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA
measure() { # url connections → "requests/s p50 p99 non2xx"
  wrk -t1 -c"$2" -d3s -s "$work/predict.lua" "$1" > /dev/null  # warm-up
  wrk -t1 -c"$2" -d"${seconds}s" --latency -s "$work/predict.lua" "$1" | awk '
    /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s\n", rps, p50, p99, bad ? bad : 0}'
}
to_ms() { # wrk's "412.00us" / "1.20ms" / "2.01s" → milliseconds
  awk -v t="$1" 'BEGIN { v = t + 0; if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v = v; else if (t ~ /s$/) v *= 1000;
    printf "%.3f", v }'
}
rows=""
for model in iris forest; do
  port=$([ $model = iris ] && echo 9202 || echo 9203)
  name=$([ $model = iris ] && echo "StandardScaler + LogisticRegression" || echo "RandomForest, 100 trees")
  for c in 1 16; do
    read -r b_rps b_p50 b_p99 b_bad <<< "$(measure "http://127.0.0.1:9201/v2/models/$model/predict" "$c")"
    read -r f_rps f_p50 f_p99 f_bad <<< "$(measure "http://127.0.0.1:$port/predict" "$c")"
    ratio=$(awk -v b="$b_rps" -v f="$f_rps" 'BEGIN { printf "%.1f×", b / f }')
    met=$(awk -v r="$(awk -v b="$b_rps" -v f="$f_rps" 'BEGIN { print b / f }')" -v p="$(to_ms "$b_p50")" \
        'BEGIN { print (r >= 5 && p < 1) ? "yes" : "**no**" }')
    rows+="| $name | $c | $b_rps | $b_p50 | $b_p99 | $b_bad | $f_rps | $f_p50 | $f_p99 | $f_bad | $ratio | $met |"$'\n'
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

section="## Server (issue 8)

Measured $(date -u '+%Y-%m-%d %H:%M UTC'). Reproduce with:

\`\`\`
bench/run-server.sh $seconds $document
\`\`\`

Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 2p). Load average (1/5/15 min) at start → end: ${load_before// / \/ } → ${load_after// / \/ } (other work shares the machine; wrk, both servers and the other work share 2 cores).

\`wrk -t1 -cN -d${seconds}s --latency\` on loopback after a 3 s warm-up, single-row JSON requests \`$body\`; Brine's
server (\`server/bench-scripts/Serve.java\`: JDK HttpServer, virtual threads, both models in one server, files
verified on load) at \`/v2/models/NAME/predict\`, against \`uvicorn fastapi_server:app\` (one worker, Debian's
python3-fastapi / python3-uvicorn / python3-sklearn 1.2.1) loading the pickle, one server per model. Ratio: Brine's
requests/s ÷ FastAPI's. Goal (issue 8 §4): p50 under 1 ms and at least 5× the Python server's throughput.

| model | connections | Brine req/s | Brine p50 | Brine p99 | Brine non-2xx | FastAPI req/s | FastAPI p50 | FastAPI p99 | FastAPI non-2xx | throughput ratio | Met |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows}
Notes:

- Both servers serve the same fitted models: FastAPI unpickles scikit-learn's files, Brine serves
  \`brine convert iris.pkl iris.brine\` and \`brine convert forest.pkl forest.brine\` of the same files (read without
  Python, predicting as scikit-learn does).
"
printf '%s' "$section" | $java -cp bench/target/benchmarks.jar dev.brine.bench.MarkdownSections "$document" \
    "## Server (issue 8)"
printf '%s' "$section"
