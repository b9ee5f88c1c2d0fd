# Sourced by bench/soak.sh and bench/burst.sh. sample_rss PID FILE: writes "t_s rss_mib" rows
# to FILE every 5 s until PID exits, sampled from outside: the demo's own per-minute figures miss
# a burst's peak and the way down.
sample_rss() {
  local pid=$1 samples=$2 start rss
  start=$(date +%s.%N)
  printf 't_s\trss_mib\n' >"$samples"
  while kill -0 "$pid" 2>/dev/null; do
    if rss=$(awk '/^VmRSS:/ {print $2 / 1024}' "/proc/$pid/status" 2>/dev/null) && [[ -n $rss ]]; then
      printf '%.0f\t%.1f\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$rss" >>"$samples"
    fi
    sleep 5
  done
}
