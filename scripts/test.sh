#!/usr/bin/env bash
# Quick start 2: install what is missing, build the dev preset (Debug, warnings as errors) and
# run the whole test suite with ctest. The summary line shows how many tests ran.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
