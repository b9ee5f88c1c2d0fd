#!/usr/bin/env bash
# Fuzzes a target for SECONDS (default 60) with libFuzzer, AddressSanitizer and UBSan: the event
# decoder (default) or the web collector's request path (`collector`). Builds the `fuzz` preset
# (clang) first. New inputs go to a scratch corpus under the build dir, seeded from
# tests/fuzz/corpus (decoder) or tests/fuzz/corpus-collector; a crash leaves its input in the
# build dir and fails the script.
# Usage: scripts/fuzz.sh [SECONDS] [BUILD_DIR] [event_decoder|collector]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
build=${2:-build/fuzz}
name=${3:-event_decoder}
case "$name" in
  event_decoder) seeds=tests/fuzz/corpus work="$build/fuzz-corpus" ;;
  collector) seeds=tests/fuzz/corpus-collector work="$build/fuzz-corpus-collector" ;;
  *) echo "fuzz: unknown target '$name' (event_decoder or collector)" >&2; exit 2 ;;
esac
target=fuzz_$name
cmake --preset fuzz -B "$build" >/dev/null
cmake --build "$build" --target "$target"

mkdir -p "$work"
parallel=()
if [[ ${FUZZ_JOBS:-1} -gt 1 ]]; then parallel=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS"); fi
echo "fuzz: $name for ${seconds}s, corpus $work (seeds $seeds)"
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -max_len=70000 \
  -print_final_stats=1 "${parallel[@]}" -artifact_prefix="$build/" \
  "$work" "$seeds"
echo "fuzz: clean; corpus now $(find "$work" -type f | wc -l) inputs"
