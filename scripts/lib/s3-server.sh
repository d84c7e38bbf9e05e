# shellcheck shell=bash
# A local S3 server for the tests and the benchmark: OpenStack Swift with its s3api middleware
# (PyPI `swift`, in a venv under .build/), on 127.0.0.1, with every file under one state
# directory. Source this file after common.sh; it defines functions and variables only.
#
#   s3_server_install                  venv with swift (once; kept in .build/s3-venv)
#   s3_server_configure DIR            rings, configs and a plain-directory device under DIR
#   s3_server_start DIR LOGDIR         starts the account, container and object servers and the
#                                      S3 proxy in the background; waits until the proxy is healthy
#   s3_server_stop                     stops what s3_server_start started, by PID
#
# After s3_server_start: S3_SERVER_ENDPOINT (http://127.0.0.1:PORT), S3_SERVER_ACCESS_KEY,
# S3_SERVER_SECRET_KEY, S3_SERVER_PIDS (array), and in DIR: proxy-server.conf.in, a proxy
# configuration with `@PORT@` for its port, so a test can start a proxy of its own on the same
# storage (to kill or freeze it without disturbing other tests).

# Read by the scripts that source this file.
# shellcheck disable=SC2034
S3_SERVER_VERSION="2.38.3"
S3_SERVER_VENV="$REEL_ROOT/.build/s3-venv"
# shellcheck disable=SC2034
S3_SERVER_ACCESS_KEY="test:tester"
# shellcheck disable=SC2034
S3_SERVER_SECRET_KEY="testing"
S3_SERVER_PIDS=()

# Installs swift==S3_SERVER_VERSION into S3_SERVER_VENV unless it is there already.
s3_server_install() {
    local marker="$S3_SERVER_VENV/.reel-swift-$S3_SERVER_VERSION"
    [[ -f "$marker" && -x "$S3_SERVER_VENV/bin/swift-proxy-server" ]] && return 0
    reel_log "installing OpenStack Swift $S3_SERVER_VERSION (s3api) into ${S3_SERVER_VENV#"$REEL_ROOT"/}"
    rm -rf "$S3_SERVER_VENV"
    python3 -c 'import ensurepip, venv' 2>/dev/null || ensure_packages python3-venv || return
    run_quietly "python3 -m venv" python3 -m venv "$S3_SERVER_VENV" || return
    run_quietly "pip install swift==$S3_SERVER_VERSION" \
        "$S3_SERVER_VENV/bin/pip" install -q --disable-pip-version-check "swift==$S3_SERVER_VERSION" || return
    touch "$marker"
}

# Prints a TCP port on 127.0.0.1 that is free right now.
s3_server_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Writes the configuration of a one-node, one-replica cluster into DIR (replacing what was there).
# Usage: s3_server_configure DIR
s3_server_configure() {
    local dir="$1" kind port builder
    rm -rf "$dir"
    mkdir -p "$dir/etc" "$dir/devices/d1" "$dir/run" "$dir/cache"
    cat >"$dir/etc/swift.conf" <<CONF
[swift-hash]
swift_hash_path_suffix = reel-test-suffix
swift_hash_path_prefix = reel-test-prefix

[storage-policy:0]
name = Policy-0
default = yes
CONF
    # Common settings of every server: loopback only, one process, a plain directory as device
    # (mount_check = false), logs to stderr, this directory instead of /etc/swift.
    local common
    common="bind_ip = 127.0.0.1
workers = 0
swift_dir = $dir/etc
devices = $dir/devices
mount_check = false
log_level = WARNING
log_facility = LOG_LOCAL0
log_udp_host =
recon_cache_path = $dir/cache"
    for kind in account container object; do
        port="$(s3_server_free_port)"
        cat >"$dir/etc/$kind-server.conf" <<CONF
[DEFAULT]
$common
bind_port = $port

[pipeline:main]
pipeline = $kind-server

[app:$kind-server]
use = egg:swift#$kind
CONF
        builder="$dir/etc/$kind.builder"
        run_quietly "swift-ring-builder $kind" "$S3_SERVER_VENV/bin/swift-ring-builder" "$builder" create 4 1 0 \
            || return
        run_quietly "swift-ring-builder $kind add" "$S3_SERVER_VENV/bin/swift-ring-builder" "$builder" \
            add "r1z1-127.0.0.1:$port/d1" 100 || return
        run_quietly "swift-ring-builder $kind rebalance" "$S3_SERVER_VENV/bin/swift-ring-builder" "$builder" \
            rebalance || return
    done
    # The S3 proxy (DESIGN.md, "Testing"); @PORT@ is replaced when a proxy is started.
    cat >"$dir/proxy-server.conf.in" <<CONF
[DEFAULT]
$common
bind_port = @PORT@

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging listing_formats copy s3api tempauth slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo
CONF
}

# Waits until the proxy at http://127.0.0.1:PORT answers /healthcheck. Usage: s3_server_wait PORT [SECONDS]
s3_server_wait() {
    local port="$1" deadline=$((SECONDS + ${2:-60}))
    until python3 -c 'import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthcheck", timeout=2).read()' "$port" 2>/dev/null; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# Starts the storage servers and the proxy of a cluster configured by s3_server_configure.
# Usage: s3_server_start DIR LOGDIR
s3_server_start() {
    local dir="$1" logs="$2" kind port
    mkdir -p "$logs"
    for kind in account container object; do
        "$S3_SERVER_VENV/bin/swift-$kind-server" "$dir/etc/$kind-server.conf" -v >"$logs/s3-$kind.log" 2>&1 &
        S3_SERVER_PIDS+=($!)
    done
    port="$(s3_server_free_port)"
    sed "s/@PORT@/$port/" "$dir/proxy-server.conf.in" >"$dir/etc/proxy-server.conf"
    "$S3_SERVER_VENV/bin/swift-proxy-server" "$dir/etc/proxy-server.conf" -v >"$logs/s3-proxy.log" 2>&1 &
    S3_SERVER_PIDS+=($!)
    # shellcheck disable=SC2034  # read by the caller
    S3_SERVER_ENDPOINT="http://127.0.0.1:$port"
    if ! s3_server_wait "$port" 60; then
        reel_log "the S3 server did not become healthy on port $port; its logs:"
        tail -n 30 "$logs"/s3-*.log >&2 || true
        return 1
    fi
}

# Stops the servers s3_server_start started (SIGTERM, then SIGKILL after 5 s), by PID.
s3_server_stop() {
    local pid
    for pid in "${S3_SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${S3_SERVER_PIDS[@]}"; do
        for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    S3_SERVER_PIDS=()
}
