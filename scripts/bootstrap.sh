#!/usr/bin/env bash
# Makes .venv match uv.lock: `scripts/bootstrap.sh` installs what the bot needs to run,
# `scripts/bootstrap.sh --dev` adds the test and lint tools (the `dev` group).
#
# Fast when nothing changed: .venv/.installed records the hash of uv.lock and
# pyproject.toml it was made from; a different hash (a new lock) installs again.
# `--locked`: a pyproject.toml changed without `scripts/lock` is an error, not a new
# resolution.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
want=runtime
if [ "${1:-}" = "--dev" ]; then want=dev; fi
stamp=.venv/.installed
hash=$(cat uv.lock pyproject.toml | sha256sum | cut -d' ' -f1)
ready() {
  have=$(cat "$stamp" 2>/dev/null || true)
  [ -x .venv/bin/python ] && { [ "$have" = "$hash dev" ] || [ "$have" = "$hash $want" ]; }
}
if ready; then exit 0; fi
# One install at a time (./scripts/run started while ./scripts/test installs, say).
exec 9>.bootstrap.lock
flock 9
if ready; then exit 0; fi
args=(sync --locked --quiet --python "$(command -v "$PY")")
if [ "$want" = dev ]; then args+=(--group dev); else args+=(--no-dev); fi
echo "bootstrap: installing from uv.lock into .venv ($want)" >&2
rm -f "$stamp"
UV_PROJECT_ENVIRONMENT=.venv scripts/uv "${args[@]}" >&2 || {
  echo "bootstrap: install failed; if pyproject.toml changed, run scripts/lock and commit uv.lock" >&2
  exit 1
}
echo "$hash $want" >"$stamp"
