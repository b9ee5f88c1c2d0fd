#!/usr/bin/env python3
"""Writes a backlog with kafka-python (python3-kafka, a Kafka client independent of
librdkafka) and prints, as one JSON object, what Trackboard's windows must hold once it has read
it (issue 21). The events are valid, in timestamp order, 4 a second, keyed by user, and end at
the current time; the topic's partitioner spreads them over the partitions, so a consumer
reading the backlog meets each partition far ahead of or behind the others.

The expected windows follow the rule in docs/analytics.md, computed here from the events alone:
"now" is the minimum over partitions of each partition's latest event time, and the window
"last N minutes" holds every event whose 10-second bucket is at or after now's bucket minus
(6N - 1), buckets ahead of now included. Used by tests/tst_analytics_backlog.cpp.

usage: partition_backlog.py --brokers HOST:PORT [--topic T] --count N [--spacing-ms MS]
"""
import argparse
import datetime
import json
import sys
import time

from kafka import KafkaProducer

BUCKET_MS = 10000
WINDOWS = {"1m": 1, "5m": 5, "15m": 15, "60m": 60}
TYPES = ["page_view", "search", "click", "login", "page_view", "logout"]
USERS = 120


def iso(ms):
    when = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", default="user-activities")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--spacing-ms", type=int, default=250)  # 4 events a second
    args = parser.parse_args()

    # api_version is given explicitly, as docs/embedded-broker.md says.
    producer = KafkaProducer(bootstrap_servers=args.brokers, api_version=(2, 5, 0), acks="all",
                             linger_ms=5)
    end_ms = int(time.time() * 1000)
    first_ms = end_ms - args.spacing_ms * (args.count - 1)
    futures = []
    for i in range(args.count):
        ms = first_ms + args.spacing_ms * i
        user = "backlog-user-%d" % (i * 7 % USERS)
        event = {
            "event_id": "backlog-%08d" % i,
            "event_type": TYPES[i % len(TYPES)],
            "timestamp": iso(ms),
            "user_id": user,
            "session_id": "backlog-sess-%d" % (i * 7 % USERS),
            "page": "/backlog/%d" % (i % 9),
            "ip_address": "192.0.2.%d" % (i * 7 % USERS + 1),
            "geo": {"country": "DE", "city": "Berlin", "lat": 52.52, "lon": 13.40},
            "device": {"type": "desktop", "os": "Linux", "browser": "Firefox"},
        }
        futures.append((ms, producer.send(args.topic, key=user.encode(),
                                          value=json.dumps(event).encode())))
    producer.flush(30)
    latest = {}
    times = []
    for ms, future in futures:
        partition = future.get(timeout=30).partition
        latest[partition] = max(latest.get(partition, 0), ms)
        times.append(ms)
    producer.close()

    now_ms = min(latest.values())
    now_bucket = now_ms // BUCKET_MS
    expected = {name: sum(1 for ms in times if ms // BUCKET_MS >= now_bucket - 6 * minutes + 1)
                for name, minutes in WINDOWS.items()}
    json.dump({"delivered": len(times), "partitions": sorted(latest),
               "partition_latest_ms": {str(p): ms for p, ms in sorted(latest.items())},
               "now_ms": now_ms, "span_ms": times[-1] - times[0], "expected": expected},
              sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
