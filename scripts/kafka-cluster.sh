#!/usr/bin/env bash
# A real Apache Kafka cluster on loopback: N KRaft nodes in combined broker+controller mode, for
# Trackboard's `kafka` tests, benchmarks and trying it against the real thing.
#
#   scripts/kafka-cluster.sh start --nodes N --dir DIR [--version V] [--tls]
#   scripts/kafka-cluster.sh stop --dir DIR
#   scripts/kafka-cluster.sh kill NODE --dir DIR         # SIGKILL one node
#   scripts/kafka-cluster.sh start-node NODE --dir DIR   # start one node again
#   scripts/kafka-cluster.sh status --dir DIR
#   scripts/kafka-cluster.sh env --dir DIR               # print the BROKERS=... lines again
#   scripts/kafka-cluster.sh classpath [--version V]     # print the jars' folder (for Kafka's tools)
#
# `start` returns once every node answers a metadata request that lists all N brokers, and
# prints BROKERS=127.0.0.1:P1,... on a line of its own (with --tls also SASL_SSL_BROKERS=, CA=,
# SASL_USERNAME= and SASL_PASSWORD=). The nodes run on in the background, detached from this
# script's output, with their logs in DIR/nodeN.log. `start` on a DIR that already holds a
# cluster starts its stopped nodes again with their data and ports.
#
# The broker's jars come from Maven (scripts/kafka/pom.xml) into a cache that later runs use
# offline: $TRACKBOARD_KAFKA_CACHE, default ~/.cache/trackboard/kafka/VERSION.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
default_version=3.9.1
scram_user=trackboard
heap=${TRACKBOARD_KAFKA_HEAP:-384m}

die() {
  echo "kafka-cluster: $*" >&2
  exit 1
}

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
}

command=${1:-}
[[ -n "$command" ]] || {
  usage
  exit 2
}
shift
node_arg=""
if [[ "$command" == kill || "$command" == start-node ]]; then
  node_arg=${1:-}
  [[ "$node_arg" =~ ^[0-9]+$ ]] || die "$command needs a node number (1..N)"
  shift
fi
nodes=1 dir="" version=$default_version tls=0
while (($#)); do
  case "$1" in
  --nodes) nodes=${2:?}; shift 2 ;;
  --dir) dir=${2:?}; shift 2 ;;
  --version) version=${2:?}; shift 2 ;;
  --tls) tls=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) die "unknown option '$1' (see --help)" ;;
  esac
done
case "$command" in
-h | --help | help) usage; exit 0 ;;
start | stop | kill | start-node | status | env | classpath) ;;
*) die "unknown command '$command' (start, stop, kill, start-node, status, env, classpath)" ;;
esac
if [[ "$command" != classpath ]]; then
  [[ -n "$dir" ]] || die "--dir DIR is required"
  [[ "$nodes" =~ ^[1-9]$ ]] || die "--nodes takes 1 to 9"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
fi
state="$dir/cluster.env"

# --- the broker's classpath -------------------------------------------------------------------
fetch_jars() {
  local cache="${TRACKBOARD_KAFKA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/trackboard/kafka}/$1"
  # A cache made before the pom listed kafka-tools lacks Kafka's perf tools: fetch again.
  if [[ ! -f "$cache/complete" || ! -f "$cache/libs/kafka-tools-$1.jar" ]]; then
    local logging=reload4j
    [[ "$1" == 3.* ]] || logging=log4j2
    command -v mvn >/dev/null || die "mvn not found: run scripts/install-deps.sh"
    echo "kafka-cluster: fetching Apache Kafka $1 with Maven into $cache" >&2
    rm -rf "$cache/libs"
    # Maven's console library writes colour resets even in batch mode: strip them.
    if ! mvn -B -q -Dstyle.color=never -f "$here/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -Dkafka.version="$1" -Dkafka.logging="$logging" \
      -DoutputDirectory="$cache/libs" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2; then
      die "Maven could not fetch Kafka $1"
    fi
    touch "$cache/complete"
  fi
  echo "$cache/libs"
}

# COUNT distinct free ports below the kernel's ephemeral range, where the kernel never hands
# one to an outgoing connection between our choosing it and the node binding it: a node that
# lost its port that way exited while starting.
free_ports() {
  python3 - "$1" <<'PY'
import random, socket, sys
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
held = []
for port in random.sample(range(10000, max(low, 10100)), 400):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        continue
    held.append(s)
    if len(held) == int(sys.argv[1]):
        break
print(" ".join(str(s.getsockname()[1]) for s in held))
PY
}

