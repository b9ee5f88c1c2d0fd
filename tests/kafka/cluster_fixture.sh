#!/usr/bin/env bash
# CTest fixture for the `kafka` label: one real 3-node KRaft cluster (SASL_SSL included) per
# ctest run. `start DIR` clears what an aborted run may have left in DIR and starts the cluster;
# `stop DIR` stops it and removes its data, and runs even when a test failed.
set -euo pipefail
script="$(cd "$(dirname "$0")/../.." && pwd)/scripts/kafka-cluster.sh"
action=${1:?start or stop}
dir=${2:?cluster directory}
case "$action" in
start)
  if [[ -f "$dir/cluster.env" ]]; then "$script" stop --dir "$dir" || true; fi
  rm -rf "$dir"
  "$script" start --nodes 3 --dir "$dir" --tls
  "$script" status --dir "$dir"
  ;;
stop)
  "$script" status --dir "$dir" || true
  "$script" stop --dir "$dir"
  rm -rf "$dir"
  ;;
*) echo "cluster_fixture: start or stop" >&2; exit 2 ;;
esac
