#!/usr/bin/env bash
# Fuzzes the event decoder for SECONDS (default 60) with libFuzzer, AddressSanitizer and UBSan.
# Builds the `fuzz` preset (clang) first. New inputs go to a scratch corpus under the build dir,
# seeded from tests/fuzz/corpus; a crash leaves its input in the build dir and fails the script.
# Usage: scripts/fuzz.sh [SECONDS] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
build=${2:-build/fuzz}
cmake --preset fuzz -B "$build" >/dev/null
cmake --build "$build" --target fuzz_event_decoder

work="$build/fuzz-corpus"
mkdir -p "$work"
parallel=()
if [[ ${FUZZ_JOBS:-1} -gt 1 ]]; then parallel=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi
echo "fuzz: event decoder for ${seconds}s, corpus $work (seeds tests/fuzz/corpus)"
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  "$build/tests/fuzz/fuzz_event_decoder" -max_total_time="$seconds" -max_len=70000 \
  -print_final_stats=1 "${parallel[@]}" -artifact_prefix="$build/" \
  "$work" tests/fuzz/corpus
echo "fuzz: clean; corpus now $(find "$work" -type f | wc -l) inputs"
