#!/usr/bin/python3
"""The seed's Python stack, as an anchor for Trackboard's analytics worker.

A plain python3-confluent-kafka consumer that does the demo guide's analytics with json.loads and
collections.Counter: events by type, revenue per currency, funnel users, top pages, products,
countries and devices. It reads EVENTS messages of TOPIC from the beginning in a fresh consumer
group and prints one JSON object with events_per_s, timed from the first message received to the
last one processed, as the analytics worker times itself, and processing_events_per_s, the rate of
json.loads plus the analytics alone in CPU time, to set beside bench_core's decode and ingest.

usage: seed_equivalent.py BROKERS TOPIC EVENTS
"""

import collections
import json
import sys
import time
import uuid

from confluent_kafka import Consumer

FUNNEL = ("page_view", "product_view", "add_to_cart", "checkout", "purchase")


class SeedAnalytics:
    def __init__(self):
        self.events_by_type = collections.Counter()
        self.revenue = collections.Counter()
        self.funnel = {stage: set() for stage in FUNNEL}
        self.pages = collections.Counter()
        self.products = collections.Counter()
        self.countries = collections.Counter()
        self.devices = collections.Counter()

    def apply(self, event):
        kind = event["event_type"]
        self.events_by_type[kind] += 1
        self.pages[event["page"]] += 1
        self.countries[event["geo"]["country"]] += 1
        self.devices[event["device"]["type"]] += 1
        if kind in self.funnel:
            self.funnel[kind].add(event["user_id"])
        product = event.get("product")
        if product:
            self.products[product["id"]] += 1
        if kind == "purchase":
            order = event["order"]
            self.revenue[order["currency"]] += order["value"]

    def report(self):
        return {
            "events_by_type": dict(self.events_by_type),
            "revenue": dict(self.revenue),
            "funnel": {stage: len(users) for stage, users in self.funnel.items()},
            "top_pages": self.pages.most_common(10),
            "top_products": self.products.most_common(10),
            "countries": len(self.countries),
            "devices": dict(self.devices),
        }


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    brokers, topic, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
    consumer = Consumer({
        "bootstrap.servers": brokers,
        "group.id": "bench-seed-" + uuid.uuid4().hex,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "fetch.wait.max.ms": 10,
    })
    consumer.subscribe([topic])
    analytics = SeedAnalytics()
    count = 0
    rejected = 0
    first = None
    processing = 0.0  # CPU seconds inside json.loads and the analytics, Kafka excluded
    deadline = time.monotonic() + 600
    try:
        while count < wanted and time.monotonic() < deadline:
            # Batches, not the guide's one poll() per message: the kinder reading of the seed.
            messages = consumer.consume(num_messages=1000, timeout=0.1)
            if messages and first is None:
                first = time.monotonic()
            started = time.process_time()
            for message in messages:
                if message.error():
                    continue
                count += 1
                try:
                    analytics.apply(json.loads(message.value()))
                except (ValueError, KeyError, TypeError):
                    rejected += 1
            processing += time.process_time() - started
    finally:
        consumer.close()
    seconds = time.monotonic() - first if first is not None else 0.0
    report = analytics.report()
    print(json.dumps({
        "events": count,
        "rejected": rejected,
        "seconds": round(seconds, 4),
        "events_per_s": round(count / seconds) if seconds > 0 else 0,
        "processing_events_per_s": round(count / processing) if processing > 0 else 0,
        "purchases": report["events_by_type"].get("purchase", 0),
    }))
    return 0 if count >= wanted else 1


if __name__ == "__main__":
    sys.exit(main())
