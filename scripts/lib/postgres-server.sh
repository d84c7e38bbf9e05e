# shellcheck shell=bash
# A throw-away PostgreSQL server for the tests: Debian's postgresql package, one cluster with
# every file under one state directory, on 127.0.0.1, trust authentication, tuned for speed over
# durability (fsync off). Source this file after common.sh; it defines functions and variables only.
#
#   postgres_server_bin                 prints the directory of initdb/postgres (newest version)
#   postgres_server_start DIR LOGDIR    initdb into DIR/data, starts postgres in the background,
#                                       waits until it accepts connections, creates POSTGRES_SERVER_DATABASE
#   postgres_server_stop                stops what postgres_server_start started, by PID
#
# initdb and postgres refuse to run as root: as root the server runs as the `postgres` system user
# (created by the package) through setpriv, which execs in place so the recorded PID is the
# server's. After postgres_server_start: POSTGRES_SERVER_URL (postgres://USER@127.0.0.1:PORT/DB),
# POSTGRES_SERVER_PORT, POSTGRES_SERVER_USER, POSTGRES_SERVER_BIN, POSTGRES_SERVER_PID.

# Read by the scripts that source this file.
# shellcheck disable=SC2034
POSTGRES_SERVER_DATABASE="reel_test"
POSTGRES_SERVER_PID=""

# Prints the bin directory of the newest installed PostgreSQL (/usr/lib/postgresql/N/bin).
postgres_server_bin() {
    local bin
    bin="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
    if [[ -z "$bin" || ! -x "$bin/postgres" ]]; then
        reel_log "PostgreSQL is not installed (expected /usr/lib/postgresql/N/bin/postgres)"
        return 1
    fi
    printf '%s\n' "$bin"
}

# Prints a TCP port on 127.0.0.1 that is free right now.
postgres_server_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts a fresh cluster in DIR (replacing what was there). Usage: postgres_server_start DIR LOGDIR
postgres_server_start() {
    local dir="$1" logs="$2" bin port user as=()
    bin="$(postgres_server_bin)" || return
    mkdir -p "$logs"
    rm -rf "$dir"
    mkdir -p "$dir/data" "$dir/socket"
    if ((EUID == 0)); then
        # The server's files belong to the unprivileged user it runs as.
        user=postgres
        if ! id -u "$user" >/dev/null 2>&1; then
            reel_log "running as root, but there is no 'postgres' user to run PostgreSQL as"
            return 1
        fi
        chown -R "$user:" "$dir"
        as=(setpriv "--reuid=$user" "--regid=$(id -g "$user")" --init-groups --)
    else
        user="$(id -un)"
    fi
    run_quietly "initdb" "${as[@]}" "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust --encoding=UTF8 \
        --locale=C --no-sync || return
    port="$(postgres_server_free_port)"
    "${as[@]}" "$bin/postgres" -D "$dir/data" -h 127.0.0.1 -p "$port" -k "$dir/socket" \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
        -c shared_buffers=32MB -c log_min_messages=warning >"$logs/postgres.log" 2>&1 &
    POSTGRES_SERVER_PID=$!
    local deadline=$((SECONDS + 30))
    until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$user" -d postgres; do
        if ((SECONDS >= deadline)) || ! kill -0 "$POSTGRES_SERVER_PID" 2>/dev/null; then
            reel_log "PostgreSQL did not start on 127.0.0.1:$port; its log:"
            tail -n 30 "$logs/postgres.log" >&2 || true
            return 1
        fi
        sleep 0.1
    done
    run_quietly "createdb $POSTGRES_SERVER_DATABASE" "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" \
        "$POSTGRES_SERVER_DATABASE" || return
    # shellcheck disable=SC2034  # read by the caller
    POSTGRES_SERVER_URL="postgres://$user@127.0.0.1:$port/$POSTGRES_SERVER_DATABASE?sslmode=disable"
    # shellcheck disable=SC2034
    POSTGRES_SERVER_PORT="$port" POSTGRES_SERVER_USER="$user" POSTGRES_SERVER_BIN="$bin"
}

# Stops the server postgres_server_start started (fast shutdown, then SIGKILL after 10 s), by PID.
postgres_server_stop() {
    local pid="$POSTGRES_SERVER_PID"
    [[ -n "$pid" ]] || return 0
    kill -INT "$pid" 2>/dev/null || true
    for _ in {1..100}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    POSTGRES_SERVER_PID=""
}
