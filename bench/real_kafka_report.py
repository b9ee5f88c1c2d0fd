"""The `real_kafka` section of scripts/bench.sh's JSON document, from bench/real_kafka.sh's files.

Each tool's run leaves NAME.R.out (its stdout), .wall (seconds from process start to exit),
.status, .time ("USER_S SYSTEM_S PEAK_KIB"), .broker_ticks (the brokers' CPU meanwhile) and .load
(the 1-minute load average when it ended) in DIR/kafka/nN/.
Rates are events per second; a ratio is Trackboard's figure over the other tool's, taken in each
round (the tools ran side by side, one after another) and given as the median over the rounds.
"""

import glob
import json
import re
import statistics

import bench_report as common

# ProducerPerformance's closing line, e.g. "500000 records sent, 57836.9 records/sec (24.73
# MB/sec), 739.66 ms avg latency, 1166.00 ms max latency, 757 ms 50th, 1051 ms 95th, 1098 ms
# 99th, 1148 ms 99.9th."
PRODUCER_PERFORMANCE = re.compile(
    r"(\d+) records sent, ([\d.]+) records/sec .*?([\d.]+) ms avg latency, ([\d.]+) ms max "
    r"latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99.9th")

WRITERS = ("trackboard_produce", "kcat_produce", "producer_performance")
READERS = ("analytics", "raw", "kcat", "python", "consumer_performance")
NAMES = {"analytics": "analytics_worker", "raw": "raw_librdkafka", "kcat": "kcat_read",
         "python": "python_seed_equivalent", "consumer_performance": "kafka_consumer_performance",
         "trackboard_produce": "trackboard_produce", "kcat_produce": "kcat_produce",
         "producer_performance": "kafka_producer_performance"}


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def number(path):
    text = read_text(path)
    try:
        return float(text.split()[-1]) if text else None
    except ValueError:
        return None


def cpu_seconds(base):
    """The run's own user+system CPU seconds, from /usr/bin/time's last line."""
    text = read_text(base + ".time")
    try:
        user, system, _ = text.strip().splitlines()[-1].split()
        return float(user) + float(system)
    except (AttributeError, ValueError, IndexError):
        return None


def parse(tool, base, events, ticks_per_s=100):
    """One run: {events, events_per_s (the tool's own figure), wall_s, wall_events_per_s, CPU
    microseconds per event of the tool and of the brokers}."""
    text = read_text(base + ".out")
    wall = number(base + ".wall")
    if text is None or number(base + ".status") != 0:
        return None
    run = {"wall_s": wall}
    if tool in ("analytics", "raw", "python", "trackboard_produce"):
        doc = common.load(base + ".out")
        if not doc:
            return None
        run["events"] = doc.get("delivered", doc.get("consumed", doc.get("events")))
        if tool != "trackboard_produce":  # produce's own figure is its last second's only
            run["events_per_s"] = doc.get("events_per_s")
        if "bytes" in doc:
            run["bytes"] = doc["bytes"]
    elif tool == "kcat":
        run["events"] = int(text.split()[0])
    elif tool == "kcat_produce":
        run["events"] = events  # kcat exits non-zero when a message fails
    elif tool == "producer_performance":
        match = PRODUCER_PERFORMANCE.search(text)
        if not match:
            return None
        run["events"] = int(match.group(1))
        run["events_per_s"] = float(match.group(2))
        run["latency_ms"] = {"avg": float(match.group(3)), "max": float(match.group(4)),
                             "p50": int(match.group(5)), "p95": int(match.group(6)),
                             "p99": int(match.group(7)), "p999": int(match.group(8))}
    elif tool == "consumer_performance":
        # start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms,
        # fetch.MB.sec, fetch.nMsg.sec: nMsg.sec counts the group join, fetch.nMsg.sec not.
        fields = [f.strip() for f in text.strip().splitlines()[-1].split(",")]
        run["events"] = int(fields[4])
        run["events_per_s"] = float(fields[9])
        run["with_group_join_events_per_s"] = float(fields[5])
        run["group_join_ms"] = int(fields[6])
    if wall and run.get("events"):
        run["wall_events_per_s"] = run["events"] / wall
    cpu, ticks = cpu_seconds(base), number(base + ".broker_ticks")
    if run.get("events"):
        if cpu is not None:
            run["cpu_us_per_event"] = cpu * 1e6 / run["events"]
        if ticks is not None:
            run["broker_cpu_us_per_event"] = ticks / ticks_per_s * 1e6 / run["events"]
    return run


def median(values):
    values = [v for v in values if v]
    return statistics.median(values) if values else None


def rounded(value, digits=0):
    if value is None:
        return None
    return round(value) if digits == 0 else round(value, digits)


