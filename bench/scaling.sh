#!/usr/bin/env bash
# Scale-out on a real local Kafka cluster (docs/scaling.md): analytics throughput and CPU per
# event with 1, 2 and 3 workers in one group reading the same backlog, and the time from a
# worker's SIGKILL to the survivor owning its partitions, and a fraud worker's warm-up on
# take-over. Prints one JSON document on stdout.
# Not a test: a benchmark on a shared 2-core machine, where 3 brokers and the workers compete
# for the same cores, so read the ratios, not the absolute rates.
#
#   bench/scaling.sh [BUILD_DIR=build/release] [EVENTS=300000]
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${1:-build/release}
EVENTS=${2:-300000}
TB="$BUILD/app/trackboard"
PY=/usr/bin/python3
WORK=$(mktemp -d /tmp/trackboard-scaling.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        pkill -9 -P "$pid" 2>/dev/null || true # a worker under /usr/bin/time
        kill -9 "$pid" 2>/dev/null || true
    done
    scripts/kafka-cluster.sh stop --dir "$WORK/cluster" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "scaling: $*" >&2; }

[[ -x "$TB" ]] || { log "no $TB: build it first (cmake --preset release && cmake --build --preset release)"; exit 2; }
BROKERS=$(scripts/kafka-cluster.sh start --nodes 3 --dir "$WORK/cluster" | sed -n 's/^BROKERS=//p')
log "cluster $BROKERS"
"$TB" setup --brokers "$BROKERS" --topic backlog --state-topic backlog-state >/dev/null
log "producing $EVENTS events"
"$TB" produce --brokers "$BROKERS" --topic backlog --count "$EVENTS" --rate 1000000 \
    --clock virtual >/dev/null

# The last JSON report of a worker's output: "consumed" and the partitions it owns.
last_field() { tail -n 1 "$1" 2>/dev/null | "$PY" -c '
import json, sys
try:
    d = json.loads(sys.stdin.read())
except ValueError:
    print(0); sys.exit()
if sys.argv[1] == "owned":
    print(sum(1 for p in d.get("partitions", []) if p.get("owned")))
else:
    print(d.get(sys.argv[1], 0))' "$2"; }

results="{\"events\": $EVENTS, \"workers\": ["
# "1-off": one worker with checkpoints off, the single-state baseline, side by side.
for run in 1-off 1 2 3; do
    workers=${run%-off}
    checkpoint=1
    [[ $run == *-off ]] && checkpoint=0
    group="bench-$run"
    PIDS=()
    start=$(date +%s.%N)
    for ((w = 0; w < workers; w++)); do
        /usr/bin/time -f '%U %S' -o "$WORK/$group.$w.cpu" \
            "$TB" analytics --brokers "$BROKERS" --topic backlog --group "$group" \
            --state-topic backlog-state --checkpoint-interval "$checkpoint" --from-beginning \
            --interval 1 --json \
            >"$WORK/$group.$w.out" 2>/dev/null &
        PIDS+=($!)
    done
    while :; do
        total=0
        for ((w = 0; w < workers; w++)); do
            total=$((total + $(last_field "$WORK/$group.$w.out" consumed)))
        done
        [[ $total -ge $EVENTS ]] && break
        sleep 0.2 # polling the workers' reports, which come once a second
    done
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    for pid in "${PIDS[@]}"; do pkill -TERM -P "$pid"; done # the worker, not /usr/bin/time
    wait "${PIDS[@]}" 2>/dev/null || true
    cpu=$(cat "$WORK"/$group.*.cpu | awk '{s += $1 + $2} END {print s}')
    log "$workers worker(s), checkpoints every ${checkpoint} s: $EVENTS events in $elapsed s wall, $cpu s CPU"
    results+="{\"workers\": $workers, \"checkpoint_interval_s\": $checkpoint, \"wall_s\": $elapsed, \"events_per_s\": $(echo "$EVENTS / $elapsed" | bc),"
    results+=" \"cpu_s\": $cpu, \"cpu_us_per_event\": $(echo "scale=2; $cpu * 1000000 / $EVENTS" | bc)},"
done
results="${results%,}], "

log "take-over: 2 workers on live traffic, one killed"
PIDS=()
"$TB" produce --brokers "$BROKERS" --topic live --rate 2000 >/dev/null 2>&1 &
PIDS+=($!)
for w in 0 1; do
    "$TB" analytics --brokers "$BROKERS" --topic live --group live --state-topic backlog-state \
        --interval 1 --json >"$WORK/live.$w.out" 2>/dev/null &
    PIDS+=($!)
done
until [[ $(last_field "$WORK/live.0.out" owned) -gt 0 && $(last_field "$WORK/live.1.out" owned) -gt 0 ]]; do
    sleep 0.2
done
killed=$(date +%s.%N)
kill -9 "${PIDS[2]}"
until [[ $(last_field "$WORK/live.0.out" owned) -eq 6 ]]; do sleep 0.2; done
takeover=$(echo "$(date +%s.%N) - $killed" | bc)
log "the survivor owned all 6 partitions ${takeover} s after the kill"
results+="\"takeover_s\": $takeover, "

log "fraud warm-up: a worker resumes a group at its end and re-reads the rules' window first"
"$TB" fraud --brokers "$BROKERS" --topic live --group fraud-bench --alerts-topic "" \
    --duration 4 >/dev/null 2>&1
"$TB" fraud --brokers "$BROKERS" --topic live --group fraud-bench --alerts-topic "" \
    --duration 6 >/dev/null 2>"$WORK/warm.err"
warm=$(grep -o 'warm-up of [^;]*' "$WORK/warm.err" | tail -n 1)
log "$warm"
events=$(echo "$warm" | sed -n 's/.*: \([0-9]*\) events in \([0-9]*\) ms.*/\1/p')
ms=$(echo "$warm" | sed -n 's/.*: \([0-9]*\) events in \([0-9]*\) ms.*/\2/p')
results+="\"fraud_warm_up\": {\"events\": ${events:-null}, \"ms\": ${ms:-null}}}"
echo "$results" | "$PY" -m json.tool
