#!/usr/bin/env bash
# Private PostgreSQL server for the chronology test suite.
#
# Usage: scripts/postgres.sh start|stop|status|reset|url
#
#   start   install the Debian server package if missing, create the cluster
#           once, start it on 127.0.0.1:$CHRONOLOGY_TEST_PG_PORT and make sure
#           role "chronology" and database "chronology_test" exist.
#           A no-op (apart from that check) if the server is already running.
#   stop    stop the cluster if it is running.
#   status  exit 0 if the server accepts connections, 1 otherwise.
#   reset   drop and recreate database chronology_test (starts the server first
#           if needed).
#   url     print the connection URL for the app / tests.
#
# Environment:
#   CHRONOLOGY_TEST_PG_PORT     TCP port on 127.0.0.1 (default 55432)
#   CHRONOLOGY_TEST_PG_DIR      where the cluster lives (default: see below)
#   CHRONOLOGY_TEST_PG_TIMEOUT  seconds to wait for start/stop (default 60)
#   PG_BINDIR                   PostgreSQL bin directory (default: newest
#                               /usr/lib/postgresql/*/bin, else $PATH)
#
# Where the cluster lives:
#   - as root: /tmp/chronology-pg-<hash of project path>/ owned by the
#     "postgres" system user (the server refuses to run as root, and the
#     postgres user must be able to reach every parent directory, which a
#     project checked out under /root would not allow);
#   - otherwise: <project>/.pg/ owned by the current user.
#   Layout: data/ (PGDATA), postgres.log, lock, and the unix socket.
#
# Access: TCP only on 127.0.0.1 with scram-sha-256 passwords. The unix socket
# sits in the private 0700 cluster directory and is used (peer auth) only by
# this script for admin work as the cluster superuser.
set -euo pipefail

PROG=postgres.sh
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "$PROG" "$*" >&2; }

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
PROJECT_DIR=$(cd "$SCRIPT_DIR/.." && pwd -P)

PORT=${CHRONOLOGY_TEST_PG_PORT:-55432}
TIMEOUT=${CHRONOLOGY_TEST_PG_TIMEOUT:-60}
[[ $PORT =~ ^[0-9]+$ ]] && ((PORT > 0 && PORT < 65536)) \
    || die "CHRONOLOGY_TEST_PG_PORT must be a TCP port number, got '$PORT'"
[[ $TIMEOUT =~ ^[0-9]+$ ]] || die "CHRONOLOGY_TEST_PG_TIMEOUT must be a number of seconds"

# Ignore libpq settings (PGHOST, PGSSLMODE, ...) from the caller's environment.
for v in $(compgen -e); do [[ $v == PG[A-Z]* ]] && unset "$v"; done

APP_USER=chronology
APP_PASSWORD=chronology
APP_DB=chronology_test
HOST=127.0.0.1

IS_ROOT=0
[[ $(id -u) -eq 0 ]] && IS_ROOT=1

project_hash() { printf '%s' "$PROJECT_DIR" | sha256sum | cut -c1-12; }

if ((IS_ROOT)); then
    SERVER_USER=postgres
    BASE=${CHRONOLOGY_TEST_PG_DIR:-/tmp/chronology-pg-$(project_hash)}
else
    SERVER_USER=$(id -un)
    BASE=${CHRONOLOGY_TEST_PG_DIR:-$PROJECT_DIR/.pg}
