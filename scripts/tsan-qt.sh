#!/usr/bin/env bash
# Builds Debian 12's own QtCore (the qt6-base source of the installed Qt, its patches applied) with
# ThreadSanitizer, for the `tsan` preset. Qt's event queues and mutexes live in QtCore; Debian's
# copy is not instrumented, so without this every queued signal between threads is reported as a
# race (docs/reliability.md). Only QtCore is rebuilt: Debian's QtGui, QtWidgets, QtCharts and
# QtTest load against it unchanged, as the symbol versions are the same.
#
# Usage: scripts/tsan-qt.sh [OUT_DIR=build/tsan-qt]. Fetches the source with `apt-get source`
# (46 MB) once, from deb-src entries derived from the machine's own apt sources, installs
# QtCore's build dependencies, and leaves
# OUT_DIR/lib/libQt6Core.so.6, which `ctest --preset tsan` puts first on LD_LIBRARY_PATH when it
# is there. About 30 minutes on 2 cores; not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${1:-build/tsan-qt}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The exact source of the Qt that is installed, so that the library is a drop-in replacement.
version=$(dpkg-query -W -f='${source:Version}' libqt6core6)
src="$out/qt6-base-${version%%-*}"

bash "$root/scripts/install-deps.sh"
deps=(libglib2.0-dev libicu-dev libpcre2-dev libdouble-conversion-dev zlib1g-dev libzstd-dev
  libb2-dev dpkg-dev xz-utils)
missing=()
for p in "${deps[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ ! -d "$src" ]]; then
  # deb-src entries mirroring the machine's configured deb ones, so the source comes from the
  # same place as the packages, whatever that place is.
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  srclist=/etc/apt/sources.list.d/trackboard-deb-src.sources
  if ! apt-cache showsrc qt6-base 2>/dev/null | grep -q "^Version: $version\$"; then
    {
      for f in /etc/apt/sources.list.d/*.sources; do
        [[ "$f" == "$srclist" ]] || sed -n 's/^Types:.*/Types: deb-src/; p' "$f"
        echo
      done
      if [[ -f /etc/apt/sources.list ]]; then
        # One-line entries become deb822 stanzas (URI, suite, components).
        awk '$1 == "deb" && $2 !~ /^\[/ { printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:", $2, $3;
             for (i = 4; i <= NF; i++) printf " %s", $i; print "\n" }' /etc/apt/sources.list
      fi
    } | $sudo tee "$srclist" >/dev/null
    $sudo apt-get update -qq
  fi
  cd "$out"
  apt-get source -qq "qt6-base=$version" # unpacks and applies debian/patches
  cd "$root"
fi

# Debian's feature choices for what QtCore uses (debian/rules), the rest of qtbase off.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
cmake -S "$src" -B "$out/build" -G Ninja --log-level=WARNING \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_INSTALL_PREFIX=/usr \
  -DINSTALL_LIBDIR="lib/$multiarch" \
  -DINSTALL_PLUGINDIR="lib/$multiarch/qt6/plugins" \
  -DINSTALL_ARCHDATADIR="lib/$multiarch/qt6" \
  -DINSTALL_DATADIR=share/qt6 \
  -DINSTALL_TRANSLATIONDIR=share/qt6/translations \
  -DINSTALL_SYSCONFDIR=/etc/xdg \
  -DFEATURE_sanitize_thread=ON \
  -DFEATURE_gui=OFF -DFEATURE_widgets=OFF -DFEATURE_network=OFF -DFEATURE_sql=OFF \
  -DFEATURE_testlib=OFF -DFEATURE_xml=OFF -DFEATURE_dbus=OFF -DFEATURE_concurrent=OFF \
  -DFEATURE_printsupport=OFF -DFEATURE_opengl=OFF \
  -DFEATURE_mimetype_database=OFF -DFEATURE_doubleconversion=ON -DFEATURE_glib=ON \
  -DFEATURE_icu=ON -DFEATURE_pcre2=ON -DFEATURE_system_pcre2=ON -DFEATURE_zlib=ON \
  -DFEATURE_system_libb2=ON -DFEATURE_rpath=OFF -DFEATURE_relocatable=OFF \
  -DQT_BUILD_EXAMPLES=OFF -DQT_BUILD_TESTS=OFF
cmake --build "$out/build" --target Core
mkdir -p "$out/lib"
cp -a "$out/build/lib/$multiarch/libQt6Core.so"* "$out/lib/"
echo "tsan-qt: instrumented QtCore in $out/lib"
