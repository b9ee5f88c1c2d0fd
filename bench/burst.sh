#!/usr/bin/env bash
# Burst recovery: the demo at a normal rate, a burst at a high asked rate, then the normal rate
# again, with the resident memory sampled every 5 s from outside. Prints RSS before the burst
# (the normal rate's level), its peak, and where it stands each minute after the burst; the
# target (issue 19) is within 20 % of the level before the burst within 5 minutes.
# Not a CI test; run it by hand (nice'd, like bench/soak.sh).
# Usage: bench/burst.sh [NORMAL_RATE=2000] [BURST_RATE=100000] [BEFORE_S=180] [BURST_S=60]
#                       [AFTER_S=300] [BUILD_DIR=build/release]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/sample_rss.sh

normal=${1:-2000}
burst=${2:-100000}
before=${3:-180}
length=${4:-60}
after=${5:-300}
build=${6:-build/release}
if [[ ! -x "$build/app/trackboard" ]]; then
  cmake --preset release -B "$build" >/dev/null
  cmake --build "$build" --target trackboard
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$build/burst-$stamp.json"
samples="$build/burst-$stamp.rss.tsv"
duration=$((before + length + after))
echo "burst: $normal events/s for $before s, $burst asked for $length s, $normal for $after s;" \
  "JSON in $out, RSS samples in $samples" >&2
nice -n 10 "$build/app/trackboard" demo --duration "$duration" --rate "$normal" \
  --burst "$before:$length:$burst" --json >"$out" &
pid=$!
sample_rss "$pid" "$samples"
status=0
wait "$pid" || status=$?

python3 - "$out" "$samples" "$before" "$length" "$after" <<'PY'
import json, sys
out, samples, before, length, after = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
s = json.load(open(out))
rows = [tuple(map(float, l.split())) for l in open(samples).read().splitlines()[1:] if l.strip()]
# Times count from the process start; the traffic starts once both groups joined, a few
# seconds later, which 5 s samples barely see.
t0 = rows[0][0]
level = sum(r for t, r in rows if before - 70 <= t - t0 <= before - 10) / max(
    1, sum(1 for t, r in rows if before - 70 <= t - t0 <= before - 10))
peak = max(r for t, r in rows)
end_burst = before + length
print(f"delivered {s['delivered']}  events_per_s {s['events_per_s']:.0f}  "
      f"lost {s['lost']}  throttled_s {s['throttle']['throttled_s']:.0f}")
print(f"rss_mib before the burst (mean of its last minute) {level:.0f}  peak {peak:.0f}")
ok = False
for m in range(1, int(after // 60) + 1):
    near = [r for t, r in rows if abs(t - t0 - (end_burst + 60 * m)) <= 5]
    if near:
        r = near[0]
        print(f"  {m} min after the burst: {r:.0f} MiB ({(r - level) * 100 / level:+.1f} %)")
        if m <= 5 and r <= level * 1.2:
            ok = True
print("state at the end", json.dumps(s["analytics"].get("memory", {})))
print("burst:", "PASS" if ok else "FAIL", "(within 20 % of the level before the burst by 5 min)")
PY
exit "$status"
