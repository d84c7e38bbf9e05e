# shellcheck shell=bash
# The API contract run: schemathesis (PyPI, in a venv under .build/) fuzzes a live `reel serve`
# against api/openapi.yaml and fails on any 5xx or any response the document does not allow.
# Source this file after common.sh; it defines functions and variables only.
#
#   api_contract_install               venv with schemathesis (once; kept in .build/schemathesis-venv)
#   api_contract_run DIR LOGDIR        starts `reel serve` (SQLite in DIR, no workers, no rate limit
#                                      worth the name, s3:// sources only, no DNS look-ups),
#                                      runs schemathesis against it, stops it; JUnit report in
#                                      DIR/api-contract.xml; returns schemathesis's status
#
# REEL_CONTRACT_MAX_EXAMPLES (default 100: about 2,000 requests in under a minute) bounds the
# cases per operation and phase; REEL_CONTRACT_PHASES (default all four) picks the phases.

# Read by the scripts that source this file.
# shellcheck disable=SC2034
API_CONTRACT_VERSION="4.32.5"
API_CONTRACT_VENV="$REEL_ROOT/.build/schemathesis-venv"
API_CONTRACT_SERVER_PID=""

# Installs schemathesis==API_CONTRACT_VERSION into API_CONTRACT_VENV unless it is there already.
api_contract_install() {
    local marker="$API_CONTRACT_VENV/.reel-schemathesis-$API_CONTRACT_VERSION"
    [[ -f "$marker" && -x "$API_CONTRACT_VENV/bin/schemathesis" ]] && return 0
    reel_log "installing schemathesis $API_CONTRACT_VERSION into ${API_CONTRACT_VENV#"$REEL_ROOT"/}"
    rm -rf "$API_CONTRACT_VENV"
    python3 -c 'import ensurepip, venv' 2>/dev/null || ensure_packages python3-venv || return
    run_quietly "python3 -m venv" python3 -m venv "$API_CONTRACT_VENV" || return
    run_quietly "pip install schemathesis==$API_CONTRACT_VERSION" \
        "$API_CONTRACT_VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$API_CONTRACT_VERSION" \
        || return
    touch "$marker"
}

# Runs the contract. Usage: api_contract_run DIR LOGDIR (the reel binary must be built).
api_contract_run() {
    local dir="$1" logs="$2" bin port="" status=0
    bin="$(swift build --package-path "$REEL_ROOT" --show-bin-path)/reel"
    [[ -x "$bin" ]] || { reel_log "api contract: $bin is not built"; return 1; }
    rm -rf "$dir"
    mkdir -p "$dir" "$logs"
    export REEL_CONTRACT_API_TOKEN="reel-contract-api-token" REEL_CONTRACT_HOOK_SECRET="reel-contract-hook-secret"
    # No workers: jobs stay queued, so nothing is fetched, packaged or called back; sources only
    # s3://. Private networks allowed, so no callback host is looked up when a job is checked:
    # nothing leaves the machine, not even a DNS query.
    REEL_RATE_LIMIT=100000 REEL_RATE_BURST=1000000 "$bin" serve --host 127.0.0.1 --port 0 --workers 0 \
        --database "sqlite:$dir/reel.db" --output "$dir/packages" --allow-source s3:// --allow-private-networks \
        --api-token "$REEL_CONTRACT_API_TOKEN" --hook-secret "$REEL_CONTRACT_HOOK_SECRET" \
        >"$dir/serve.out" 2>"$logs/reel-serve-contract.log" &
    API_CONTRACT_SERVER_PID=$!
    local deadline=$((SECONDS + 30))
    until port="$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$dir/serve.out" 2>/dev/null)" && [[ -n "$port" ]]; do
        if ((SECONDS >= deadline)) || ! kill -0 "$API_CONTRACT_SERVER_PID" 2>/dev/null; then
            reel_log "api contract: reel serve did not start; its log:"
            tail -n 20 "$logs/reel-serve-contract.log" >&2 || true
            api_contract_stop
            return 1
        fi
        sleep 0.2
    done
    reel_log "api contract: schemathesis against reel serve on 127.0.0.1:$port"
    # use_after_free is no check for this API: DELETE /v1/jobs/{id} cancels a job, which stays
    # visible as cancelled.
    # From DIR, where schemathesis keeps its cache (.schemathesis/).
    (cd "$dir" && "$API_CONTRACT_VENV/bin/schemathesis" --config-file "$REEL_ROOT/scripts/lib/schemathesis.toml" \
        run "$REEL_ROOT/api/openapi.yaml" --url "http://127.0.0.1:$port" \
        --checks all --exclude-checks use_after_free --phases "${REEL_CONTRACT_PHASES:-examples,coverage,fuzzing,stateful}" \
        --max-examples "${REEL_CONTRACT_MAX_EXAMPLES:-100}" --workers 1 \
        --report junit --report-junit-path "$dir/api-contract.xml" \
        >"$logs/schemathesis.log" 2>&1) || status=$?
    api_contract_stop
    if ((status != 0)); then
        reel_log "api contract: schemathesis failed (exit status $status); the end of its log:"
        tail -n 60 "$logs/schemathesis.log" >&2 || true
    else
        reel_log "api contract: $(grep -E '[0-9]+ (passed|failed)' "$logs/schemathesis.log" | tail -n 1 | tr -d '=')"
    fi
    return "$status"
}

# Stops the server api_contract_run started, by PID.
api_contract_stop() {
    [[ -n "$API_CONTRACT_SERVER_PID" ]] || return 0
    kill "$API_CONTRACT_SERVER_PID" 2>/dev/null || true
    wait "$API_CONTRACT_SERVER_PID" 2>/dev/null || true
    API_CONTRACT_SERVER_PID=""
}
