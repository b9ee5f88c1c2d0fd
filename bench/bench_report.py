#!/usr/bin/python3
"""Helpers for scripts/bench.sh.

  bench_report.py keeps-up DEMO_JSON RATE   exit 0 when that `trackboard demo` run sustained RATE
  bench_report.py mostly-keeps-up RATE DEMO_JSON...
                                            exit 0 when more than half of those runs sustained RATE
  bench_report.py report DIR REPEATS EVENTS PARTITIONS E2E_SECONDS
                                            print the suite's one JSON document
"""

import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import time

# A run sustains its rate when the producer delivered at least this share of it, nothing was
# lost or evicted, and the worse group's p99 latency stayed under a second: a consumer that
# falls behind shows a latency that grows with the run, far past this bound.
MIN_DELIVERED_SHARE = 0.97
MAX_P99_MS = 1000


def load(path):
    """The last JSON object a command printed (progress objects may precede it)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [line for line in f.read().splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else None
    except (OSError, ValueError):
        return None


def rss_mib(path):
    try:
        with open(path, encoding="utf-8") as f:
            return round(int(f.read().split()[-1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None


def sustained(demo, rate):
    if not demo:
        return False
    lost = demo.get("lost", {})
    return (demo.get("events_per_s", 0) >= MIN_DELIVERED_SHARE * rate
            and demo.get("failed", 1) == 0 and demo.get("skipped", 1) == 0
            and lost.get("analytics", 1) == 0 and lost.get("fraud", 1) == 0
            and demo.get("latency_ms", {}).get("p99", MAX_P99_MS) < MAX_P99_MS)


def most_sustained(verdicts):
    """More than half of a rate's runs sustained it; a run that printed nothing did not."""
    verdicts = list(verdicts)
    return sum(verdicts) * 2 > len(verdicts)