# --- certificates and SCRAM for --tls ------------------------------------------------------------
make_certificates() {
  local t="$dir/tls"
  mkdir -p "$t"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Trackboard test CA" \
    -keyout "$t/ca.key" -out "$t/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$t/server.key" \
    -out "$t/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$t/san.ext"
  openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" -CAcreateserial \
    -days 30 -extfile "$t/san.ext" -out "$t/server.pem" 2>/dev/null
  openssl pkcs12 -export -in "$t/server.pem" -inkey "$t/server.key" -certfile "$t/ca.pem" \
    -name broker -passout "pass:$KEYSTORE_PASSWORD" -out "$t/server.p12"
}

write_properties() {
  local n=$1 file="$dir/node$1.properties" voters="" i
  for ((i = 1; i <= NODES; i++)); do
    local c="CONTROLLER_PORT_$i"
    voters+="${voters:+,}$i@127.0.0.1:${!c}"
  done
  local p="PORT_$n" c="CONTROLLER_PORT_$n" s="SASL_PORT_$n"
  local rf=$((NODES < 3 ? NODES : 3)) isr=$((NODES < 3 ? 1 : 2))
  local listeners="PLAINTEXT://127.0.0.1:${!p},CONTROLLER://127.0.0.1:${!c}"
  local advertised="PLAINTEXT://127.0.0.1:${!p}"
  if ((TLS)); then
    listeners+=",SASL_SSL://127.0.0.1:${!s}"
    advertised+=",SASL_SSL://127.0.0.1:${!s}"
  fi
  cat >"$file" <<EOF
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$voters
listeners=$listeners
advertised.listeners=$advertised
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/node$n/data
num.partitions=6
default.replication.factor=$rf
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
transaction.state.log.num.partitions=1
# Test-harness start-up settings: no initial rebalance delay, and a dead node is noticed in
# seconds rather than the default 9 s.
group.initial.rebalance.delay.ms=0
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=6000
EOF
  if ((TLS)); then
    cat >>"$file" <<EOF
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$dir/tls/server.p12
ssl.keystore.password=$KEYSTORE_PASSWORD
ssl.key.password=$KEYSTORE_PASSWORD
EOF
  fi
}