def tool_summary(runs, rss):
    own = [r.get("events_per_s") if r else None for r in runs]
    wall = [r.get("wall_events_per_s") if r else None for r in runs]
    summary = {
        "events_per_s": rounded(median(own)),
        "wall_events_per_s": rounded(median(wall)),
        "runs": [rounded(x) for x in own],
        "wall_runs": [rounded(x) for x in wall],
        "wall_s": [rounded(r.get("wall_s"), 2) if r else None for r in runs],
        "events": [r.get("events") if r else None for r in runs],
        "cpu_us_per_event": rounded(median([r.get("cpu_us_per_event") if r else None
                                            for r in runs]), 2),
        "broker_cpu_us_per_event": rounded(median([r.get("broker_cpu_us_per_event") if r else None
                                                   for r in runs]), 2),
        "peak_rss_mib": max((x for x in rss if x is not None), default=None),
    }
    if not any(own):  # kcat and Trackboard's producer: only their whole run is timed
        del summary["events_per_s"], summary["runs"]
    if any(r and "latency_ms" in r for r in runs):
        summary["latency_ms_p99"] = [r["latency_ms"]["p99"] if r else None for r in runs]
    if any(r and "group_join_ms" in r for r in runs):
        summary["group_join_ms"] = [r.get("group_join_ms") if r else None for r in runs]
        summary["with_group_join_events_per_s"] = rounded(
            median([r.get("with_group_join_events_per_s") if r else None for r in runs]))
    return summary


def ratio(runs, top, top_key, bottom, bottom_key):
    """Median over the rounds of runs[top][r][top_key] / runs[bottom][r][bottom_key]."""
    per_round = []
    for a, b in zip(runs[top], runs[bottom]):
        if a and b and a.get(top_key) and b.get(bottom_key):
            per_round.append(a[top_key] / b[bottom_key])
    return rounded(median(per_round), 2)


def cluster(directory, repeats, events, e2e_seconds, ticks_per_s):
    runs = {tool: [parse(tool, f"{directory}/{tool}.{r}", events, ticks_per_s)
                   for r in range(1, repeats + 1)]
            for tool in WRITERS + READERS}
    section = {}
    for group, tools in (("writers", WRITERS), ("readers", READERS)):
        section[group] = {
            NAMES[tool]: tool_summary(runs[tool], [common.rss_mib(p) for p in
                                                   glob.glob(f"{directory}/{tool}.*.time")])
            for tool in tools}
    sizes = [r["bytes"] / r["events"] for r in runs["raw"] if r and r.get("bytes")]
    section["mean_event_bytes"] = round(sizes[0]) if sizes else None
    own, wall = "events_per_s", "wall_events_per_s"
    section["ratios"] = {
        # Whole processes, start to exit, every event acknowledged.
        "trackboard_produce_over_kcat_produce":
            ratio(runs, "trackboard_produce", wall, "kcat_produce", wall),
        # ProducerPerformance's own figure leaves out the JVM's start.
        "trackboard_produce_over_producer_performance":
            ratio(runs, "trackboard_produce", wall, "producer_performance", own),
        # The worker's first-to-last rate (group join excluded) over kcat's whole run, as issue
        # 18's target reads; then both whole processes.
        "analytics_over_kcat": ratio(runs, "analytics", own, "kcat", wall),
        "analytics_wall_over_kcat_wall": ratio(runs, "analytics", wall, "kcat", wall),
        # Both first message to last, group join excluded.
        "analytics_over_consumer_performance":
            ratio(runs, "analytics", own, "consumer_performance", own),
        "analytics_over_raw": ratio(runs, "analytics", own, "raw", own),
        "analytics_over_python": ratio(runs, "analytics", own, "python", own),
        "raw_over_kcat": ratio(runs, "raw", own, "kcat", wall),
        "kcat_produce_over_producer_performance":
            ratio(runs, "kcat_produce", wall, "producer_performance", own),
    }
    e2e = {}
    for path in sorted(glob.glob(f"{directory}/e2e.*.out"), key=lambda p: int(p.split(".")[-2])):
        base = path[:-4]
        demo = common.load(path)
        summary = common.demo_summary(demo, base + ".time")
        if summary and demo.get("delivered"):
            # Producer, both groups and their librdkafka threads, in one process.
            cpu, ticks = cpu_seconds(base), number(base + ".broker_ticks")
            summary["cpu_us_per_event"] = rounded(cpu * 1e6 / demo["delivered"], 2) if cpu else None
            summary["broker_cpu_us_per_event"] = (
                rounded(ticks / ticks_per_s * 1e6 / demo["delivered"], 2) if ticks else None)
        e2e[path.split(".")[-2]] = summary
    if e2e:
        best = max((int(r) for r, s in e2e.items() if s and s["sustained"]), default=0)
        kcat_write = section["writers"]["kcat_produce"]["wall_events_per_s"]
        section["end_to_end"] = {
            "seconds_per_rate": e2e_seconds, "max_sustained_rate": best,
            "max_sustained_over_kcat_produce": round(best / kcat_write, 2) if kcat_write else None,
            "runs": e2e}
    loads = [number(p) for p in glob.glob(f"{directory}/*.load")]
    loads = [x for x in loads if x is not None]
    if loads:
        section["load_average_1m"] = {"min": min(loads), "median": statistics.median(loads),
                                      "max": max(loads)}
    return section


def section(out, repeats):
    meta = common.load(f"{out}/kafka/meta.json")
    if not meta:
        return None
    result = dict(meta)
    result["clusters"] = {}
    for nodes in meta["nodes"]:
        directory = f"{out}/kafka/n{nodes}"
        if glob.glob(f"{directory}/*.out"):
            result["clusters"][f"{nodes}_node" + ("s" if nodes > 1 else "")] = cluster(
                directory, repeats, meta["events"], meta["e2e_seconds"],
                meta.get("clock_ticks_per_s", 100))
    return result


if __name__ == "__main__":  # bench_report.py calls section(); this prints one for a look
    import sys
    json.dump(section(sys.argv[1], int(sys.argv[2])), sys.stdout, indent=2)
    print()
