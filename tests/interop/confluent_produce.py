#!/usr/bin/env python3
"""Produces schema-valid activity events with python3-confluent-kafka, a client Trackboard did
not write, and prints on stdout, as one JSON object, the aggregates that Trackboard's analytics
must arrive at. The aggregates are computed here from the events themselves, independently of
Trackboard's code. Used by tests/tst_interop.cpp.

usage: confluent_produce.py --brokers HOST:PORT [--topic T] --count N [--seed S]
"""
import argparse
import datetime
import json
import random
import sys

from confluent_kafka import Producer

EVENT_TYPES = ["page_view", "product_view", "search", "click", "add_to_cart",
               "remove_from_cart", "checkout", "purchase", "signup", "login",
               "login_failed", "logout"]
PRODUCT_TYPES = {"product_view", "add_to_cart", "remove_from_cart", "checkout", "purchase"}
FUNNEL = ["page_view", "product_view", "add_to_cart", "checkout", "purchase"]
# Weights skew the mix towards browsing, as real traffic is.
TYPE_WEIGHTS = [30, 14, 8, 10, 7, 3, 5, 4, 2, 6, 3, 2]
PRICES_CENTS = [1999, 4550, 99900, 250, 12345, 70001]
CURRENCIES = ["USD", "USD", "USD", "EUR"]
CITIES = [("US", "New York", 40.7128, -74.006), ("DE", "Berlin", 52.52, 13.405),
          ("AU", "Sydney", -33.8688, 151.2093)]
DEVICES = [("desktop", "Windows", "Chrome"), ("mobile", "Android", "Chrome"),
           ("tablet", "iPadOS", "Safari")]
START = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)


def amount(cents):
    """A JSON number in the currency's main unit, as docs/event-schema.md describes."""
    return cents / 100


def make_event(i, rng):
    event_type = rng.choices(EVENT_TYPES, weights=TYPE_WEIGHTS)[0]
    user = "py-user-%d" % rng.randrange(80)
    when = START + datetime.timedelta(milliseconds=250 * i)
    country, city, lat, lon = CITIES[i % len(CITIES)]
    kind, os_name, browser = DEVICES[i % len(DEVICES)]
    event = {
        "event_id": "py-%08d" % i,
        "event_type": event_type,
        "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (when.microsecond // 1000),
        "user_id": user,
        "session_id": "py-sess-%d" % (i % 53),
        "page": "/py/%s/%d" % (event_type, i % 7),
        "referrer": None if i % 4 == 0 else "https://example.org/",
        "ip_address": "192.0.2.%d" % (i % 250 + 1),
        "geo": {"country": country, "city": city, "lat": lat, "lon": lon},
        "device": {"type": kind, "os": os_name, "browser": browser},
        "py_client": "confluent-kafka",  # unknown fields must be ignored
    }
    price = rng.choice(PRICES_CENTS)
    quantity = rng.randint(1, 3)
    if event_type in PRODUCT_TYPES:
        event["product"] = {"id": "py-p-%d" % (i % 11), "name": "Python Widget",
                            "category": "tools", "price": amount(price)}
        event["quantity"] = quantity
    if event_type == "purchase":
        event["order"] = {"id": "py-ord-%d" % i, "value": amount(price * quantity),
                          "currency": rng.choice(CURRENCIES)}
    return event


def expected_aggregates(events):
    by_type = {name: 0 for name in EVENT_TYPES}
    stage_users = {stage: set() for stage in FUNNEL}
    revenue_by_currency = {}
    orders = 0
    for event in events:
        by_type[event["event_type"]] += 1
        if event["event_type"] in stage_users:
            stage_users[event["event_type"]].add(event["user_id"])
        if event["event_type"] == "purchase":
            orders += 1
            cents = round(event["order"]["value"] * 100)
            currency = event["order"]["currency"]
            revenue_by_currency[currency] = revenue_by_currency.get(currency, 0) + cents
    return {
        "events": len(events),
        "events_by_type": by_type,
        "orders": orders,
        "revenue_cents": sum(revenue_by_currency.values()),
        "revenue_cents_by_currency": revenue_by_currency,
        "funnel_users": [len(stage_users[stage]) for stage in FUNNEL],
        "viewing_users": len(stage_users["page_view"]),
        "purchasing_users": len(stage_users["purchase"]),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", default="user-activities")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    rng = random.Random(args.seed)  # a fixed seed: the same events on every run
    events = [make_event(i, rng) for i in range(args.count)]
    producer = Producer({"bootstrap.servers": args.brokers, "linger.ms": 5,
                         "enable.idempotence": True})
    outcome = {"delivered": 0, "failed": 0}

    def on_delivery(error, _message):
        outcome["failed" if error else "delivered"] += 1

    for event in events:
        producer.produce(args.topic, key=event["user_id"].encode(),
                         value=json.dumps(event).encode(), on_delivery=on_delivery)
        producer.poll(0)
    remaining = producer.flush(30)
    if remaining or outcome["delivered"] != args.count:
        print("confluent_produce.py: delivered %d of %d, failed %d, %d still queued"
              % (outcome["delivered"], args.count, outcome["failed"], remaining), file=sys.stderr)
        return 1
    result = {"produced": args.count, "delivered": outcome["delivered"],
              "expected": expected_aggregates(events)}
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
