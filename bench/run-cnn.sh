#!/usr/bin/env bash
# The ResNet18 benchmark of issue 14: builds the bench module, then times Brine's `--arch torchvision.resnet18`
# forward pass at batch 1 and 32 against torchvision's resnet18 on PyTorch CPU (through /usr/bin/python3 when it has
# torch and torchvision) in the same run, and writes the section "Convolutional networks (issue 14)" of
# docs/benchmarks.md.
#
#   bench/run-cnn.sh [--reps 5] [--out docs/benchmarks.md]
set -euo pipefail
cd "$(dirname "$0")/.."

. tools/find-jdk.sh
if ! find_jdk; then
    echo "run-cnn.sh: $JDK_MISSING_MESSAGE" >&2
    exit 2
fi
./mvnw -q -pl bench -am package -DskipTests
# The Vector API (an incubator module) makes the matrix kernel about 3x faster; see docs/models.md.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
    "-Xmx${BENCH_HEAP:-2g}" -cp bench/target/benchmarks.jar \
    dev.brine.bench.CnnBench "$@"
