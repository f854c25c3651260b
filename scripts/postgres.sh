#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suites, run as an unprivileged user on 127.0.0.1.
#
#   scripts/postgres.sh start    install if needed, init the cluster if needed, start it, print the export line
#   scripts/postgres.sh stop     stop it (fast shutdown)
#   scripts/postgres.sh status   say whether it runs; print the export line when it does
#
# Typical use:  eval "$(scripts/postgres.sh start)"
#
# Environment:
#   MEDIFOR_PG_DIR   where the cluster, its socket and its log live (default /tmp/medifor-pg)
#   MEDIFOR_PG_PORT  TCP port on 127.0.0.1 (default 55432)
#   MEDIFOR_PG_USER  the OS user that owns and runs the cluster (default medifor-pg)
#
# Only the `export ...` line goes to stdout; progress goes to stderr. Authentication is `trust`, on the unix socket
# and on 127.0.0.1 only: this server is for tests, never for data that matters.
set -euo pipefail

PG_DIR="${MEDIFOR_PG_DIR:-/tmp/medifor-pg}"
PG_PORT="${MEDIFOR_PG_PORT:-55432}"
PG_OS_USER="${MEDIFOR_PG_USER:-medifor-pg}"
DATA_DIR="$PG_DIR/data"
SOCKET_DIR="$PG_DIR/socket"
LOG_FILE="$PG_DIR/postgres.log"
DB_ROLE="medifor"
DB_NAME="medifor"

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# The newest installed server's bin directory (Debian keeps one per major version), or nothing.
find_bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
        echo "$dir"
        return
    fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
    fi
}

