#!/usr/bin/env bash
# Two builds of Trackboard side by side, for measuring one change apart (docs/performance.md,
# "Compare two builds"): the analytics worker reading the same backlog from one embedded
# broker, the builds alternating round by round and the order turning each round, so that a
# shared machine's slow minutes fall on both. Prints one JSON document on stdout: each build's
# median events/s (first batch to last), the worker threads' and the whole process's CPU per
# event, and the ratios new / old. Not a test: read the ratios, and run the same binary as both
# builds first to see how far the machine's noise alone moves them.
#
#   bench/compare_builds.sh OLD_TRACKBOARD NEW_TRACKBOARD [ROUNDS=5] [EVENTS=1000000]
#
# OLD and NEW are trackboard binaries, for example a worktree's build of the commit before.
# The topic has 128 partitions and the anchors' stream (8,000 open visits, as bench_core).
set -euo pipefail

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
}
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    usage
    exit 0
fi
if [[ $# -lt 2 ]]; then
    usage >&2
    exit 2
fi
OLD=$1
NEW=$2
ROUNDS=${3:-5}
EVENTS=${4:-1000000}
PY=/usr/bin/python3
for bin in "$OLD" "$NEW"; do
    [[ -x $bin ]] || { echo "compare_builds: $bin is not an executable" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/trackboard-compare.XXXXXX)
BROKER_PID=""
cleanup() {
    [[ -n $BROKER_PID ]] && kill "$BROKER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "compare_builds: $*" >&2; }

# The new build's broker and fill for both: the builds differ in what they read, not in what
# they are given.
coproc BROKER { exec "$NEW" broker --topic compare --partitions 128 2>/dev/null; }
BROKER_PID=$!
read -r line <&"${BROKER[0]}"
BROKERS=${line#BROKERS=}
log "broker $BROKERS; filling $EVENTS events"
"$NEW" produce --brokers "$BROKERS" --topic compare --count "$EVENTS" --rate 1000000 \
    --visits 8000 --clock virtual -X linger.ms=100 --json >/dev/null 2>"$WORK/fill.err"

# The order turns each round (old-new, new-old, ...), so that neither build is always the
# second reader of a pair.
for r in $(seq 1 "$ROUNDS"); do
    order="old new"
    ((r % 2 == 0)) && order="new old"
    for build in $order; do
        bin=$OLD
        [[ $build == new ]] && bin=$NEW
        /usr/bin/time -f '%U %S %e' -o "$WORK/$build.$r.time" "$bin" analytics \
            --brokers "$BROKERS" --topic compare --group "compare-$build-$r" --from-beginning \
            --max-events "$EVENTS" --interval 3600 --json 2>"$WORK/$build.$r.err" |
            tail -n 1 >"$WORK/$build.$r.json"
        rate=$("$PY" -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["events_per_s"]))' \
            "$WORK/$build.$r.json" 2>/dev/null || echo "no report")
        log "round $r/$ROUNDS $build: $rate events/s"
    done
done

"$PY" - "$WORK" "$ROUNDS" "$EVENTS" <<'EOF'
import json, statistics, sys

work, rounds, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
result = {"events": events, "rounds": rounds, "partitions": 128}
for build in ("old", "new"):
    runs = []
    for r in range(1, rounds + 1):
        doc = json.load(open(f"{work}/{build}.{r}.json"))
        user, system, wall = map(float, open(f"{work}/{build}.{r}.time").read().split()[-3:])
        consumed = doc["consumed"]
        if consumed != events:
            sys.exit(f"compare_builds: {build} round {r} consumed {consumed} of {events}")
        runs.append({
            "events_per_s": doc["events_per_s"],
            "thread_cpu_us_per_event": doc["cpu_us_per_event"],
            "process_cpu_us_per_event": (user + system) / consumed * 1e6,
            "wall_s": wall,
        })
    result[build] = {
        "rounds": runs,
        "median": {k: statistics.median(run[k] for run in runs) for k in runs[0]},
    }
result["new_over_old"] = {
    k: result["new"]["median"][k] / result["old"]["median"][k] for k in result["old"]["median"]
}
print(json.dumps(result, indent=1))
EOF
