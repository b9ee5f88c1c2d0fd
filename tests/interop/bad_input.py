#!/usr/bin/env python3
"""Bad input from a client Trackboard did not write (python3-confluent-kafka), for
tests/tst_bad_input.cpp.

  bad_input.py produce --brokers HOST:PORT [--topic T]
      Sends valid events and one message per bad-input case, and prints one JSON object: the
      valid events' tally (computed here, independently of Trackboard) and, per case, its name
      and where it landed (partition, offset).
  bad_input.py read-dlq --brokers HOST:PORT [--topic T] --count N [--timeout S]
      Reads the dead-letter topic from the beginning and prints one JSON object per message
      (its headers, key and value length) as a JSON list.
"""
import argparse
import datetime
import json
import sys
import time

from confluent_kafka import Consumer, Producer

EVENT_TYPES = ["page_view", "product_view", "search", "click", "add_to_cart",
               "remove_from_cart", "checkout", "purchase", "signup", "login",
               "login_failed", "logout"]
PRODUCT_TYPES = {"product_view", "add_to_cart", "remove_from_cart", "checkout", "purchase"}


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def make_event(i, event_type, cents):
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=i)
    event = {
        "event_id": "bad-input-valid-%d" % i, "event_type": event_type, "timestamp": iso(now),
        "user_id": "bad-input-user-%d" % (i % 4), "session_id": "s-%d" % (i % 4),
        "page": "/p/%d" % i, "ip_address": "198.51.100.%d" % (i % 200),
        "geo": {"country": "US", "city": "New York", "lat": 40.7128, "lon": -74.006},
        "device": {"type": "desktop", "os": "Linux", "browser": "Firefox"},
    }
    if event_type in PRODUCT_TYPES:
        event["product"] = {"id": "p-%d" % i, "name": "Lamp", "category": "home",
                            "price": cents / 100}
    if event_type == "purchase":
        event["order"] = {"id": "o-%d" % i, "value": cents / 100, "currency": "USD"}
    return event


def bad_cases(template):
    """(name, key, value bytes) for every bad-input case; `template` is a valid event."""
    def variant(**changes):
        event = json.loads(json.dumps(template))
        for path, value in changes.items():
            target = event
            parts = path.split("__")
            for part in parts[:-1]:
                target = target[part]
            if value is KeyError:
                del target[parts[-1]]
            else:
                target[parts[-1]] = value
        return event

    def text(event, **kw):
        return json.dumps(event, **kw).encode()

    def fresh(name, **changes):
        return variant(event_id="bad-input-" + name, **changes)

    valid = text(template)
    key = template["user_id"].encode()
    big = b'{"event_id":"' + b"x" * (1024 * 1024 - 15) + b'"}'
    utf8 = text(fresh("utf8", geo__city="CITY")).replace(b"CITY", b"S\xff\xfeo Paulo")
    return [
        ("malformed_json", key, b'{"event_id":"e",,"page":"/"}'),
        ("truncated_json", key, valid[: len(valid) // 2]),
        ("not_an_object_array", key, b"[1, 2, 3]"),
        ("not_an_object_string", key, b'"hello"'),
        ("wrong_type_price_string", key, text(fresh("price-string", product__price="27.99"))),
        ("wrong_type_timestamp_number", key, text(fresh("ts-number", timestamp=1767225600000))),
        ("missing_user_id", key, text(fresh("no-user", user_id=KeyError))),
        ("unknown_event_type", key, text(fresh("teleport", event_type="teleport"))),
        ("invalid_utf8", key, utf8),
        ("one_megabyte", key, big),
        ("empty_message", key, b""),
        ("empty_key", b"", text(fresh("empty-key"))),
        ("no_key", None, text(fresh("no-key"))),
        ("negative_amount", key, text(fresh("negative", product__price=-5))),
        ("nan_amount", key, text(fresh("nan", product__price=float("nan")), allow_nan=True)),
        ("absurd_amount", key, text(fresh("absurd", order__value=1e12))),
        ("far_future_timestamp", key, text(fresh("future", timestamp="2999-01-01T00:00:00.000Z"))),
        ("far_past_timestamp", key, text(fresh("past", timestamp="1970-01-01T00:00:00.000Z"))),
        ("duplicate_event_id", key, valid),
    ]


def produce(args):
    producer = Producer({"bootstrap.servers": args.brokers, "enable.idempotence": True,
                         "message.max.bytes": 4 * 1024 * 1024})
    placed = {}

    def on_delivery(name):
        def report(err, msg):
            placed[name] = {"error": str(err) if err else "", "partition": msg.partition(),
                            "offset": msg.offset()}
        return report

    by_type = {}
    revenue = 0
    valid = []
    for i, event_type in enumerate(EVENT_TYPES * 2):
        cents = 1999 + 1000 * i if event_type == "purchase" else 0
        event = make_event(i, event_type, cents)
        valid.append(event)
        by_type[event_type] = by_type.get(event_type, 0) + 1
        revenue += cents
        producer.produce(args.topic, key=event["user_id"], value=json.dumps(event),
                         on_delivery=on_delivery(event["event_id"]))
    # Each bad case goes after the valid events, so the duplicate follows its original.
    producer.flush(30)
    cases = bad_cases(valid[7])  # a purchase: it has product and order
    for name, key, value in cases:
        producer.produce(args.topic, key=key, value=value, on_delivery=on_delivery(name))
        producer.flush(30)  # one at a time keeps the offsets in case order
    left = producer.flush(30)
    failures = {k: v["error"] for k, v in placed.items() if v["error"]}
    print(json.dumps({
        "valid": len(valid), "events_by_type": by_type, "revenue_cents": revenue,
        "cases": [dict(case=name, **placed.get(name, {})) for name, _, _ in cases],
        "undelivered": left, "failures": failures,
    }))
    return 0 if left == 0 and not failures else 1


def read_dlq(args):
    consumer = Consumer({"bootstrap.servers": args.brokers, "group.id": "bad-input-dlq-reader",
                         "auto.offset.reset": "earliest", "fetch.wait.max.ms": 10,
                         "enable.auto.commit": False})
    consumer.subscribe([args.topic])
    found = []
    deadline = time.monotonic() + args.timeout
    try:
        while len(found) < args.count and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            headers = {k: (v.decode("utf-8", "replace") if v is not None else None)
                       for k, v in (msg.headers() or [])}
            found.append({"headers": headers,
                          "key": (msg.key() or b"").decode("utf-8", "replace"),
                          "value_len": len(msg.value() or b"")})
    finally:
        consumer.close()
    print(json.dumps(found))
    return 0 if len(found) == args.count else 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["produce", "read-dlq"])
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    if args.mode == "produce":
        args.topic = args.topic or "user-activities"
        return produce(args)
    args.topic = args.topic or "user-activities-dlq"
    return read_dlq(args)


if __name__ == "__main__":
    sys.exit(main())
