#!/usr/bin/env bash
# The real-Kafka part of scripts/bench.sh: on a 1-node and then a 3-node local KRaft cluster
# (scripts/kafka-cluster.sh), Trackboard's producer, its readers and its end to end, side by side
# with kcat and Kafka's own ProducerPerformance and ConsumerPerformance (Maven's kafka-tools
# artifact, the broker's version, from the same jar cache as the broker). Raw results go to
# OUT/kafka/nN/; bench/real_kafka_report.py turns them into the `real_kafka` section of the
# suite's JSON document (docs/performance.md explains each figure).
#
#   bench/real_kafka.sh OUT BUILD_DIR
#
# Knobs (environment): BENCH_REPEATS (3), BENCH_KAFKA_NODES ("1 3"), BENCH_KAFKA_EVENTS (500000),
# BENCH_KAFKA_PARTITIONS (12), BENCH_KAFKA_E2E_RATES ("10000 20000 ... 200000", rising; stops
# at the first rate not sustained), BENCH_KAFKA_E2E_SECONDS (20), BENCH_KAFKA_VERSION (3.9.1),
# TRACKBOARD_KAFKA_HEAP (each node's heap; 256m here).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=$1/kafka
BUILD=$2
REPEATS=${BENCH_REPEATS:-3}
NODES=${BENCH_KAFKA_NODES:-1 3}
EVENTS=${BENCH_KAFKA_EVENTS:-500000}
PARTITIONS=${BENCH_KAFKA_PARTITIONS:-12}
E2E_RATES=${BENCH_KAFKA_E2E_RATES:-10000 20000 50000 100000 150000 200000}
E2E_SECONDS=${BENCH_KAFKA_E2E_SECONDS:-20}
VERSION=${BENCH_KAFKA_VERSION:-3.9.1}
# Small heaps: up to three brokers share this machine with the clients they serve, and a
# broker's throughput comes from the page cache, not its heap.
export TRACKBOARD_KAFKA_HEAP=${TRACKBOARD_KAFKA_HEAP:-256m}
TB="$BUILD/app/trackboard"
RAW="$BUILD/bench/bench_raw_consumer"
PY=/usr/bin/python3 # the Debian interpreter, which has python3-confluent-kafka
# Every producer gets Trackboard's own producer settings (kafka/producer_worker.cpp): the
# idempotent producer (so acks=all), linger.ms=5, murmur2 keys.
KCAT_PRODUCER=(-X enable.idempotence=true -X linger.ms=5 -X batch.num.messages=10000
    -X partitioner=murmur2_random)
JAVA_PRODUCER=(acks=all enable.idempotence=true linger.ms=5)

log() { echo "bench: $*" >&2; }

