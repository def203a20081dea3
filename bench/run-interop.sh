#!/usr/bin/env bash
# The interop benchmark of issue 6 §4: load (+ first prediction) and single-row predict latency of one MLP
# (64 → 256 → 256 → 10) as Keras HDF5 read by Brine, as .brine and as ONNX in ONNX Runtime, and writes the section
# "Keras and ONNX (issue 6)" of docs/benchmarks.md. Needs /usr/bin/python3 with h5py and numpy.
#
#   bench/run-interop.sh [--loads 21] [--calls 20000] [--out docs/benchmarks.md] [--dir /tmp]
set -euo pipefail
cd "$(dirname "$0")/.."

. tools/find-jdk.sh
if ! find_jdk; then
    echo "run-interop.sh: $JDK_MISSING_MESSAGE" >&2
    exit 2
fi
./mvnw -q -pl bench -am package -DskipTests
# The Vector API (an incubator module) makes the networks' matrix multiplies about 3x faster; see docs/models.md.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
    "-Xmx${BENCH_HEAP:-2g}" -cp bench/target/benchmarks.jar \
    dev.brine.bench.KerasOnnxBench "$@"
