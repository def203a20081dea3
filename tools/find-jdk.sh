# Sourced by ./brine and .ci/run: sets JAVA_HOME to a JDK 25 or newer (JAVA_HOME first, then /usr/lib/jvm/*,
# highest version wins), or returns 1. Reads each JDK's `release` file, so no JVM is started.

jdk_feature() {
  local version
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null) || return 1
  [ -n "$version" ] && echo "$version"
}

find_jdk() {
  local candidate feature best="" best_feature=0
  if [ -n "${JAVA_HOME:-}" ] && feature=$(jdk_feature "$JAVA_HOME") && [ "$feature" -ge 25 ]; then
    return 0
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$candidate/bin/java" ] || continue
    feature=$(jdk_feature "$candidate") || continue
    if [ "$feature" -ge 25 ] && [ "$feature" -gt "$best_feature" ]; then
      best="$candidate"; best_feature="$feature"
    fi
  done
  [ -n "$best" ] || return 1
  JAVA_HOME="$best"
  export JAVA_HOME
}

JDK_MISSING_MESSAGE="needs a JDK 25 or newer; none found in JAVA_HOME or /usr/lib/jvm. Install one (e.g. Temurin 25 from adoptium.net or your package manager) and set JAVA_HOME."
