#!/usr/bin/env bash
# Installs the Debian 12 packages Trackboard needs to build, run and test. gmt-gshhg-low holds
# the shorelines of the Map tab, read with libnetcdf (coastline/). Java and Maven run
# the real Apache Kafka cluster of the `kafka` tests (scripts/kafka-cluster.sh) and Kafka's own
# perf tools in scripts/bench.sh, whose jars (kafka_2.13 and kafka-tools) Maven fetches into a
# cache on first use.
# Idempotent: when every package is already there it only runs dpkg-query and exits.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git clang-format
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6svg6 libqt6charts6 qt6-qpa-plugins
  libqt6opengl6-dev libgl-dev libxkbcommon-dev
  librdkafka-dev libsimdjson-dev
  libnetcdf-dev gmt-gshhg-low
  uap-core libyaml-cpp-dev libre2-dev libboost-dev wrk chromium
  kcat python3 python3-confluent-kafka python3-kafka
  clang libclang-rt-14-dev
  time util-linux desktop-file-utils appstream groff-base ccache imagemagick
  xvfb xauth fonts-dejavu-core
  default-jre-headless maven openssl
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

# Node.js runs playwright-core for the browser test (tst_collector_browser). Debian's nodejs and
# npm only when no node is installed at all: a node from elsewhere must not be replaced.
if ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# playwright-core drives Debian's chromium (it downloads no browser of its own), kept out of the
# source tree like the Kafka jars.
node_dir="$HOME/.cache/trackboard/node"
if [[ ! -d "$node_dir/node_modules/playwright-core" ]]; then
  echo "install-deps: installing playwright-core into $node_dir"
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --silent playwright-core@1.49.1
fi
