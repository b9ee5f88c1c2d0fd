#!/usr/bin/env python3
"""The memory formula of docs/memory.md against a demo's --json output.

    RSS ~ B + S + W + T + U + F x peak fraud users + Q

B, S, W, F and Q's bytes per message were measured apart from any soak (the doc says how);
T, U, the fraud users and the consumers' lag come from the run's own rss_mb.state_per_minute.
Two terms are high-water marks, because glibc keeps what they freed for the next allocations
rather than giving it back: the fraud detector's users (the peak so far, not the current count)
and the consumers' prefetch queues (their fill at each group's largest lag so far).
Prints, per minute, the measured and the predicted resident memory and their difference, and
the largest difference from minute FROM on.
Usage: bench/memory_formula.py DEMO.json [RATE=events_per_s of the run] [FROM=60]
"""
import json
import sys

B_MIB = 134.0             # process, embedded broker retention and queues (2,000 events/s)
S_MIB_PER_20K = 38.0      # the simulator's open visits, in proportion to the rate sent
W_MIB_PER_20K = 157.0     # analytics windows and interners of 6 partitions at 20,000 events/s
RING_MINUTES = 77         # the windows fill as their 462 ten-second buckets are first used
F_KIB = 1.76              # per tracked fraud user
# Q: heap per message waiting in a consumer's prefetch queue, 780 B for the simulator's events
# (449 B of JSON, 10 B of key: `bench_consumer_queue`, the op and its share of the fetch
# response it came in), and the queue's bound in messages (queued.min.messages, over all
# partitions, as kafka/kafka_settings.h sets it; its byte bound comes later). Each group's queue
# holds at most what it has yet to read, its lag: the largest lag so far, as glibc keeps the
# freed queue for what comes next.
QUEUE_BYTES_PER_MESSAGE = 780.0
QUEUE_MAX_MESSAGES = 300000
# Runs whose per-minute samples lack `lag` (before it was added): if the throttle held the
# producer at all, the slowest group reached its hold point, half of what the embedded broker
# keeps: 6 partitions x 5 MiB / (459 B of key and value + 40 B of record overhead, as
# core/produce_throttle.h counts) / 2 = 31,520 events. The other group is counted at 0.
HOLD_EVENTS = 6 * 5 * 1048576 / (459 + 40) / 2


def queue_mib(lags):
    return sum(min(lag, QUEUE_MAX_MESSAGES) for lag in lags) * QUEUE_BYTES_PER_MESSAGE / 1048576.0


def rows(demo, rate=None):
    """One dict per minute: the measured RSS, each term of the formula, and their sum."""
    held = float(rate if rate is not None else demo.get("events_per_s", 20000))
    samples = demo["rss_mb"].get("state_per_minute", [])
    throttled = demo.get("throttle", {}).get("throttled_s", 0) > 0
    fraud_peak = 0
    lag_peaks = {}
    out = []
    for minute, state in enumerate(samples, start=1):
        fraud_peak = max(fraud_peak, state["fraud_users"])
        if "lag" in state:
            for group, lag in state["lag"].items():
                lag_peaks[group] = max(lag_peaks.get(group, 0), lag)  # -1: not known yet
        elif throttled:
            lag_peaks = {"slowest": HOLD_EVENTS}
        terms = {
            "B": B_MIB,
            "S": S_MIB_PER_20K * held / 20000.0,
            "W": W_MIB_PER_20K * held / 20000.0 * min(1.0, minute / RING_MINUTES),
            "T": state["table_mib"],
            "U": state["business_table_mib"],
            "F": F_KIB * fraud_peak / 1024.0,
            "Q": queue_mib(lag_peaks.values()),
        }
        out.append({"minute": minute, "rss": state["rss_mb"], "terms": terms,
                    "formula": sum(terms.values()), "state": state, "fraud_peak": fraud_peak})
    return out


def worst_difference(table, start):
    """The largest |formula - rss| / rss in percent from minute `start` on (0 if none)."""
    return max((abs(r["formula"] - r["rss"]) * 100.0 / r["rss"] for r in table
                if r["minute"] >= start), default=0.0)


def main():
    demo = json.load(open(sys.argv[1]))
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else None
    start = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    table = rows(demo, rate)
    for r in table:
        t, s = r["terms"], r["state"]
        diff = (r["formula"] - r["rss"]) * 100.0 / r["rss"]
        print(f"minute {r['minute']:3d}  rss {r['rss']:7.0f}  formula {r['formula']:7.0f} MiB"
              f"  ({diff:+.1f} %)  W {t['W']:.0f}  T+U {t['T']:.0f}+{t['U']:.0f}"
              f"  F {t['F']:.0f} (fraud users {s['fraud_users']}, peak {r['fraud_peak']})"
              f"  Q {t['Q']:.0f}  users {s['users']}  sessions {s['sessions']}")
    if not any(r["minute"] >= start for r in table):
        print(f"formula: no per-minute state from minute {start} on (rss_mb.state_per_minute"
              f" holds {len(table)} minutes): nothing to compare")
        return 1
    worst = worst_difference(table, start)
    print(f"formula: largest difference from minute {start} on {worst:.1f} %"
          f" ({'within' if worst <= 10 else 'NOT within'} 10 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
