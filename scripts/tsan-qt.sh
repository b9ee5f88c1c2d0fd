#!/usr/bin/env bash
# Builds Debian 12's own QtCore (qt6-base 6.4.2+dfsg-10, its patches applied) with
# ThreadSanitizer, for the `tsan` preset. Qt's event queues and mutexes live in QtCore; Debian's
# copy is not instrumented, so without this every queued signal between threads is reported as a
# race (docs/reliability.md). Only QtCore is rebuilt: Debian's QtGui, QtWidgets, QtCharts and
# QtTest load against it unchanged, as the symbol versions are the same.
#
# Usage: scripts/tsan-qt.sh [OUT_DIR=build/tsan-qt]. Downloads the source from deb.debian.org
# (46 MB) once, installs QtCore's build dependencies, and leaves
# OUT_DIR/lib/libQt6Core.so.6, which `ctest --preset tsan` puts first on LD_LIBRARY_PATH when it
# is there. About 30 minutes on 2 cores; not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${1:-build/tsan-qt}
mkdir -p "$out"
out=$(cd "$out" && pwd)

version=6.4.2+dfsg
revision=10
pool=http://deb.debian.org/debian/pool/main/q/qt6-base
src="$out/qtbase-everywhere-src-6.4.2"

bash "$root/scripts/install-deps.sh"
deps=(libglib2.0-dev libicu-dev libpcre2-dev libdouble-conversion-dev zlib1g-dev libzstd-dev
  libb2-dev patch curl xz-utils)
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
  cd "$out"
  for file in "qt6-base_${version}.orig.tar.xz" "qt6-base_${version}-${revision}.debian.tar.xz"; do
    [[ -f "$file" ]] || curl -fsSO "$pool/$file"
  done
  tar xf "qt6-base_${version}.orig.tar.xz"
  tar xf "qt6-base_${version}-${revision}.debian.tar.xz" -C "$src"
  cd "$src"
  while read -r patch; do
    [[ -z "$patch" || "$patch" == \#* ]] && continue
    patch -p1 -s <"debian/patches/$patch"
  done <debian/patches/series
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
