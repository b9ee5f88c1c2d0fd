#!/usr/bin/env python3
"""Reads the activity topic with kafka-python (python3-kafka), a Kafka protocol implementation
independent of librdkafka, as a member of a consumer group, and prints on stdout, as one JSON
object, a summary of what it read: message count, count per event_type, purchase revenue in
cents, distinct event ids and whether every key equals the event's user_id. Used by
tests/tst_interop.cpp.

usage: kafka_python_consume.py --brokers HOST:PORT [--topic T] --group G --count N [--timeout S]
"""
import argparse
import json
import sys
import time

from kafka import KafkaConsumer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", default="user-activities")
    parser.add_argument("--group", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()

    # api_version is given explicitly, as docs/embedded-broker.md says: kafka-python would
    # otherwise probe the broker's version. A short fetch wait suits the embedded broker.
    consumer = KafkaConsumer(args.topic, bootstrap_servers=args.brokers, api_version=(2, 5, 0),
                             group_id=args.group, auto_offset_reset="earliest",
                             enable_auto_commit=False, fetch_max_wait_ms=10)
    count = 0
    by_type = {}
    revenue_cents = 0
    event_ids = set()
    keys_match = 0
    partitions = set()
    deadline = time.monotonic() + args.timeout
    try:
        while count < args.count and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=200).values():
                for record in records:
                    event = json.loads(record.value)
                    count += 1
                    partitions.add(record.partition)
                    by_type[event["event_type"]] = by_type.get(event["event_type"], 0) + 1
                    event_ids.add(event["event_id"])
                    if record.key is not None and record.key.decode() == event["user_id"]:
                        keys_match += 1
                    if event["event_type"] == "purchase":
                        revenue_cents += round(event["order"]["value"] * 100)
    finally:
        consumer.close(autocommit=False)
    print(json.dumps({"count": count, "events_by_type": by_type, "revenue_cents": revenue_cents,
                      "distinct_event_ids": len(event_ids), "keys_match_user_id": keys_match,
                      "partitions": sorted(partitions)}, sort_keys=True))
    return 0 if count == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
