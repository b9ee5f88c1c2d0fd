#!/usr/bin/env python3
"""Checks that kafka-python (python3-kafka) places each key in the partition Trackboard's
producer put it in. Reads every message of --source (written by `trackboard produce`) and notes
each key's partition; then produces one message per distinct key to --target, which has as many
partitions, with kafka-python's default partitioner (murmur2, as the Java client's), and notes
the partition the broker acknowledged. Prints, as one JSON object, the number of keys, how many
landed in the same partition both times, how many did not, and the partitions Trackboard used
(a key set that all fell in one partition would prove nothing). Used by
tests/tst_kafka_interop.cpp.

usage: partition_agreement.py --brokers HOST:PORT --source T --target T2 --count N [--timeout S]
"""
import argparse
import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition


def read_placements(args):
    consumer = KafkaConsumer(bootstrap_servers=args.brokers, api_version=(2, 5, 0),
                             enable_auto_commit=False, auto_offset_reset="earliest",
                             fetch_max_wait_ms=10)
    partitions = consumer.partitions_for_topic(args.source) or set()
    consumer.assign([TopicPartition(args.source, p) for p in partitions])
    consumer.seek_to_beginning()
    placed = {}
    read = 0
    deadline = time.monotonic() + args.timeout
    try:
        while read < args.count and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=200).values():
                for record in records:
                    read += 1
                    key = record.key
                    if key in placed and placed[key] != record.partition:
                        placed[key] = -1  # one key in two partitions: count as a disagreement
                    elif key not in placed:
                        placed[key] = record.partition
    finally:
        consumer.close(autocommit=False)
    return placed, read, len(partitions)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()

    placed, read, partition_count = read_placements(args)
    producer = KafkaProducer(bootstrap_servers=args.brokers, api_version=(2, 5, 0), acks="all")
    futures = {key: producer.send(args.target, key=key, value=b"{}") for key in placed}
    producer.flush(30)
    same = 0
    different = []
    for key, future in futures.items():
        metadata = future.get(timeout=30)
        if metadata.partition == placed[key]:
            same += 1
        else:
            different.append([key.decode(), placed[key], metadata.partition])
    producer.close(10)
    print(json.dumps({"read": read, "partitions": partition_count, "keys": len(placed),
                      "same_partition": same, "different": different[:10],
                      "trackboard_partitions": sorted(set(placed.values()))}, sort_keys=True))
    return 0 if read == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
