#!/usr/bin/env bash
# Interop smoke test of one Apache Kafka version: starts a 1-node cluster of that version with
# scripts/kafka-cluster.sh --tls, then runs Trackboard (setup, produce, analytics, fraud), kcat,
# python3-confluent-kafka and python3-kafka against it, plaintext and over SASL_SSL with
# SCRAM-SHA-512, and prints one line per check: PASS or FAIL and what was seen. The `kafka` tests
# cover the default version (3.9.1) in depth; this answers "what works on version V".
#
#   scripts/kafka-interop-smoke.sh VERSION [TRACKBOARD_BINARY]
#
# Exit status: the number of failed checks (a failure that is expected, such as SCRAM on Kafka
# 4.x with Debian 12's librdkafka 2.0.2, still counts; see docs/real-cluster.md).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:?usage: kafka-interop-smoke.sh VERSION [TRACKBOARD_BINARY]}
bin=${2:-$here/../build/release/app/trackboard}
python=/usr/bin/python3
dir=$(mktemp -d /tmp/trackboard-smoke-XXXXXX)
failures=0
trap '"$here/kafka-cluster.sh" stop --dir "$dir" >/dev/null 2>&1; rm -rf "$dir"' EXIT

check() { # name, command...: PASS when the command exits 0
  local name=$1
  shift
  local out
  if out=$("$@" 2>&1); then
    printf 'PASS  %-44s %s\n' "$name" "$(tail -1 <<<"$out" | cut -c1-90)"
  else
    printf 'FAIL  %-44s %s\n' "$name" "$(grep -v '^%' <<<"$out" | tail -1 | cut -c1-140)"
    failures=$((failures + 1))
  fi
}

started=$SECONDS
env=$("$here/kafka-cluster.sh" start --nodes 1 --dir "$dir" --version "$version" --tls) || {
  echo "FAIL  start Kafka $version"
  exit 1
}
eval "$env"
echo "Kafka $version: 1 node up in $((SECONDS - started)) s ($BROKERS, SASL_SSL $SASL_SSL_BROKERS)"
sasl=(-X security.protocol=SASL_SSL -X sasl.mechanisms=SCRAM-SHA-512 -X "sasl.username=$SASL_USERNAME"
  -X "sasl.password=$SASL_PASSWORD" -X "ssl.ca.location=$CA")

count_events() { # topic, expected, librdkafka options...: analytics counts every event
  local topic=$1 expected=$2
  shift 2
  "$bin" analytics --brokers "${BROKERS_FOR:-$BROKERS}" --topic "$topic" --from-beginning \
    --max-events "$expected" --duration 60 --json "$@" | tail -1 |
    "$python" -c "import json,sys; d=json.load(sys.stdin); print('events', d['events']); sys.exit(d['events'] != $expected)"
}

check "trackboard setup" "$bin" setup --brokers "$BROKERS" --topic smoke
check "trackboard produce 2000" "$bin" produce --brokers "$BROKERS" --topic smoke --count 2000 --rate 2000
check "trackboard analytics counts 2000" count_events smoke 2000
check "trackboard fraud reads 2000" "$bin" fraud --brokers "$BROKERS" --topic smoke \
  --from-beginning --max-events 2000 --duration 60 --alerts-topic smoke-alerts
check "kcat reads 2000" bash -c "test \$(kcat -C -b $BROKERS -t smoke -o beginning -e -q | wc -l) -eq 2000"
check "kafka-python reads 2000" "$python" "$here/../tests/interop/kafka_python_consume.py" \
  --brokers "$BROKERS" --topic smoke --group smoke-kp --count 2000 --timeout 60
check "confluent-kafka produces, trackboard counts" bash -c \
  "'$python' '$here/../tests/interop/confluent_produce.py' --brokers $BROKERS --topic smoke-py --count 500 >/dev/null"
check "  ...analytics counts 500" count_events smoke-py 500
check "SASL_SSL SCRAM-SHA-512: trackboard setup" "$bin" setup --brokers "$SASL_SSL_BROKERS" \
  --topic smoke-sasl "${sasl[@]}"
check "SASL_SSL SCRAM-SHA-512: trackboard produce" "$bin" produce --brokers "$SASL_SSL_BROKERS" \
  --topic smoke-sasl --count 500 --rate 1000 "${sasl[@]}"
BROKERS_FOR=$SASL_SSL_BROKERS check "SASL_SSL SCRAM-SHA-512: analytics counts 500" \
  count_events smoke-sasl 500 "${sasl[@]}"
check "SASL_SSL SCRAM-SHA-512: kcat metadata" kcat -L -b "$SASL_SSL_BROKERS" -m 10 \
  -X security.protocol=SASL_SSL -X sasl.mechanisms=SCRAM-SHA-512 -X "sasl.username=$SASL_USERNAME" \
  -X "sasl.password=$SASL_PASSWORD" -X "ssl.ca.location=$CA"
echo "Kafka $version: $failures failed check(s)"
exit "$failures"