storage_tool() { # args...: Kafka's StorageTool, quietly
  java -Xmx256m -Dlog4j.configuration="file:$dir/log4j.properties" \
    -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$LIBS/*" kafka.tools.StorageTool "$@"
}

write_logging() {
  cat >"$dir/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
EOF
  cat >"$dir/log4j2.properties" <<'EOF'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = STDOUT
EOF
}

load_state() {
  [[ -f "$state" ]] || die "no cluster in $dir (run start first)"
  # shellcheck disable=SC1090
  source "$state"
  LIBS=$(fetch_jars "$VERSION")
}

node_pid() {
  local f="$dir/node$1.pid"
  [[ -f "$f" ]] || return 1
  local pid
  pid=$(<"$f")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

start_node() {
  local n=$1
  if node_pid "$n" >/dev/null; then
    return 0
  fi
  # setsid and no inherited descriptors: `$(kafka-cluster.sh start ...)` must return.
  # A new session and no inherited descriptors, so that `$(kafka-cluster.sh start ...)` returns.
  # setsid execs in place (its child is no group leader), so $! is the JVM's pid.
  local logging=(-Dlog4j.configuration="file:$dir/log4j.properties")
  [[ "$VERSION" == 3.* ]] || logging=(-Dlog4j2.configurationFile="$dir/log4j2.properties")
  setsid java -Xms128m "-Xmx$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true "${logging[@]}" -Dkafka.logs.dir="$dir/node$n" -cp "$LIBS/*" \
    kafka.Kafka "$dir/node$n.properties" </dev/null >>"$dir/node$n.log" 2>&1 &
  echo $! >"$dir/node$n.pid"
}

brokers_list() {
  local list="" i p
  for ((i = 1; i <= NODES; i++)); do
    p="PORT_$i"
    list+="${list:+,}127.0.0.1:${!p}"
  done
  echo "$list"
}

# Ready: every running node answers a metadata request that lists every running node.
wait_ready() {
  local deadline=$((SECONDS + ${1:-240})) i p up want
  want=0
  for ((i = 1; i <= NODES; i++)); do node_pid "$i" >/dev/null && want=$((want + 1)); done
  for ((i = 1; i <= NODES; i++)); do
    node_pid "$i" >/dev/null || continue
    p="PORT_$i"
    while :; do
      if ! node_pid "$i" >/dev/null; then
        tail -n 15 "$dir/node$i.log" >&2 || true # the fixture removes the folder afterwards
        die "node $i exited while starting; see $dir/node$i.log"
      fi
      up=$(kcat -L -b "127.0.0.1:${!p}" -m 5 2>/dev/null |
        grep -cE '^  broker [0-9]+ at' || true)
      ((up >= want)) && break
      ((SECONDS < deadline)) || die "node $i not ready in time; see $dir/node$i.log"
      sleep 0.5
    done
  done
}

print_env() {
  echo "BROKERS=$(brokers_list)"
  if ((TLS)); then
    local list="" i s
    for ((i = 1; i <= NODES; i++)); do
      s="SASL_PORT_$i"
      list+="${list:+,}127.0.0.1:${!s}"
    done
    echo "SASL_SSL_BROKERS=$list"
    echo "CA=$dir/tls/ca.pem"
    echo "SASL_USERNAME=$scram_user"
    echo "SASL_PASSWORD=$SCRAM_PASSWORD"
  fi
}

stop_node() { # SIGTERM, then SIGKILL after a grace period
  local n=$1 pid grace=${2:-30}
  pid=$(node_pid "$n") || return 0
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      echo "kafka-cluster: node $n did not stop in ${grace}s; killed" >&2
      break
    fi
    sleep 0.2
  done
  rm -f "$dir/node$n.pid"
}

case "$command" in
start)
  command -v java >/dev/null || die "java not found: run scripts/install-deps.sh"
  command -v kcat >/dev/null || die "kcat not found: run scripts/install-deps.sh"
  started=$SECONDS
  if [[ ! -f "$state" ]]; then
    [[ -z "$(ls -A "$dir")" ]] || die "$dir is neither empty nor a cluster made by this script"
    LIBS=$(fetch_jars "$version")
    {
      echo "VERSION=$version"
      echo "NODES=$nodes"
      echo "TLS=$tls"
      read -r -a ports <<<"$(free_ports $((nodes * 3)))"
      ((${#ports[@]} == nodes * 3)) || die "found too few free ports on 127.0.0.1"
      for ((i = 1; i <= nodes; i++)); do
        echo "PORT_$i=${ports[3 * i - 3]}"
        echo "CONTROLLER_PORT_$i=${ports[3 * i - 2]}"
        ((tls)) && echo "SASL_PORT_$i=${ports[3 * i - 1]}"
      done
      if ((tls)); then
        echo "KEYSTORE_PASSWORD=$(openssl rand -hex 12)"
        echo "SCRAM_PASSWORD=$(openssl rand -hex 12)"
      fi
    } >"$state.new"
    mv "$state.new" "$state"
    load_state
    write_logging
    ((TLS)) && make_certificates
    cluster_id=$(storage_tool random-uuid 2>/dev/null | tail -1)
    scram=()
    ((TLS)) && scram=(--add-scram "SCRAM-SHA-512=[name=$scram_user,password=$SCRAM_PASSWORD]")
    for ((i = 1; i <= NODES; i++)); do
      write_properties "$i"
      storage_tool format -t "$cluster_id" \
        -c "$dir/node$i.properties" "${scram[@]}" >"$dir/format$i.log" 2>&1 &
    done
    wait || die "formatting storage failed; see $dir/format*.log"
  else
    load_state
  fi
  for ((i = 1; i <= NODES; i++)); do start_node "$i"; done
  wait_ready 280
  echo "kafka-cluster: $NODES node(s) of Kafka $VERSION ready in $((SECONDS - started)) s" >&2
  print_env
  ;;
stop)
  [[ -f "$state" ]] || exit 0
  load_state
  for ((i = 1; i <= NODES; i++)); do stop_node "$i" 40 & done
  wait
  ;;
kill)
  load_state
  ((node_arg >= 1 && node_arg <= NODES)) || die "node $node_arg is not in 1..$NODES"
  if pid=$(node_pid "$node_arg"); then
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  fi
  rm -f "$dir/node$node_arg.pid"
  ;;
start-node)
  load_state
  ((node_arg >= 1 && node_arg <= NODES)) || die "node $node_arg is not in 1..$NODES"
  start_node "$node_arg"
  wait_ready 120
  ;;
status)
  load_state
  echo "Kafka $VERSION, $NODES node(s), data in $dir"
  for ((i = 1; i <= NODES; i++)); do
    p="PORT_$i"
    if pid=$(node_pid "$i"); then
      rss=$(awk '/VmRSS/ {printf "%d MiB", $2 / 1024}' "/proc/$pid/status" 2>/dev/null)
      echo "node $i: running, pid $pid, 127.0.0.1:${!p}, RSS $rss"
    else
      echo "node $i: stopped, 127.0.0.1:${!p}"
    fi
  done
  print_env
  ;;
env)
  load_state
  print_env
  ;;
classpath) # the broker's jars include kafka-tools: ProducerPerformance, ConsumerPerformance
  fetch_jars "$version"
  ;;
esac
