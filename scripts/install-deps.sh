#!/usr/bin/env bash
# Installs the Debian 12 packages Trackboard needs to build, run and test. Java and Maven run
# the real Apache Kafka cluster of the `kafka` tests (scripts/kafka-cluster.sh), whose jars
# Maven fetches into a cache on first use.
# Idempotent: when every package is already there it only runs dpkg-query and exits.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git clang-format
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6svg6 libqt6charts6 qt6-qpa-plugins
  libqt6opengl6-dev libgl-dev libxkbcommon-dev
  librdkafka-dev libsimdjson-dev
  uap-core libyaml-cpp-dev libre2-dev libboost-dev wrk
  kcat python3 python3-confluent-kafka python3-kafka
  clang libclang-rt-14-dev
  time util-linux desktop-file-utils appstream groff-base
  xvfb xauth fonts-dejavu-core
  default-jre-headless maven openssl
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
