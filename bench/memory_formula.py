#!/usr/bin/env python3
"""The memory formula of docs/reliability.md ("Memory") against a demo's --json output.

    RSS ~ B + S + W + T + U + F x fraud_users   (W in proportion to the minutes of the ring used)

B, S, W and F were measured apart from any soak (the doc says how); T, U and fraud_users come
from the run's own rss_mb.state_per_minute. Prints, per minute, the measured and the predicted
resident memory and their difference, and the largest difference from minute FROM on.
Usage: bench/memory_formula.py DEMO.json [RATE=20000] [FROM=60]
"""
import json
import sys

B_MIB = 134.0            # process, embedded broker retention and queues (2,000 events/s)
S_MIB_PER_20K = 38.0     # the simulator's open visits, in proportion to the rate
W_MIB_PER_20K = 157.0    # analytics windows and interners of 6 partitions at 20,000 events/s
RING_MINUTES = 77         # the windows fill as their 462 ten-second buckets are first used
F_KIB = 1.76             # per tracked fraud user


def predicted(state, rate, minute):
    scale = rate / 20000.0
    windows = W_MIB_PER_20K * scale * min(1.0, minute / RING_MINUTES)
    return (B_MIB + S_MIB_PER_20K * scale + windows + state["table_mib"]
            + state["business_table_mib"] + F_KIB * state["fraud_users"] / 1024.0)


def main():
    demo = json.load(open(sys.argv[1]))
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else demo.get("target_rate", 20000)
    start = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    worst = 0.0
    for minute, state in enumerate(demo["rss_mb"].get("state_per_minute", []), start=1):
        guess = predicted(state, rate, minute)
        diff = (guess - state["rss_mb"]) * 100.0 / state["rss_mb"]
        if minute >= start:
            worst = max(worst, abs(diff))
        print(f"minute {minute:3d}  rss {state['rss_mb']:7.0f}  formula {guess:7.0f} MiB"
              f"  ({diff:+.1f} %)  users {state['users']}  sessions {state['sessions']}"
              f"  fraud_users {state['fraud_users']}  tables {state['table_mib']:.0f}"
              f" + {state['business_table_mib']:.0f} MiB")
    print(f"formula: largest difference from minute {start} on {worst:.1f} %"
          f" ({'within' if worst <= 10 else 'NOT within'} 10 %)")


if __name__ == "__main__":
    main()
