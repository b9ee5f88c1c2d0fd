#!/usr/bin/env python3
"""Writes a known data set with kafka-python (a client Trackboard did not write, whose default
partitioner is murmur2 on the key) at a steady rate, keyed by user_id, and prints what a merged
analytics view of every partition must show, computed here in plain Python from the events
themselves (docs/analytics.md). Used by tests/tst_kafka_scale.cpp while it kills, restarts and
adds analytics workers.

Event time rises by 100 ms per event, so no event is late in any partition, and once every
partition is idle the view's "now" is the newest event time of all.

Prints "PRODUCED n" lines as it goes (flushed), then one JSON object:
{"delivered": n, "partitions": {p: count}, "expected": {...}}.

usage: scale_writer.py --brokers HOST:PORT --topic T --count N --rate R [--seed S]
"""
import argparse
import json
import os
import random
import sys
import time

from kafka import KafkaProducer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analytics_reference as ref  # noqa: E402  (the same event mix and definitions)

STEP_MS = 100


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--seed", type=int, default=91)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    events = []
    for i in range(args.count):
        event, _ = ref.make_event(i, rng)
        ms = ref.START_MS + STEP_MS * i
        event["timestamp"] = ref.iso(ms)
        events.append((event, ms))

    producer = KafkaProducer(bootstrap_servers=args.brokers, acks="all", linger_ms=5,
                             retries=10, max_in_flight_requests_per_connection=1)
    partitions = {}
    started = time.monotonic()
    for i, (event, _ms) in enumerate(events):
        due = started + i / args.rate
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)  # pacing the writer, not waiting for anything
        future = producer.send(args.topic, key=event["user_id"].encode(),
                               value=json.dumps(event, ensure_ascii=False).encode())
        future.add_callback(
            lambda meta: partitions.__setitem__(meta.partition,
                                                partitions.get(meta.partition, 0) + 1))
        if (i + 1) % 250 == 0:
            print("PRODUCED %d" % (i + 1), flush=True)
    producer.flush(60)
    producer.close(30)
    delivered = sum(partitions.values())
    if delivered != args.count:
        print("scale_writer.py: delivered %d of %d" % (delivered, args.count), file=sys.stderr)
        return 1
    expected = ref.expected_windows(events)
    everything = expected["windows"]["all"]
    expected.update({
        "events": args.count,
        "events_by_type": everything["events_by_type"],
        "orders": everything["orders"],
        "revenue_cents": everything["revenue_cents"],
        "viewing_users": everything["funnel"][0]["users"],
        "purchasing_users": everything["funnel"][-1]["users"],
    })
    print(json.dumps({"delivered": delivered, "partitions": partitions, "expected": expected},
                     ensure_ascii=False, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
