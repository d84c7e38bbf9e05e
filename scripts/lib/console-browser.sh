# shellcheck shell=bash
# The browser test of the web console (Tests/ConsoleBrowser/console_browser_test.py, run by
# ConsoleBrowserTests): Playwright from PyPI in a venv under .build/, driving Debian's Chromium
# (never a browser Playwright downloads). Source this file after common.sh; it defines functions
# and variables only.
#
#   console_browser_install    venv with Playwright (once; kept in .build/playwright-venv) and
#                              REEL_TEST_PLAYWRIGHT_PYTHON exported; on failure a warning, and the
#                              test skips itself

# Read by the scripts that source this file.
# shellcheck disable=SC2034
CONSOLE_BROWSER_PLAYWRIGHT_VERSION="1.65.2"
CONSOLE_BROWSER_VENV="$REEL_ROOT/.build/playwright-venv"

console_browser_install() {
    local marker="$CONSOLE_BROWSER_VENV/.reel-playwright-$CONSOLE_BROWSER_PLAYWRIGHT_VERSION"
    if [[ ! -f "$marker" || ! -x "$CONSOLE_BROWSER_VENV/bin/python" ]]; then
        reel_log "installing playwright $CONSOLE_BROWSER_PLAYWRIGHT_VERSION into ${CONSOLE_BROWSER_VENV#"$REEL_ROOT"/}"
        rm -rf "$CONSOLE_BROWSER_VENV"
        if ! { python3 -c 'import ensurepip, venv' 2>/dev/null || ensure_packages python3-venv; } \
            || ! run_quietly "python3 -m venv" python3 -m venv "$CONSOLE_BROWSER_VENV" \
            || ! run_quietly "pip install playwright==$CONSOLE_BROWSER_PLAYWRIGHT_VERSION" \
                "$CONSOLE_BROWSER_VENV/bin/pip" install -q --disable-pip-version-check \
                "playwright==$CONSOLE_BROWSER_PLAYWRIGHT_VERSION"; then
            reel_log "no Playwright: the console's browser test will be skipped"
            return 0
        fi
        touch "$marker"
    fi
    export REEL_TEST_PLAYWRIGHT_PYTHON="$CONSOLE_BROWSER_VENV/bin/python"
}