ensure_installed() {
    BIN_DIR=$(find_bin_dir)
    if [[ -z "$BIN_DIR" ]]; then
        [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed and installing it needs root"
        log "installing PostgreSQL"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        BIN_DIR=$(find_bin_dir)
        [[ -n "$BIN_DIR" ]] || die "PostgreSQL installed but no initdb/pg_ctl found"
    fi
}

# Runs a command as the cluster owner (initdb and postgres refuse to run as root).
as_pg() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

ensure_user() {
    [[ $(id -u) -eq 0 ]] || { PG_OS_USER=$(id -un); return; }
    if ! id "$PG_OS_USER" >/dev/null 2>&1; then
        log "creating OS user $PG_OS_USER"
        useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
    fi
}

pg_ctl_() { as_pg "$BIN_DIR/pg_ctl" -D "$DATA_DIR" "$@"; }

is_running() { [[ -f "$DATA_DIR/PG_VERSION" ]] && pg_ctl_ status >/dev/null 2>&1; }

# The port the running server listens on (line 4 of postmaster.pid), or the configured one.
running_port() {
    local port
    port=$(sed -n 4p "$DATA_DIR/postmaster.pid" 2>/dev/null || true)
    echo "${port:-$PG_PORT}"
}

print_export() {
    echo "export MEDIFOR_TEST_POSTGRES_URL=postgres://$DB_ROLE@127.0.0.1:$(running_port)/$DB_NAME"
}

# Creates the cluster unless a usable one for the installed major version is there already.
ensure_cluster() {
    local major
    major=$("$BIN_DIR/pg_ctl" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
    mkdir -p "$PG_DIR"
    chown "$PG_OS_USER" "$PG_DIR"
    chmod 700 "$PG_DIR"
    if [[ -f "$DATA_DIR/PG_VERSION" && "$(cat "$DATA_DIR/PG_VERSION")" != "$major" ]]; then
        log "discarding a cluster of PostgreSQL $(cat "$DATA_DIR/PG_VERSION") (installed: $major)"
        rm -rf "$DATA_DIR"
    fi
    if [[ -d "$DATA_DIR" && ! -f "$DATA_DIR/PG_VERSION" ]]; then
        log "discarding an incomplete cluster in $DATA_DIR"
        rm -rf "$DATA_DIR"
    fi
    if [[ ! -d "$DATA_DIR" ]]; then
        log "initialising a cluster in $DATA_DIR"
        mkdir -p "$DATA_DIR"
        chown "$PG_OS_USER" "$DATA_DIR"
        chmod 700 "$DATA_DIR"
        as_pg "$BIN_DIR/initdb" -D "$DATA_DIR" -U "$PG_OS_USER" --encoding=UTF8 --no-locale \
            --auth-local=trust --auth-host=trust >"$PG_DIR/initdb.log" 2>&1 \
            || { cat "$PG_DIR/initdb.log" >&2; rm -rf "$DATA_DIR"; die "initdb failed"; }
        cat >"$DATA_DIR/pg_hba.conf" <<'EOF'
# Test cluster: trust on the unix socket and on 127.0.0.1 only.
local   all   all                 trust
host    all   all   127.0.0.1/32  trust
EOF
        chown "$PG_OS_USER" "$DATA_DIR/pg_hba.conf"
    fi
    # Files left by root in an earlier run (or a changed MEDIFOR_PG_USER) must belong to the cluster owner.
    chown -R "$PG_OS_USER" "$PG_DIR"
    mkdir -p "$SOCKET_DIR"
    chown "$PG_OS_USER" "$SOCKET_DIR"
}

# Removes a postmaster.pid (and socket locks) left by a server that died without cleaning up.
clear_stale_lock() {
    local pid_file="$DATA_DIR/postmaster.pid" pid comm
    [[ -f "$pid_file" ]] || return 0
    pid=$(head -n 1 "$pid_file" 2>/dev/null || true)
    if [[ -n "$pid" && -d "/proc/$pid" ]]; then
        comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
        if [[ "$comm" == postgres || "$comm" == postmaster ]]; then
            die "a postgres process (pid $pid) holds $DATA_DIR but pg_ctl does not see it running; stop it first"
        fi
    fi
    log "removing stale postmaster.pid (pid ${pid:-?} is not a running postgres)"
    rm -f "$pid_file" "$SOCKET_DIR"/.s.PGSQL.*
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null
}

wait_ready() {
    local i
    for i in $(seq 1 120); do
        if "$BIN_DIR/pg_isready" -q -h 127.0.0.1 -p "$(running_port)" -t 1; then return 0; fi
        sleep 0.5
    done
    tail -n 40 "$LOG_FILE" >&2 || true
    die "server did not become ready on 127.0.0.1:$(running_port)"
}

psql_admin() {
    as_pg "$BIN_DIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$(running_port)" -U "$PG_OS_USER" "$@"
}

ensure_role_and_database() {
    if [[ -z $(psql_admin -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_ROLE'") ]]; then
        log "creating role $DB_ROLE"
        psql_admin -d postgres -c "CREATE ROLE $DB_ROLE LOGIN SUPERUSER"
    fi
    if [[ -z $(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ]]; then
        log "creating database $DB_NAME"
        psql_admin -d postgres -c "CREATE DATABASE $DB_NAME OWNER $DB_ROLE"
    fi
}

start() {
    ensure_installed
    ensure_user
    ensure_cluster
    if is_running; then
        log "already running on 127.0.0.1:$(running_port)"
    else
        clear_stale_lock
        port_in_use && die "port $PG_PORT on 127.0.0.1 is taken by another process (set MEDIFOR_PG_PORT)"
        log "starting on 127.0.0.1:$PG_PORT (log: $LOG_FILE)"
        # Durability settings are off on purpose: this cluster holds test data only.
        pg_ctl_ -l "$LOG_FILE" -w -t 60 start -o "-p $PG_PORT -k $SOCKET_DIR -c listen_addresses=127.0.0.1 \
            -c max_connections=1000 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
            || { tail -n 40 "$LOG_FILE" >&2 || true; die "pg_ctl start failed"; }
    fi
    wait_ready
    ensure_role_and_database
    print_export
}

stop() {
    BIN_DIR=$(find_bin_dir)
    [[ -n "$BIN_DIR" ]] || { log "PostgreSQL is not installed"; return 0; }
    if is_running; then
        pg_ctl_ -w -t 60 -m fast stop >&2
    else
        log "not running"
    fi
}

status() {
    BIN_DIR=$(find_bin_dir)
    [[ -n "$BIN_DIR" ]] || { log "PostgreSQL is not installed"; return 3; }
    if is_running; then
        log "running on 127.0.0.1:$(running_port), data in $DATA_DIR"
        print_export
    else
        log "not running (data dir: $DATA_DIR)"
        return 3
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
