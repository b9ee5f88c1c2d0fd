#!/usr/bin/env python3
"""Writes a known data set with kafka-python (a client Trackboard did not write) keyed by
user_id, and prints what the metrics of tests/kafka/custom_metrics.yaml must show over all
time, computed here in plain Python from the events themselves (docs/analytics.md, "Custom
metrics"). Used by tests/tst_kafka_custom_metrics.cpp with three analytics workers.

Prints "PRODUCED n" lines as it goes, then one JSON object:
{"delivered": n, "partitions": {p: count},
 "expected": {metric name: {"total": t, "groups": {key: value}}}}.

usage: custom_metrics_writer.py --brokers HOST:PORT --topic T --count N [--seed S]
"""
import argparse
import json
import os
import random
import sys

from kafka import KafkaProducer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import analytics_reference as ref  # noqa: E402  (the same event mix)

STEP_MS = 100


def expected(events):
    """The three metrics of tests/kafka/custom_metrics.yaml, by hand."""
    firefox_by_city, revenue_by_country, mobile_carts = {}, {}, 0
    for e in events:
        kind = e["event_type"]
        if kind == "page_view" and e["device"]["browser"] == "Firefox":
            city = e["geo"]["city"]
            firefox_by_city[city] = firefox_by_city.get(city, 0) + 1
        if kind == "purchase":
            country = e["geo"]["country"]
            cents = round(e["order"]["value"] * 100)
            revenue_by_country[country] = revenue_by_country.get(country, 0) + cents
        if kind == "add_to_cart" and e["device"]["type"] == "mobile":
            mobile_carts += 1
    return {
        "firefox_views_by_city": {"total": sum(firefox_by_city.values()),
                                  "groups": firefox_by_city},
        "revenue_by_country": {"total": sum(revenue_by_country.values()),
                               "groups": revenue_by_country},
        "mobile_carts": {"total": mobile_carts, "groups": {}},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    events = []
    for i in range(args.count):
        event, _ = ref.make_event(i, rng)
        event["timestamp"] = ref.iso(ref.START_MS + STEP_MS * i)  # in order: none is late
        events.append(event)

    producer = KafkaProducer(bootstrap_servers=args.brokers, acks="all", linger_ms=5,
                             retries=10, max_in_flight_requests_per_connection=1)
    partitions = {}
    for i, event in enumerate(events):
        future = producer.send(args.topic, key=event["user_id"].encode(),
                               value=json.dumps(event, ensure_ascii=False).encode())
        future.add_callback(
            lambda meta: partitions.__setitem__(meta.partition,
                                                partitions.get(meta.partition, 0) + 1))
        if (i + 1) % 500 == 0:
            print("PRODUCED %d" % (i + 1), flush=True)
    producer.flush(60)
    producer.close(30)
    delivered = sum(partitions.values())
    if delivered != args.count:
        print("custom_metrics_writer.py: delivered %d of %d" % (delivered, args.count),
              file=sys.stderr)
        return 1
    print(json.dumps({"delivered": delivered, "partitions": partitions,
                      "expected": expected(events)}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
