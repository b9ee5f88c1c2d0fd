#!/usr/bin/python3
"""Checks bench/real_kafka_report.py on hand-made tool outputs (CTest: tst_bench_report).

Kafka's perf tools print text, not JSON: a Kafka release that changes ProducerPerformance's
closing line or ConsumerPerformance's columns must fail here rather than leave holes in a
benchmark run. The expectations are worked out by hand in the comments.
"""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import real_kafka_report as report  # noqa: E402

EVENTS = 500000
# Kafka 3.9.1's own output, as bench/real_kafka.sh saved it.
PRODUCER_PERFORMANCE = """Reading payloads from: payloads.txt
Number of messages read: 10000
500000 records sent, 62602.3 records/sec (26.95 MB/sec), 707.73 ms avg latency, 1274.00 ms max \
latency, 726 ms 50th, 1011 ms 95th, 1068 ms 99th, 1117 ms 99.9th.
"""
CONSUMER_PERFORMANCE = """start.time, end.time, data.consumed.in.MB, MB.sec, \
data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
2026-12-05 22:33:15:532, 2026-12-05 22:33:18:165, 215.1, 81.7, 500000, 189897.4, 1063, 1570, \
137.0, 318471.3
"""


def demo(rate, delivered_per_s, p99):
    return json.dumps({"target_rate": rate, "events_per_s": delivered_per_s, "delivered": 200000,
                       "failed": 0, "skipped": 0, "lost": {"analytics": 0, "fraud": 0},
                       "latency_ms": {"p50": 20, "p99": p99}})


class RealKafkaReport(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def run_of(self, name, out, wall, status=0, cpu="2.50 0.50 512000", ticks=150):
        for ext, text in (("out", out), ("wall", f"{wall}\n"), ("status", f"{status}\n"),
                          ("time", f"{cpu}\n"), ("broker_ticks", f"{ticks}\n"),
                          ("load", "7.5\n")):
            with open(f"{self.dir}/{name}.{ext}", "w", encoding="utf-8") as f:
                f.write(text)

    def test_producer_performance_closing_line(self):
        self.run_of("producer_performance.1", PRODUCER_PERFORMANCE, 10.0)
        run = report.parse("producer_performance", f"{self.dir}/producer_performance.1", EVENTS)
        self.assertEqual(run["events"], 500000)
        self.assertAlmostEqual(run["events_per_s"], 62602.3)
        self.assertEqual(run["latency_ms"]["p99"], 1068)
        self.assertEqual(run["latency_ms"]["p999"], 1117)
        self.assertAlmostEqual(run["wall_events_per_s"], 50000)  # 500,000 in 10 s

    def test_consumer_performance_leaves_the_group_join_out(self):
        self.run_of("consumer_performance.1", CONSUMER_PERFORMANCE, 4.0)
        run = report.parse("consumer_performance", f"{self.dir}/consumer_performance.1", EVENTS)
        self.assertEqual(run["events"], 500000)
        self.assertAlmostEqual(run["events_per_s"], 318471.3)  # fetch.nMsg.sec
        self.assertAlmostEqual(run["with_group_join_events_per_s"], 189897.4)  # nMsg.sec
        self.assertEqual(run["group_join_ms"], 1063)

    def test_cpu_per_event_of_the_tool_and_of_the_brokers(self):
        self.run_of("kcat.1", "500000\n", 2.0)
        run = report.parse("kcat", f"{self.dir}/kcat.1", EVENTS)
        self.assertAlmostEqual(run["cpu_us_per_event"], 6.0)  # 2.5 + 0.5 s over 500,000
        self.assertAlmostEqual(run["broker_cpu_us_per_event"], 3.0)  # 150 ticks = 1.5 s
        self.assertAlmostEqual(run["wall_events_per_s"], 250000)

    def test_a_failed_run_is_left_out_not_counted(self):
        self.run_of("python.1", '{"events": 500000, "events_per_s": 60000}\n', 9.0, status=1)
        self.assertIsNone(report.parse("python", f"{self.dir}/python.1", EVENTS))

    def test_ratios_are_medians_of_each_rounds_ratio(self):
        # Round 1: analytics 100,000/s own; kcat 500,000 in 2.0 s = 250,000/s: 0.4.
        # Round 2: analytics 120,000/s; kcat 500,000 in 2.5 s = 200,000/s: 0.6. Median 0.5.
        for r, own, kcat_wall in ((1, 100000, 2.0), (2, 120000, 2.5)):
            self.run_of(f"analytics.{r}", json.dumps(
                {"consumed": EVENTS, "events_per_s": own}) + "\n", 8.0)
            self.run_of(f"kcat.{r}", f"{EVENTS}\n", kcat_wall)
        # trackboard produce 500,000 in 10 s and 8 s; kcat -P in 5 s and 4 s: 0.5 both rounds.
        for r, tb_wall, kcat_wall in ((1, 10.0, 5.0), (2, 8.0, 4.0)):
            self.run_of(f"trackboard_produce.{r}", json.dumps(
                {"delivered": EVENTS, "events_per_s": 1.0}) + "\n", tb_wall)
            self.run_of(f"kcat_produce.{r}", "", kcat_wall)
        self.run_of("e2e.10000", demo(10000, 9800, 400) + "\n", 25.0)
        self.run_of("e2e.20000", demo(20000, 15000, 2200) + "\n", 25.0)  # 75% delivered
        section = report.cluster(self.dir, 2, EVENTS, 20, 100)
        self.assertEqual(section["ratios"]["analytics_over_kcat"], 0.5)
        self.assertEqual(section["ratios"]["trackboard_produce_over_kcat_produce"], 0.5)
        self.assertIsNone(section["ratios"]["analytics_over_python"])  # no Python run
        self.assertEqual(section["readers"]["analytics_worker"]["events_per_s"], 110000)
        self.assertEqual(section["readers"]["kcat_read"]["wall_events_per_s"], 225000)
        # produce's own figure is its last second only: the whole run stands for it.
        self.assertNotIn("events_per_s", section["writers"]["trackboard_produce"])
        e2e = section["end_to_end"]
        self.assertEqual(e2e["max_sustained_rate"], 10000)
        self.assertFalse(e2e["runs"]["20000"]["sustained"])
        self.assertEqual(e2e["runs"]["10000"]["cpu_us_per_event"], 15.0)  # 3 s over 200,000
        self.assertEqual(section["load_average_1m"]["max"], 7.5)


if __name__ == "__main__":
    unittest.main()
