#!/usr/bin/env bash
# Debian's chromium for the dashboard's browser test (tests/test_dashboard_browser.py).
#
#   scripts/browser.sh     # installs it with apt-get when missing and run as root (CI)
#
# Playwright's own browser download is not used (CI machines cannot reach its server): the
# test launches $CHROMIUM (default /usr/bin/chromium). Without it the test is skipped, or
# fails when REQUIRE_SERVICES=1 (as CI sets). Idempotent; logs go to stderr.
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
log() { echo "browser: $*" >&2; }
if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi
if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    log "$CHROMIUM is missing (install Debian's chromium package); the browser test will be skipped"
    exit 0
fi
log "installing chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || log "apt-get update failed"
apt-get install -y -qq --no-install-recommends chromium >&2 || log "chromium could not be installed"
