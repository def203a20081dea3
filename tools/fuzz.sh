#!/bin/sh
# Fuzzes every Brine reader with Jazzer for longer than ./mvnw verify does (60 s).
#   tools/fuzz.sh [SECONDS [SEED]]     default: 3600 s, seed 1
# Findings are written to cli/target/fuzz-findings/; once fixed, commit each under
# cli/src/test/resources/fuzz/regressions/ (see the README there), where every build replays it.
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-3600}"
seed="${2:-1}"
exec ./mvnw -B verify -pl cli -am -Dtest=ReadersFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbrine.fuzz.seconds="$seconds" -Dbrine.fuzz.seed="$seed"
