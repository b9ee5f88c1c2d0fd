#!/usr/bin/python3
"""Checks bench/memory_formula.py on hand-made demo JSON (CTest: tst_memory_formula).

The formula's terms (docs/memory.md, "The formula") are worked out by hand in the
comments: the fraud users and the consumers' queues count at their peak so far, the simulator
and the windows at the rate held.
"""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import memory_formula as formula  # noqa: E402

MIB = 1048576.0


def sample(rss, fraud_users, lag=None, table=10.0, business=20.0):
    state = {"rss_mb": rss, "delivered": 0, "users": 1, "sessions": 1, "forgotten": 0,
             "table_mib": table, "business_table_mib": business, "fraud_users": fraud_users}
    if lag is not None:
        state["lag"] = {"analytics": lag[0], "fraud": lag[1]}
    return state


def demo(samples, throttled_s=0.0):
    return {"target_rate": 20000, "events_per_s": 10000.0,
            "throttle": {"throttled_s": throttled_s},
            "rss_mb": {"per_minute": [s["rss_mb"] for s in samples],
                       "state_per_minute": samples}}


class MemoryFormula(unittest.TestCase):
    def test_terms_and_peaks(self):
        # Minute 1: 512,000 fraud users; analytics 50,000 behind, fraud 400,000 (over the
        # queue's 300,000). Minute 2: half the fraud users and nothing behind (fraud's lag not
        # known): both peaks stay.
        table = formula.rows(demo([sample(1200.0, 512000, (50000, 400000)),
                                   sample(1300.0, 256000, (0, -1))]))
        self.assertEqual(len(table), 2)
        first, second = table[0]["terms"], table[1]["terms"]
        self.assertAlmostEqual(first["B"], 134.0)
        # The 10,000 held, not the 20,000 asked: the simulator's visits follow the rate sent.
        self.assertAlmostEqual(first["S"], 19.0)
        self.assertAlmostEqual(first["W"], 157.0 * 0.5 / 77)  # 10,000 held; 1 of 77 minutes
        self.assertAlmostEqual(second["W"], 157.0 * 0.5 * 2 / 77)
        self.assertAlmostEqual(first["T"] + first["U"], 30.0)
        self.assertAlmostEqual(first["F"], 880.0)  # 1.76 KiB x 512,000 = 880 MiB
        self.assertAlmostEqual(second["F"], 880.0)  # the peak, not the 256,000 left
        self.assertEqual(table[1]["fraud_peak"], 512000)
        # (50,000 + 300,000) x 780 B = 273,000,000 B = 260.35 MiB, at both minutes.
        self.assertAlmostEqual(first["Q"], 273e6 / MIB)
        self.assertAlmostEqual(second["Q"], 273e6 / MIB)
        # 134 + 19 + 1.0195 + 30 + 880 + 260.35 = 1324.37 MiB against 1,200 measured.
        self.assertAlmostEqual(table[0]["formula"], 1324.37, places=2)
        self.assertAlmostEqual(table[1]["formula"], 1324.37 + 157.0 * 0.5 / 77, places=2)

    def test_rate_argument_sets_the_windows_rate(self):
        # 20,000 held: W is 157 x 60 / 77 at minute 60, whatever events_per_s says.
        table = formula.rows(demo([sample(1000.0, 0)] * 60), rate=20000)
        self.assertAlmostEqual(table[59]["terms"]["W"], 157.0 * 60 / 77)

    def test_runs_without_lag_count_the_hold_point_when_throttled(self):
        # 6 x 5 MiB / 499 B / 2 = 31,520.3 events in the slowest group's queue: 23.45 MiB.
        held = formula.rows(demo([sample(1000.0, 0)], throttled_s=12.5))
        self.assertAlmostEqual(held[0]["terms"]["Q"], 31520.32 * 780 / MIB, places=2)
        self.assertAlmostEqual(held[0]["terms"]["Q"], 23.45, places=2)
        free = formula.rows(demo([sample(1000.0, 0)], throttled_s=0))
        self.assertEqual(free[0]["terms"]["Q"], 0.0)

    def test_worst_difference_from_a_minute_on(self):
        # Formula 1175.60 at minute 1 (-2.03 % of 1,200) and 1175.60 + 1.02 (W's second minute)
        # = 1176.62 at minute 2 (-9.49 % of 1,300): the worst from minute 2 on, and from 1.
        table = formula.rows(demo([sample(1200.0, 512000, (50000, 100000)),
                                   sample(1300.0, 256000, (0, 0))]))
        self.assertAlmostEqual(formula.worst_difference(table, 2), 9.49, places=2)
        self.assertAlmostEqual(formula.worst_difference(table, 1), 9.49, places=2)
        self.assertEqual(formula.worst_difference(table, 3), 0.0)

    def test_main_prints_every_minute_and_the_verdict(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = f"{tmp}/demo.json"
            with open(path, "w", encoding="utf-8") as f:
                json.dump(demo([sample(1200.0, 512000, (50000, 100000)),
                                sample(1300.0, 256000, (0, 0))]), f)
            out = io.StringIO()
            sys.argv = ["memory_formula.py", path, "10000", "2"]
            with redirect_stdout(out):
                self.assertEqual(formula.main(), 0)
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 3)
        self.assertIn("minute   2  rss    1300  formula    1177 MiB  (-9.5 %)", lines[1])
        self.assertIn("peak 512000", lines[1])
        self.assertEqual(lines[2], "formula: largest difference from minute 2 on 9.5 %"
                                   " (within 10 %)")

    def test_main_says_when_there_is_nothing_to_compare(self):
        # JSON from before state_per_minute existed (the 2026-12-05 soak): no verdict.
        with tempfile.TemporaryDirectory() as tmp:
            path = f"{tmp}/demo.json"
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"target_rate": 20000, "events_per_s": 15000.0,
                           "rss_mb": {"per_minute": [500.0, 510.0]}}, f)
            out = io.StringIO()
            sys.argv = ["memory_formula.py", path]
            with redirect_stdout(out):
                self.assertEqual(formula.main(), 1)
        self.assertIn("no per-minute state from minute 60 on", out.getvalue())


if __name__ == "__main__":
    unittest.main()
