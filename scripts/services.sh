#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on 127.0.0.1 for tests and CI.
#
#   eval "$(scripts/services.sh start)"   # prints `export TEST_POSTGRES_URL=...` lines
#   scripts/services.sh stop              # stops both and removes their data
#
# `start` installs PostgreSQL and Redis with apt-get when their binaries are missing, runs
# them on free loopback ports (or PG_PORT / REDIS_PORT when set) with their data in a
# temporary directory, and is idempotent: when they already run it only prints the
# exports (with the ports they run on). Logs go to stderr; only the export lines go to stdout. The state (temporary
# directory, ports) is kept in $SERVICES_STATE_DIR (default /tmp/seminar-bot-services).
set -euo pipefail

PG_PORT="${PG_PORT:-}"
REDIS_PORT="${REDIS_PORT:-}"
PG_DB="seminar_test"
STATE_DIR="${SERVICES_STATE_DIR:-/tmp/seminar-bot-services}"
STATE_FILE="$STATE_DIR/state"

log() { echo "services: $*" >&2; }
die() { log "error: $*"; exit 1; }

# The newest /usr/lib/postgresql/<version>/bin, or nothing.
pg_bindir() {
    local dirs=(/usr/lib/postgresql/*/bin)
    [[ -d "${dirs[0]}" ]] || return 0
    printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1
}

# Run a command as the owner of the data directory (PostgreSQL refuses to run as root).
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u "$OWNER" -- "$@"
    else
        "$@"
    fi
}

# Run a command that starts a server with only stdin, stdout and stderr open, so the server
# keeps neither our lock on $STATE_DIR/lock nor a pipe of the caller open.
detached() {
    (
        for fd in /proc/"$BASHPID"/fd/*; do
            fd=${fd##*/}
            if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        "$@"
    )
}

# A TCP port nobody listens on now (the kernel's choice for an ephemeral bind).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pick_owner() {
    if [[ $EUID -ne 0 ]]; then
        OWNER=$(id -un)
    elif id -u postgres >/dev/null 2>&1; then
        OWNER=postgres
    else
        OWNER=nobody
    fi
}

install_missing() {
    local packages=()
    [[ -n "$(pg_bindir)" && -x "$(pg_bindir)/postgres" ]] || packages+=(postgresql)
    command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
    [[ ${#packages[@]} -eq 0 ]] && return 0
    [[ $EUID -eq 0 ]] || die "missing ${packages[*]}; install them or run as root"
    log "installing ${packages[*]}"
    # Keep the packages' own services from starting during the install (no-op if present).
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
    fi
    local rc=0
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -q &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                "${packages[@]}"
    } >&2 || rc=$?
    [[ $created_policy -eq 1 ]] && rm -f "$policy"
    [[ $rc -eq 0 ]] || die "apt-get failed ($rc)"
}

pg_ready() {
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d "$PG_DB" -U postgres
}

redis_ready() {
    [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]
}

print_exports() {
    echo "export TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:$PG_PORT/$PG_DB"
    echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

wait_for() {
    local what=$1 check=$2 tries=0
    while ((tries++ < 100)); do
        "$check" && return 0
        sleep 0.1
    done
    log "$what did not answer within 10 s"
    return 1
}

do_stop() {
    [[ -f "$STATE_FILE" ]] || { log "not running"; return 0; }
    # shellcheck disable=SC1090
    source "$STATE_FILE"
    PG_BIN=$(pg_bindir)
    if [[ -f "$WORK_DIR/pgdata/postmaster.pid" && -n "$PG_BIN" ]]; then
        log "stopping PostgreSQL on port $PG_PORT"
        as_owner "$PG_BIN/pg_ctl" -D "$WORK_DIR/pgdata" -m fast -w stop >&2 || true
    fi
    if [[ -f "$WORK_DIR/redis.pid" ]]; then
        log "stopping Redis on port $REDIS_PORT"
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        local pid tries=0
        pid=$(cat "$WORK_DIR/redis.pid" 2>/dev/null || true)
        if [[ -n "$pid" ]]; then
            while kill -0 "$pid" 2>/dev/null && ((tries++ < 50)); do sleep 0.1; done
            if kill -0 "$pid" 2>/dev/null; then kill "$pid" || true; fi
        fi
    fi
    [[ "$WORK_DIR" == */seminar-bot-services.* ]] && rm -rf -- "$WORK_DIR"
    rm -f -- "$STATE_FILE"
}

do_start() {
    if [[ -f "$STATE_FILE" ]]; then
        # shellcheck disable=SC1090
        source "$STATE_FILE"
        PG_BIN=$(pg_bindir)
        if [[ -n "$PG_BIN" ]] && pg_ready && redis_ready; then
            log "already running"
            print_exports
            return 0
        fi
        log "stale state in $STATE_FILE: cleaning up"
        do_stop
        PG_PORT="${ENV_PG_PORT}"
        REDIS_PORT="${ENV_REDIS_PORT}"
    fi

    install_missing
    PG_BIN=$(pg_bindir)
    pick_owner
    [[ -n "$PG_PORT" ]] || PG_PORT=$(free_port)
    while [[ -z "$REDIS_PORT" || $REDIS_PORT == "$PG_PORT" ]]; do REDIS_PORT=$(free_port); done

    WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/seminar-bot-services.XXXXXX")
    printf 'WORK_DIR=%q\nOWNER=%q\nPG_PORT=%q\nREDIS_PORT=%q\n' \
        "$WORK_DIR" "$OWNER" "$PG_PORT" "$REDIS_PORT" >"$STATE_FILE"
    # Undo a half-done start; a successful start disarms this.
    trap 'log "start failed, cleaning up"; do_stop' EXIT
    mkdir -p "$WORK_DIR/redis"
    chown "$OWNER" "$WORK_DIR"
    chmod 700 "$WORK_DIR"

    log "PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT, data in $WORK_DIR/pgdata"
    as_owner "$PG_BIN/initdb" -D "$WORK_DIR/pgdata" -U postgres --auth=trust --no-sync \
        --encoding=UTF8 --locale=C.UTF-8 >&2
    detached as_owner "$PG_BIN/pg_ctl" -D "$WORK_DIR/pgdata" -l "$WORK_DIR/postgres.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK_DIR -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off" start >&2 ||
        { cat "$WORK_DIR/postgres.log" >&2 || true; die "PostgreSQL did not start"; }
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB" >&2
    wait_for PostgreSQL pg_ready || die "PostgreSQL did not start"

    log "Redis on 127.0.0.1:$REDIS_PORT"
    detached redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize yes --dir "$WORK_DIR/redis" --pidfile "$WORK_DIR/redis.pid" \
        --logfile "$WORK_DIR/redis.log" >&2
    wait_for Redis redis_ready ||
        { cat "$WORK_DIR/redis.log" >&2 || true; die "Redis did not start"; }

    trap - EXIT
    print_exports
}

main() {
    local command=${1:-}
    mkdir -p "$STATE_DIR"
    exec 9>"$STATE_DIR/lock"
    flock 9
    ENV_PG_PORT=$PG_PORT
    ENV_REDIS_PORT=$REDIS_PORT
    case "$command" in
        start) do_start ;;
        stop) do_stop ;;
        *) die "usage: $0 start|stop" ;;
    esac
}

main "$@"