CLUSTER_DIR=""
stop_cluster() {
    if [[ -n "$CLUSTER_DIR" ]]; then
        scripts/kafka-cluster.sh stop --dir "$CLUSTER_DIR" >&2 || true
        rm -rf "$CLUSTER_DIR"
        CLUSTER_DIR=""
    fi
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM # through the EXIT trap, so the cluster stops

mkdir -p "$OUT"
LIBS=$(scripts/kafka-cluster.sh classpath --version "$VERSION")
cat >"$OUT/log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=%p %m%n
EOF
JAVA=(java -Xmx256m "-Dlog4j.configuration=file:$OUT/log4j.properties" -cp "$LIBS/*")
printf '{"kafka_version":"%s","trackboard":"%s","events":%d,"partitions":%d,"node_heap":"%s","nodes":[%s],"e2e_seconds":%d,"clock_ticks_per_s":%d}\n' \
    "$VERSION" "$("$TB" --version)" "$EVENTS" "$PARTITIONS" "$TRACKBOARD_KAFKA_HEAP" \
    "${NODES// /,}" "$E2E_SECONDS" "$(getconf CLK_TCK)" >"$OUT/meta.json"

broker_cpu_ticks() { # user+system CPU of every node of the cluster so far, in clock ticks
    local total=0 f pid
    for f in "$CLUSTER_DIR"/node*.pid; do
        [[ -f "$f" ]] || continue
        pid=$(<"$f")
        if [[ -r "/proc/$pid/stat" ]]; then # comm is "(java)": fields 14 and 15 are utime, stime
            total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
        fi
    done
    echo "$total"
}

# Runs a command with its stdout in $D/NAME.out, its exit status in NAME.status, its user and
# system CPU seconds and peak RSS (KiB) in NAME.time, the brokers' CPU meanwhile (clock ticks) in
# NAME.broker_ticks, its wall time from process start to exit in NAME.wall, and the 1-minute
# load average when it ended in NAME.load. A failure is logged and reported; the suite goes on.
# CPU per event is the figure a loaded machine disturbs least.
timed() {
    local name=$1 start end status=0 ticks
    shift
    ticks=$(broker_cpu_ticks)
    start=$(date +%s.%N)
    /usr/bin/time -f '%U %S %M' -o "$D/$name.time" "$@" >"$D/$name.out" 2>>"$D/stderr.log" ||
        status=$?
    end=$(date +%s.%N)
    echo $(($(broker_cpu_ticks) - ticks)) >"$D/$name.broker_ticks"
    echo "$status" >"$D/$name.status"
    ((status == 0)) || log "$name exited with status $status; see $D/stderr.log"
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f\n", e - s }' >"$D/$name.wall"
    cut -d' ' -f1 /proc/loadavg >"$D/$name.load"
}

topic() { # NAME: a fresh topic of PARTITIONS partitions, replicated as far as the cluster allows
    "$TB" setup --brokers "$BROKERS" --topic "$1" --partitions "$PARTITIONS" >/dev/null \
        2>>"$D/stderr.log"
}

# --- writers: Trackboard's simulator, kcat -P and ProducerPerformance, each into a fresh topic --
write_trackboard() {
    topic "w-trackboard-$1"
    timed "trackboard_produce.$1" "$TB" produce --brokers "$BROKERS" --topic "w-trackboard-$1" \
        --count "$EVENTS" --rate 1000000 --clock virtual --json
}
write_kcat() {
    topic "w-kcat-$1"
    timed "kcat_produce.$1" kcat -P -b "$BROKERS" -t "w-kcat-$1" -K $'\t' "${KCAT_PRODUCER[@]}" \
        -l "$D/events.tsv"
}
write_java() {
    topic "w-java-$1"
    timed "producer_performance.$1" "${JAVA[@]}" org.apache.kafka.tools.ProducerPerformance \
        --topic "w-java-$1" --num-records "$EVENTS" --throughput -1 \
        --payload-file "$D/payloads.txt" --producer-props "bootstrap.servers=$BROKERS" \
        "${JAVA_PRODUCER[@]}"
}

# --- readers: all read the same topic of EVENTS events from the beginning ------------------------
read_raw() { timed "raw.$1" "$RAW" "$BROKERS" read "$EVENTS"; }
# Each round checkpoints to a state topic of its own: every worker reads its state topic whole
# when it joins, so a shared one would make each round, and the end-to-end runs' analytics
# group after them, read the earlier rounds' checkpoints first (hundreds of MB, uncompacted).
read_analytics() {
    "$TB" setup --brokers "$BROKERS" --topic read --partitions "$PARTITIONS" \
        --state-topic "bench-analytics-state-$1" >/dev/null 2>>"$D/stderr.log"
    timed "analytics.$1" "$TB" analytics --brokers "$BROKERS" --topic read \
        --group "bench-analytics-$1" --state-topic "bench-analytics-state-$1" \
        --from-beginning --max-events "$EVENTS" --interval 3600 --json
}
read_kcat() {
    timed "kcat.$1" bash -c 'kcat -b "$1" -C -t read -o beginning -e -q | wc -l' _ "$BROKERS"
}
read_python() { timed "python.$1" "$PY" bench/seed_equivalent.py "$BROKERS" read "$EVENTS"; }
read_java() {
    timed "consumer_performance.$1" "${JAVA[@]}" org.apache.kafka.tools.ConsumerPerformance \
        --bootstrap-server "$BROKERS" --topic read --messages "$EVENTS" \
        --group "bench-consumer-performance-$1" --timeout 60000
}

# Runs the given steps for round R, starting at a different one each round, so that no tool
# always runs first (on a cold page cache) or last.
rotated() {
    local r=$1 i
    shift
    local steps=("$@")
    for ((i = 0; i < ${#steps[@]}; i++)); do
        "${steps[(i + r - 1) % ${#steps[@]}]}" "$r"
    done
}

for nodes in $NODES; do
    D="$OUT/n$nodes"
    mkdir -p "$D"
    CLUSTER_DIR=$(mktemp -d /tmp/trackboard-bench-kafka.XXXXXX)
    log "real Kafka: starting $nodes node(s) of Kafka $VERSION (heap $TRACKBOARD_KAFKA_HEAP)"
    BROKERS=$(scripts/kafka-cluster.sh start --nodes "$nodes" --dir "$CLUSTER_DIR" \
        --version "$VERSION" | sed -n 's/^BROKERS=//p')
    [[ -n "$BROKERS" ]] || { log "the $nodes-node cluster did not start"; exit 1; }

    log "real Kafka ($nodes): filling the read topic with $EVENTS events"
    topic read
    timed fill "$TB" produce --brokers "$BROKERS" --topic read --count "$EVENTS" --rate 1000000 \
        --clock virtual --json
    # The same events, keyed by user_id, for kcat -P; a sample of them for ProducerPerformance,
    # which holds its payload file in memory.
    kcat -b "$BROKERS" -C -t read -o beginning -e -q -f '%k\t%s\n' >"$D/events.tsv"
    head -n 10000 "$D/events.tsv" | cut -f2 >"$D/payloads.txt"

    for r in $(seq 1 "$REPEATS"); do
        log "real Kafka ($nodes): writers, round $r/$REPEATS"
        rotated "$r" write_trackboard write_kcat write_java
        log "real Kafka ($nodes): readers, round $r/$REPEATS"
        rotated "$r" read_raw read_analytics read_kcat read_python read_java
    done
    rm -f "$D/events.tsv"

    for rate in $E2E_RATES; do
        log "real Kafka ($nodes): end to end at $rate events/s for $E2E_SECONDS s"
        topic "e2e-$rate"
        timed "e2e.$rate" "$TB" demo --brokers "$BROKERS" --topic "e2e-$rate" --rate "$rate" \
            --duration "$E2E_SECONDS" --json
        if ! "$PY" bench/bench_report.py keeps-up "$D/e2e.$rate.out" "$rate"; then
            log "not sustained at $rate events/s; stopping the search"
            break
        fi
    done
    stop_cluster
done
