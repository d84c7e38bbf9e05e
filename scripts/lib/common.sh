# shellcheck shell=bash
# Helpers shared by scripts/run, scripts/test and scripts/bench. Source it; it defines functions
# and variables only.

# Debian 12 packages needed to build and run Reel (headers + pkg-config for the system-library
# targets: FFmpeg now, libzip and libcurl for the zip and S3 outputs; PostgreSQL for the job store
# tests).
# shellcheck disable=SC2034  # used by the scripts that source this file
REEL_SYSTEM_PACKAGES=(
    pkg-config
    libavformat-dev libavcodec-dev libavfilter-dev libswscale-dev libswresample-dev libavutil-dev
    libzip-dev libcurl4-openssl-dev
    unzip
    postgresql
)

# The repository root (the directory above scripts/).
REEL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Prints a message to stderr, prefixed with the calling script's name.
reel_log() {
    printf '%s: %s\n' "$(basename "$0")" "$*" >&2
}

# Runs a command with its output captured; prints the output only if the command fails.
# Usage: run_quietly DESCRIPTION COMMAND [ARGS...]
run_quietly() {
    local description="$1" log status=0
    shift
    log="$(mktemp)"
    "$@" >"$log" 2>&1 || status=$?
    if ((status != 0)); then
        cat "$log" >&2
        reel_log "$description failed (exit status $status)"
    fi
    rm -f "$log"
    return "$status"
}

# Installs the given Debian packages that are not installed yet. Runs `apt-get update` at most
# once per process tree, and only when something is missing; uses sudo only when not root.
# Usage: ensure_packages PACKAGE...
ensure_packages() {
    local missing=() package
    for package in "$@"; do
        if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed'; then
            missing+=("$package")
        fi
    done
    ((${#missing[@]} > 0)) || return 0

    local sudo=()
    if ((EUID != 0)); then
        if ! command -v sudo >/dev/null; then
            reel_log "missing packages: ${missing[*]} (run as root or install sudo)"
            return 1
        fi
        sudo=(sudo)
    fi
    reel_log "installing ${missing[*]}"
    if [[ -z "${REEL_APT_UPDATED:-}" ]]; then
        run_quietly "apt-get update" "${sudo[@]}" apt-get update -q
        export REEL_APT_UPDATED=1
    fi
    run_quietly "apt-get install" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Puts the Swift toolchain on PATH (it lives in /opt/swift on the project's machines).
ensure_swift() {
    if ! command -v swift >/dev/null && [[ -x /opt/swift/usr/bin/swift ]]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    if ! command -v swift >/dev/null; then
        reel_log "swift not found (expected on PATH or in /opt/swift/usr/bin)"
        return 1
    fi
}

# Builds the release `reel` binary when it is missing or older than a source file, quietly unless
# the build fails, and prints its path. REEL_FORCE_BUILD=1 always runs `swift build` (incremental).
build_reel_release() {
    local binary="$REEL_ROOT/.build/release/reel" newer=""
    if [[ -x "$binary" && -z "${REEL_FORCE_BUILD:-}" ]]; then
        newer="$(find "$REEL_ROOT/Package.swift" "$REEL_ROOT/Sources" "$REEL_ROOT/Package.resolved" \
            -newer "$binary" -print -quit 2>/dev/null || true)"
        if [[ -z "$newer" ]]; then
            printf '%s\n' "$binary"
            return 0
        fi
    elif [[ ! -x "$binary" ]]; then
        reel_log "building reel (release; the first build takes a few minutes)"
    fi
    run_quietly "swift build -c release --product reel" \
        swift build -c release --product reel --package-path "$REEL_ROOT" || return
    touch "$binary"
    printf '%s\n' "$binary"
}
