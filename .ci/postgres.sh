#!/usr/bin/env bash
# A throwaway PostgreSQL server for the registry tests (issue 7): a fresh cluster in a temp dir, owned by the
# postgres user, trust auth on 127.0.0.1 only, on a free port. Nothing is durable (fsync off): it exists for
# one test run.
#
#   eval "$(bash .ci/postgres.sh start)"    # exports BRINE_TEST_POSTGRES_URL (JDBC) and BRINE_TEST_POSTGRES_DIR
#   ./mvnw -B -pl registry -am verify        # the PostgreSQL tests read BRINE_TEST_POSTGRES_URL
#   bash .ci/postgres.sh stop "$BRINE_TEST_POSTGRES_DIR"
#
# `start` prints only the export lines on stdout (progress goes to stderr), so `eval` is safe.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bin_dir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

ensure_installed() {
    if find_bin_dir > /dev/null; then
        return 0
    fi
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    find_bin_dir > /dev/null || { log "postgresql installed but initdb/pg_ctl not found under /usr/lib/postgresql"; exit 1; }
}

# A port nothing listens on: bash connects to candidates until one refuses.
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    log "no free port found"
    exit 1
}

as_postgres() {
    if [[ "$(id -un)" == "postgres" ]]; then
        "$@"
    else
        runuser -u postgres -- "$@"
    fi
}

start() {
    ensure_installed
    local bin_dir data_dir port
    bin_dir=$(find_bin_dir)
    data_dir=$(mktemp -d /tmp/brine-postgres.XXXXXX)
    chown postgres:postgres "$data_dir" 2>/dev/null || true
    chmod 700 "$data_dir"
    port=$(free_port)
    log "initdb in $data_dir"
    as_postgres "$bin_dir/initdb" -D "$data_dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >&2
    log "starting on 127.0.0.1:$port"
    as_postgres "$bin_dir/pg_ctl" -D "$data_dir/data" -l "$data_dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data_dir \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" >&2
    echo "export BRINE_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres'"
    echo "export BRINE_TEST_POSTGRES_DIR='$data_dir'"
}

stop() {
    local data_dir="${1:-${BRINE_TEST_POSTGRES_DIR:-}}"
    [[ -n "$data_dir" && -d "$data_dir/data" ]] || { log "usage: postgres.sh stop DIR"; exit 2; }
    as_postgres "$(find_bin_dir)/pg_ctl" -D "$data_dir/data" -m immediate -w stop >&2 || true
    rm -rf "$data_dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) log "usage: postgres.sh start | stop DIR"; exit 2 ;;
esac