def e2e_verdict(summaries):
    """One rate of the end-to-end search from its runs (demo_summary each, None for a run that
    printed nothing): the median run's figures, and sustained when more than half of the runs
    were. On a shared 2-core machine one run of the same command moves by 10-20 %, so a single
    run decides by luck near the bar (docs/performance.md)."""
    ran = [s for s in summaries if s]
    passed = sum(1 for s in ran if s["sustained"])
    ran.sort(key=lambda s: s["delivered_per_s"])
    median = dict(ran[(len(ran) - 1) // 2]) if ran else {}
    median["sustained"] = most_sustained(bool(s and s["sustained"]) for s in summaries)
    median["runs_sustained"] = passed
    median["delivered_per_s_runs"] = [s["delivered_per_s"] if s else None for s in summaries]
    return median


def median_of(runs, key):
    values = [r[key] for r in runs if r and r.get(key)]
    return round(statistics.median(values)) if values else None


def anchors(out, repeats, events):
    def runs(name):
        return [load(f"{out}/{name}.{r}.json") for r in range(1, repeats + 1)]

    kcat = []
    for run in runs("kcat"):
        if run and run.get("seconds"):
            run["events_per_s"] = run["events"] / run["seconds"]
        kcat.append(run)
    prefixes = {"raw_librdkafka": "raw", "kcat": "kcat", "python_seed_equivalent": "python",
                "analytics_worker": "analytics"}
    table = {name: (kcat if prefix == "kcat" else runs(prefix))
             for name, prefix in prefixes.items()}
    result = {}
    for name, rows in table.items():
        rss = [rss_mib(p) for p in glob.glob(f"{out}/{prefixes[name]}.*.rss")]
        result[name] = {
            "events_per_s": median_of(rows, "events_per_s"),
            "runs": [round(r["events_per_s"]) if r and r.get("events_per_s") else None
                     for r in rows],
            "events_read": [r.get("events", r.get("consumed")) if r else None for r in rows],
            "peak_rss_mib": max((x for x in rss if x is not None), default=None),
        }
    analytics = result["analytics_worker"]["events_per_s"]
    raw = result["raw_librdkafka"]["events_per_s"]
    python = result["python_seed_equivalent"]["events_per_s"]
    kcat_rate = result["kcat"]["events_per_s"]
    # Ratios of medians, and the median of the per-round ratios (each round ran side by side).
    per_round = []
    for a, r, p in zip(table["analytics_worker"], table["raw_librdkafka"],
                       table["python_seed_equivalent"]):
        if a and r and p and r.get("events_per_s") and p.get("events_per_s"):
            per_round.append((a["events_per_s"] / r["events_per_s"],
                              a["events_per_s"] / p["events_per_s"]))
    result["ratios"] = {
        "analytics_over_raw": round(analytics / raw, 3) if analytics and raw else None,
        "analytics_over_python": round(analytics / python, 1) if analytics and python else None,
        "analytics_over_kcat": round(analytics / kcat_rate, 2) if analytics and kcat_rate else None,
        "analytics_over_raw_per_round_median":
            round(statistics.median(x[0] for x in per_round), 3) if per_round else None,
        "analytics_over_python_per_round_median":
            round(statistics.median(x[1] for x in per_round), 1) if per_round else None,
    }
    return result


def demo_summary(demo, path_rss):
    if not demo:
        return None
    groups = {g: demo.get(g, {}) for g in ("analytics", "fraud")}
    return {
        "target_rate": demo.get("target_rate"),
        "delivered_per_s": round(demo.get("events_per_s", 0)),
        "delivered": demo.get("delivered"),
        "lost": demo.get("lost"),
        "skipped": demo.get("skipped"),
        "latency_ms": {g: s.get("latency_ms") for g, s in groups.items()},
        "worst_latency_ms": demo.get("latency_ms"),
        "consumer_events_per_s": {g: round(s.get("events_per_s", 0)) for g, s in groups.items()},
        "sustained": sustained(demo, demo.get("target_rate", 0)),
        "peak_rss_mib": rss_mib(path_rss),
    }


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load1 = os.getloadavg()[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "load_average_1m_at_end": round(load1, 2), "git_commit": commit or "unknown"}


def e2e_runs(out):
    """The end-to-end search's runs by rate, in run order: e2e.RATE.RUN.json."""
    found = {}
    for path in glob.glob(f"{out}/e2e.*.*.json"):
        _, rate, run, _ = os.path.basename(path).split(".")
        found.setdefault(int(rate), []).append((int(run), path))
    return {rate: [demo_summary(load(path), path[:-5] + ".rss") for _, path in sorted(paths)]
            for rate, paths in found.items()}


def report(out, repeats, events, partitions, e2e_seconds):
    doc = {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "repeats": repeats,
    }
    core = load(f"{out}/core.json")
    if core:
        core["peak_rss_mib"] = rss_mib(f"{out}/core.rss")
        doc["core_one_core"] = core
    if glob.glob(f"{out}/raw.*.json"):
        doc["anchors"] = {"events": events, "partitions": partitions,
                          **anchors(out, repeats, events)}
    e2e = {str(rate): e2e_verdict(runs) for rate, runs in sorted(e2e_runs(out).items())}
    if e2e:
        best = max((int(r) for r, s in e2e.items() if s and s["sustained"]), default=0)
        doc["end_to_end"] = {"seconds_per_rate": e2e_seconds, "max_sustained_rate": best,
                             "runs": e2e}
    latency = {}
    for path in glob.glob(f"{out}/latency.*.json"):
        rate = path.split(".")[-2]
        latency[rate] = demo_summary(load(path), path[:-5] + ".rss")
    if "100000" in e2e:
        latency["100000"] = e2e["100000"]
    if latency:
        doc["latency"] = {r: latency[r] for r in sorted(latency, key=int)}
    gui = load(f"{out}/gui.json")
    if gui:
        gui["peak_rss_mib"] = rss_mib(f"{out}/gui.rss")
        doc["gui"] = gui
    import real_kafka_report  # here: it imports this module's helpers
    real_kafka = real_kafka_report.section(out, repeats)
    if real_kafka:
        doc["real_kafka"] = real_kafka
    json.dump(doc, sys.stdout, indent=2)
    print()


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "keeps-up":
        return 0 if sustained(load(sys.argv[2]), float(sys.argv[3])) else 1
    if len(sys.argv) >= 4 and sys.argv[1] == "mostly-keeps-up":
        rate = float(sys.argv[2])
        return 0 if most_sustained(sustained(load(path), rate) for path in sys.argv[3:]) else 1
    if len(sys.argv) == 7 and sys.argv[1] == "report":
        report(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
               int(sys.argv[6]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
