#!/usr/bin/env bash
# Load benchmark of the web collector with wrk, on loopback, while it produces to the embedded
# broker; then the simulator's produce rate on the same machine, for comparison. Not a timed
# test: run it by hand on a quiet machine (docs/collector.md, "Performance").
# Usage: bench/collector.sh [BUILD_DIR] [SECONDS] [CONNECTIONS] [WRK_THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build/release}
seconds=${2:-10}
connections=${3:-64}
threads=${4:-2}
bin="$build/app/trackboard"
[[ -x "$bin" ]] || { echo "collector.sh: build $bin first (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "collector.sh: wrk is missing (scripts/install-deps.sh)" >&2; exit 2; }

out=$(mktemp -d)
collector_pid=""
cleanup() {
  if [[ -n "$collector_pid" ]]; then kill "$collector_pid" 2>/dev/null || true; wait "$collector_pid" 2>/dev/null || true; fi
  rm -rf "$out"
}
trap cleanup EXIT

# The rate limit is off: every request comes from 127.0.0.1.
"$bin" collect --listen 127.0.0.1:0 --rate-limit 0 --salt-file none >"$out/collect.out" 2>"$out/collect.err" &
collector_pid=$!
for _ in $(seq 100); do grep -q '^COLLECTOR=' "$out/collect.out" && break; sleep 0.1; done
url=$(sed -n 's/^COLLECTOR=//p' "$out/collect.out")
brokers=$(sed -n 's/^BROKERS=//p' "$out/collect.out")
[[ -n "$url" ]] || { cat "$out/collect.err" >&2; exit 1; }

event='{"event_type":"page_view","page":"/bench","tz":"Europe/Paris","screen_width":1920}'
batch="[$(printf '%s,' $(for _ in $(seq 10); do echo "$event"; done) | sed 's/,$//')]"

metric() { curl -s "$url/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

run() { # name body events-per-request
  local accepted0 produced0 overloaded0
  accepted0=$(metric trackboard_collector_events_accepted_total)
  overloaded0=$(metric trackboard_collector_overloaded_total)
  produced0=$(metric trackboard_collector_events_produced_total)
  echo "== $1: wrk -t$threads -c$connections -d${seconds}s, $3 event(s) per request"
  BODY="$2" wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency \
    -s bench/collector_post.lua "$url/e" | tee "$out/$1.txt" |
    grep -E 'Requests/sec|Latency  |  50%|  99%|Non-2xx|requests in'
  local accepted=$(($(metric trackboard_collector_events_accepted_total) - accepted0))
  local overloaded=$(($(metric trackboard_collector_overloaded_total) - overloaded0))
  sleep 2 # let the producer drain
  local produced=$(($(metric trackboard_collector_events_produced_total) - produced0))
  echo "   accepted (202): $accepted events = $((accepted / seconds)) events/s;" \
       "503 replies: $overloaded; produced to Kafka: $produced"
}

run single "$event" 1
run batch10 "$batch" 10
echo "== collector /metrics after the runs"
curl -s "$url/metrics" | grep -E '^trackboard_collector_(events|bots|overloaded|delivery|queue|undelivered)'

echo "== simulator: trackboard produce --rate 1000000 --count 2000000 on the same broker"
start=$(date +%s.%N)
"$bin" produce --brokers "$brokers" --rate 1000000 --count 2000000 --timeout 120 --json 2>/dev/null | tail -1
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN {printf "   simulator: 2,000,000 events in %.1f s = %.0f events/s\n", e - s, 2000000 / (e - s)}'
