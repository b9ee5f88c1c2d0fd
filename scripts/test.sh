#!/usr/bin/env bash
# Quick start 2: install what is missing, build the dev preset (Debug, warnings as errors) and
# run the whole test suite with ctest, then build the asan preset (AddressSanitizer + UBSan) and
# run the same suite under it. The last lines are the ctest summaries. CI runs this script.
# TRACKBOARD_SKIP_ASAN=1 runs the dev suite only (about 9 minutes instead of 22 on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
presets=(dev)
if [[ "${TRACKBOARD_SKIP_ASAN:-0}" != "1" ]]; then presets+=(asan); fi

status=0
for preset in "${presets[@]}"; do
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset" 2>&1 | tee "build/$preset/ctest.log" || status=1
done

echo
echo "== ctest summaries =="
for preset in "${presets[@]}"; do
  echo "$preset: $(grep -E 'tests passed' "build/$preset/ctest.log" | tail -1)"
done
exit "$status"