fi
DATA=$BASE/data
LOG=$BASE/postgres.log
LOCK=$BASE/lock
# Unix socket paths are limited to ~107 bytes; fall back to a short private
# directory under /tmp when the cluster directory is nested too deep.
SOCKDIR=$BASE
if ((${#SOCKDIR} + 20 > 100)); then
    SOCKDIR=/tmp/chronology-pg-sock-$(id -u)-$(project_hash)
fi
SUPERUSER=$SERVER_USER   # initdb -U; peer auth maps the OS user to it

# ---------------------------------------------------------------- helpers ---

# Run a command as the user that owns the cluster.
as_server() {
    if ((IS_ROOT)); then
        (cd / && runuser -u "$SERVER_USER" -- "$@")
    else
        "$@"
    fi
}

find_bindir() {
    local d want=""
    if [[ -n ${PG_BINDIR:-} ]]; then
        [[ -x $PG_BINDIR/initdb ]] || die "PG_BINDIR=$PG_BINDIR has no initdb"
        printf '%s\n' "$PG_BINDIR"; return 0
    fi
    # Prefer the version the existing cluster was created with.
    [[ -f $DATA/PG_VERSION ]] && want=$(<"$DATA/PG_VERSION")
    if [[ -n $want && -x /usr/lib/postgresql/$want/bin/initdb ]]; then
        printf '%s\n' "/usr/lib/postgresql/$want/bin"; return 0
    fi
    d=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' \
            -printf '%h\n' 2>/dev/null | sort -V | tail -n1 || true)
    if [[ -n $d ]]; then printf '%s\n' "$d"; return 0; fi
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"; return 0
    fi
    return 1
}

install_server() {
    local -a sudo=()
    command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server found \
(initdb/pg_ctl) and apt-get is unavailable. Install the PostgreSQL server \
(e.g. Debian/Ubuntu package 'postgresql') or set PG_BINDIR."
    if ((!IS_ROOT)); then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            die "the PostgreSQL server is not installed and this script is not \
root and cannot use sudo without a password. Install it with: \
sudo apt-get update && sudo apt-get install -y postgresql"
        fi
    fi
    say "PostgreSQL server not found; installing the Debian 'postgresql' package"
    "${sudo[@]}" apt-get update -q >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends postgresql >&2
}

setup_paths() {
    BINDIR=$(find_bindir) || { install_server; BINDIR=$(find_bindir) \
        || die "installed 'postgresql' but still found no initdb under /usr/lib/postgresql/*/bin"; }
    for t in initdb pg_ctl psql pg_isready; do
        [[ -x $BINDIR/$t ]] || die "$BINDIR/$t is missing (install the PostgreSQL server and client)"
    done
}

prepare_base() {
    if ((IS_ROOT)); then
        getent passwd "$SERVER_USER" >/dev/null \
            || die "system user '$SERVER_USER' does not exist (it comes with the Debian postgresql package)"
        if [[ ! -d $BASE ]]; then
            mkdir -p -m 0700 "$BASE"
            chown "$SERVER_USER:" "$BASE"
        fi
        # Refuse a directory somebody else created in /tmp.
        [[ $(stat -c %U "$BASE") == "$SERVER_USER" ]] \
            || die "$BASE exists but is not owned by $SERVER_USER; remove it or set CHRONOLOGY_TEST_PG_DIR"
        as_server test -x "$BASE" \
            || die "user $SERVER_USER cannot reach $BASE (a parent directory is not traversable); set CHRONOLOGY_TEST_PG_DIR"
    else
        mkdir -p -m 0700 "$BASE"
        [[ -e $BASE/.gitignore ]] || printf '*\n' >"$BASE/.gitignore"
    fi
    if [[ $SOCKDIR != "$BASE" && ! -d $SOCKDIR ]]; then
        mkdir -p -m 0700 "$SOCKDIR"
        ((IS_ROOT)) && chown "$SERVER_USER:" "$SOCKDIR"
    fi
    return 0
}

take_lock() {
    exec 9>>"$LOCK"
    flock -w "$TIMEOUT" 9 || die "timed out waiting for lock $LOCK (another postgres.sh running?)"
}

# 0 if our cluster's postmaster is running (possibly still starting up).
cluster_running() {
    [[ -f $DATA/PG_VERSION ]] || return 1
    as_server "$BINDIR/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

running_port() { sed -n 4p "$DATA/postmaster.pid" 2>/dev/null || true; }

port_in_use() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

accepting() { "$BINDIR/pg_isready" -q -h "$HOST" -p "$PORT" -d "$APP_DB" -t 2 >/dev/null 2>&1; }

admin_psql() {
    as_server "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PORT" \
        -U "$SUPERUSER" -d postgres "$@"
}

init_cluster() {
    local tmp=$BASE/data.init locale_opt=(--no-locale)
    # UTF8 everywhere (psycopg returns bytes for SQL_ASCII databases); C.UTF-8
    # gives Unicode-aware lower()/upper() with plain code-point sorting.
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale_opt=(--locale=C.UTF-8)
    fi
    if [[ -d $DATA && ! -f $DATA/PG_VERSION ]]; then
        say "removing incomplete data directory $DATA"; rm -rf "$DATA"
    fi
    rm -rf "$tmp"
    say "creating cluster in $DATA"
    as_server "$BINDIR/initdb" -D "$tmp" -U "$SUPERUSER" -E UTF8 "${locale_opt[@]}" \
        --auth-local=peer --auth-host=scram-sha-256 >"$BASE/initdb.log" 2>&1 \
        || { tail -n 20 "$BASE/initdb.log" >&2; die "initdb failed, see $BASE/initdb.log"; }
    as_server tee "$tmp/pg_hba.conf" >/dev/null <<'EOF'
# chronology test cluster: admin over the private unix socket (peer),
# everything else over loopback TCP with passwords.
local   all   all                   peer
host    all   all   127.0.0.1/32    scram-sha-256
EOF
    as_server tee -a "$tmp/postgresql.conf" >/dev/null <<EOF

# ---- chronology test cluster (scripts/postgres.sh) ----
listen_addresses = '$HOST'
# port is passed on the command line from CHRONOLOGY_TEST_PG_PORT
unix_socket_directories = '$SOCKDIR'
unix_socket_permissions = 0700
password_encryption = 'scram-sha-256'
max_connections = 200
# Test speed: commits return before the WAL is flushed. A crash can lose the
# last few transactions but never corrupts the cluster; fsync stays on.
synchronous_commit = off
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = -1
EOF
    mv "$tmp" "$DATA"
}

ensure_role_and_db() {
    admin_psql <<EOF
SELECT format('CREATE ROLE %I LOGIN', '$APP_USER')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_USER') \gexec
ALTER ROLE "$APP_USER" LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I', '$APP_DB', '$APP_USER')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$APP_DB') \gexec
EOF
}

wait_ready() {
    local deadline=$((SECONDS + TIMEOUT))
    until accepting; do
        if ((SECONDS >= deadline)); then
            tail -n 20 "$LOG" >&2 2>/dev/null || true
            die "PostgreSQL did not accept connections on $HOST:$PORT within ${TIMEOUT}s; see log $LOG"
        fi
        cluster_running || { tail -n 20 "$LOG" >&2 2>/dev/null || true
            die "PostgreSQL exited during startup; see log $LOG"; }
        sleep 0.2
    done
}

# ------------------------------------------------------------ subcommands ---

do_start() {
    setup_paths
    prepare_base
    take_lock
    if cluster_running; then
        local rp; rp=$(running_port)
        [[ -z $rp || $rp == "$PORT" ]] || die "the cluster in $DATA is already running \
on port $rp, not $PORT; run '$0 stop' first or use CHRONOLOGY_TEST_PG_PORT=$rp"
        wait_ready
        ensure_role_and_db
        say "already running on $HOST:$PORT (data: $DATA)"
        return 0
    fi
    if port_in_use "$PORT"; then
        die "port $HOST:$PORT is already in use by another process; \
set CHRONOLOGY_TEST_PG_PORT to a free port"
    fi
    [[ -f $DATA/PG_VERSION ]] || init_cluster
    local have want
    want=$(<"$DATA/PG_VERSION")
    have=$("$BINDIR/pg_ctl" --version | awk '{print $3}'); have=${have%%.*}
    [[ $have == "$want" ]] || die "cluster $DATA was created by PostgreSQL $want but \
$BINDIR is version $have; delete $BASE (it only holds test data) and start again"
    say "starting PostgreSQL on $HOST:$PORT (log: $LOG)"
    if ! as_server "$BINDIR/pg_ctl" start -D "$DATA" -l "$LOG" -w -t "$TIMEOUT" \
            -o "-p $PORT" >/dev/null 9>&-; then   # 9>&-: the server must not inherit the lock
        tail -n 20 "$LOG" >&2 2>/dev/null || true
        die "PostgreSQL failed to start on $HOST:$PORT; see log $LOG"
    fi
    wait_ready
    ensure_role_and_db
    say "ready: $(do_url)"
}

do_stop() {
    BINDIR=$(find_bindir) || { say "not running (PostgreSQL is not installed)"; return 0; }
    [[ -d $BASE ]] || { say "not running (no cluster in $BASE)"; return 0; }
    take_lock
    if cluster_running; then
        as_server "$BINDIR/pg_ctl" stop -D "$DATA" -m fast -w -t "$TIMEOUT" >/dev/null \
            || die "PostgreSQL did not stop within ${TIMEOUT}s; see log $LOG"
        say "stopped"
    else
        say "not running"
    fi
}

do_status() {
    # Only pg_isready is needed here; the client package is enough.
    BINDIR=$(find_bindir) || BINDIR=$(dirname "$(command -v pg_isready || echo /nonexistent/x)")
    [[ -x $BINDIR/pg_isready ]] || { say "PostgreSQL is not installed"; return 1; }
    if accepting; then
        say "accepting connections on $HOST:$PORT (data: $DATA)"
        return 0
    fi
    say "not accepting connections on $HOST:$PORT"
    return 1
}

do_reset() {
    setup_paths
    if ! cluster_running || ! accepting; then
        do_start
    fi
    take_lock
    admin_psql <<EOF
DROP DATABASE IF EXISTS "$APP_DB" WITH (FORCE);
EOF
    ensure_role_and_db
    say "database $APP_DB recreated"
}

do_url() {
    printf 'postgresql://%s:%s@%s:%s/%s\n' "$APP_USER" "$APP_PASSWORD" "$HOST" "$PORT" "$APP_DB"
}

case ${1:-} in
    start)  do_start ;;
    stop)   do_stop ;;
    status) do_status ;;
    reset)  do_reset ;;
    url)    do_url ;;
    *)      printf 'usage: %s start|stop|status|reset|url\n' "$0" >&2; exit 2 ;;
esac
