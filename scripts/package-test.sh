#!/usr/bin/env bash
# Builds the Debian package, installs it on this machine with apt-get, runs the installed
# trackboard (--version, and a 3-second headless demo whose JSON tally must balance), checks the
# installed files, then removes the package again. Takes a few minutes from a cold build; CI may
# skip it (scripts/test.sh does not run it). Needs root or sudo for apt-get.
#
#   scripts/package-test.sh            # build dir build/package
#   BUILD_DIR=/tmp/tb scripts/package-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build/package}
start=$SECONDS
step() { printf 'package-test: [%3ds] %s\n' $((SECONDS - start)) "$*"; }
fail() { printf 'package-test: FAILED: %s\n' "$*" >&2; exit 1; }

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || fail "needs root or sudo to install the package"
  sudo="sudo"
fi
if dpkg-query -W -f='${Status}' trackboard 2>/dev/null | grep -q "install ok installed"; then
  fail "trackboard is already installed from a package; remove it first (apt-get remove trackboard)"
fi

./scripts/install-deps.sh

step "configuring and building (release) in $build_dir"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake --preset release -B "$build_dir" -DTRACKBOARD_BUILD_TESTS=OFF -DTRACKBOARD_BUILD_BENCH=OFF \
  "${launcher[@]}" >/dev/null
cmake --build "$build_dir"

step "building the package"
dist="$build_dir/dist"
rm -rf "$dist"
cpack --config "$build_dir/CPackConfig.cmake" -B "$dist" >/dev/null
debs=("$dist"/trackboard_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "expected one trackboard_*.deb in $dist"
deb=${debs[0]}
step "built $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"

depends=$(dpkg-deb -f "$deb" Depends)
echo "  Depends: $depends"
for lib in libqt6core6 libqt6widgets6 libqt6charts6 libqt6svg6 librdkafka1 libsimdjson; do
  [[ $depends == *"$lib"* ]] || fail "Depends does not name $lib"
done

removed=0
remove_package() {
  if ((removed == 0)); then
    removed=1
    step "removing the package"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq trackboard >/dev/null
  fi
}
trap remove_package EXIT

step "installing with apt-get"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null

bin=/usr/bin/trackboard
[[ -x $bin ]] || fail "$bin is not installed"
files=$(dpkg -L trackboard)
for path in /usr/share/applications/trackboard.desktop \
  /usr/share/metainfo/io.trackboard.Trackboard.metainfo.xml \
  /usr/share/icons/hicolor/scalable/apps/trackboard.svg \
  /usr/share/icons/hicolor/48x48/apps/trackboard.png \
  /usr/share/icons/hicolor/256x256/apps/trackboard.png \
  /usr/share/man/man1/trackboard.1.gz; do
  grep -qx "$path" <<<"$files" || fail "the package does not install $path"
done

step "trackboard --version"
version_line=$("$bin" --version)
echo "  $version_line"
project_version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
[[ $version_line =~ ^trackboard\ ${project_version//./\\.}\ \(([0-9a-f]{7,40}|unknown)\)$ ]] ||
  fail "--version printed '$version_line', expected 'trackboard $project_version (COMMIT)'"
commit=${BASH_REMATCH[1]}
if head=$(git rev-parse HEAD 2>/dev/null); then
  [[ $head == "$commit"* ]] || fail "--version names commit $commit, HEAD is $head"
fi

step "trackboard demo --duration 3 --json"
demo_json=$("$bin" demo --duration 3 --json) || fail "demo exited with status $?"
python3 - "$demo_json" <<'EOF' || fail "demo's JSON does not balance: $demo_json"
import json, sys
d = json.loads(sys.argv[1].strip().splitlines()[-1])
checks = {
    "events were delivered": d["delivered"] > 0,
    "everything produced was delivered": d["produced"] == d["delivered"] and d["failed"] == 0,
    "no event lost by analytics": d["lost"]["analytics"] == 0,
    "no event lost by fraud": d["lost"]["fraud"] == 0,
    "analytics matches the producer's tally": d["analytics"]["matches_producer_tally"] is True,
}
for name, ok in checks.items():
    print(f"  {'ok  ' if ok else 'FAIL'} {name}")
print(f"  delivered {d['delivered']}, {d['events_per_s']:.0f} events/s, "
      f"latency p99 {d['latency_ms']['p99']} ms")
sys.exit(0 if all(checks.values()) else 1)
EOF

remove_package
[[ ! -e $bin ]] || fail "$bin is still there after removal"
step "passed"
