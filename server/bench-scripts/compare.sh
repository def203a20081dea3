#!/usr/bin/env bash
# Single-row predictions, Brine vs the FastAPI + scikit-learn server of the tutorials, same model, same run.
# Needs: wrk, python3-fastapi, python3-uvicorn, python3-sklearn (Debian packages), JDK 25.
# Usage: server/bench-scripts/compare.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

./mvnw -B -q -pl server -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$work/cp.txt"
cp="$(cat "$work/cp.txt"):server/target/brine-server-0.1.0-SNAPSHOT.jar"
. tools/find-jdk.sh && find_jdk
java="$JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED"

/usr/bin/python3 server/bench-scripts/train_iris.py "$work"
$java -cp "$cp" server/bench-scripts/MakeModels.java "$work/iris-params.json" "$work/iris.brine"

$java -Xmx512m -cp "$cp" server/bench-scripts/Serve.java 9201 "iris=$work/iris.brine" > "$work/brine.log" 2>&1 &
(cd server/bench-scripts && MODEL="$work/iris.pkl" /usr/bin/python3 -m uvicorn fastapi_server:app --port 9202 \
    --log-level warning > "$work/fastapi.log" 2>&1) &
for port in 9201 9202; do
  for _ in $(seq 1 60); do
    curl -s -o /dev/null -X POST "localhost:$port/$([ $port = 9201 ] && echo v2/models/iris/)predict" \
        -H 'Content-Type: application/json' -d '{"instances": [[5.1, 3.5, 1.4, 0.2]]}' && break
    sleep 1
  done
done

cat > "$work/predict.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"instances": [[5.1, 3.5, 1.4, 0.2]]}'
wrk.headers["Content-Type"] = "application/json"
LUA
run() { # name url connections
  wrk -t1 -c"$3" -d3s -s "$work/predict.lua" "$2" > /dev/null  # warm-up
  wrk -t1 -c"$3" -d"${seconds}s" --latency -s "$work/predict.lua" "$2" | awk -v name="$1" -v c="$3" '
    /Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "| %s | %s | %s | %s | %s | %s |\n", name, c, rps, p50, p99, bad ? bad : 0}'
}
echo "| server | connections | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|---|"
for c in 1 16; do
  run "brine /predict" http://127.0.0.1:9201/v2/models/iris/predict "$c"
  run "fastapi + sklearn /predict" http://127.0.0.1:9202/predict "$c"
done
