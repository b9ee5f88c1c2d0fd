#!/usr/bin/env bash
# Quick start 1: install what is missing, build the release preset, and open the dashboard with
# the embedded Kafka broker and simulated traffic already flowing. Extra arguments go to
# trackboard (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
  echo "run-dashboard: no display here, so the dashboard runs under xvfb-run (invisible)." >&2
  echo "run-dashboard: on a headless machine try: build/release/app/trackboard demo --help" >&2
  exec xvfb-run -a build/release/app/trackboard "$@"
fi
exec build/release/app/trackboard "$@"
