#!/usr/bin/env python3
"""Reads a whole topic with python3-confluent-kafka, without a consumer group, from the first
offset of every partition to the high watermark it has when the script starts, and prints one
JSON object: messages, distinct event ids, duplicates (messages whose event_id was seen
before), count per event_type and purchase revenue in cents over distinct events, and the
messages per partition. Used by the `kafka` tests to check a real cluster's log independently
of Trackboard.

usage: topic_census.py --brokers B --topic T [--timeout S] [-X key=value ...]
"""
import argparse
import json
import sys
import time

from confluent_kafka import Consumer, TopicPartition


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("-X", action="append", default=[], metavar="key=value")
    args = parser.parse_args()

    config = {"bootstrap.servers": args.brokers, "group.id": "topic-census",
              "enable.auto.commit": False, "enable.partition.eof": False}
    config.update(kv.split("=", 1) for kv in args.X)
    consumer = Consumer(config)
    metadata = consumer.list_topics(args.topic, timeout=15)
    partitions = sorted(metadata.topics[args.topic].partitions)
    ends = {}
    assignment = []
    for p in partitions:
        low, high = consumer.get_watermark_offsets(TopicPartition(args.topic, p), timeout=15)
        ends[p] = high
        if high > low:
            assignment.append(TopicPartition(args.topic, p, low))
    consumer.assign(assignment)

    position = {tp.partition: tp.offset for tp in assignment}
    messages = 0
    per_partition = {p: 0 for p in partitions}
    seen = set()
    duplicates = 0
    by_type = {}
    revenue_cents = 0
    deadline = time.monotonic() + args.timeout
    while any(position[p] < ends[p] for p in position) and time.monotonic() < deadline:
        for msg in consumer.consume(num_messages=10000, timeout=1.0):
            if msg.error():
                continue
            p = msg.partition()
            if msg.offset() >= ends[p]:
                continue
            position[p] = msg.offset() + 1
            messages += 1
            per_partition[p] += 1
            event = json.loads(msg.value())
            if event["event_id"] in seen:
                duplicates += 1
                continue
            seen.add(event["event_id"])
            by_type[event["event_type"]] = by_type.get(event["event_type"], 0) + 1
            if event["event_type"] == "purchase" and "order" in event:
                revenue_cents += round(event["order"]["value"] * 100)
    consumer.close()
    complete = all(position[p] >= ends[p] for p in position)
    json.dump({"complete": complete, "messages": messages, "distinct": len(seen),
               "duplicates": duplicates, "by_type": by_type, "revenue_cents": revenue_cents,
               "per_partition": {str(p): n for p, n in per_partition.items()},
               "high_watermarks": {str(p): h for p, h in ends.items()}}, sys.stdout)
    print()
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
