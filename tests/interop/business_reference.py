#!/usr/bin/env python3
"""Produces shop sessions with python3-confluent-kafka (a client Trackboard did not write) and
prints, as one JSON object, the business answers Trackboard must arrive at: channels and
campaigns, A/B experiment counts, page-to-page transitions and a metric defined in a file. The
figures are computed here from the events, in plain Python, from the definitions in
docs/analytics.md ("Business value", "Custom metrics"), not from Trackboard's code. Used by
tests/tst_business_interop.cpp against a topic with one partition, so that arrival order is
production order (a session's first event is its entry).

usage: business_reference.py --brokers HOST:PORT [--topic T] --users N [--seed S]
                             --metrics-file PATH
"""
import argparse
import datetime
import json
import random
import sys
from urllib.parse import urlsplit

from confluent_kafka import Producer

START_MS = 1772366400000  # 2026-03-01T12:00:00Z
# (channel, referrer, landing page): what a visit's first event carries.
ENTRIES = [
    ("direct", None, "/"),
    ("search", "https://www.google.com/", "/"),
    ("search", "https://duckduckgo.com/", "/category/garden"),
    ("social", "https://www.facebook.com/", "/category/toys"),
    ("social", None, "/?utm_source=instagram&utm_medium=social&utm_campaign=influencer-spring"),
    ("email", None, "/?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday"),
    ("paid", "https://www.google.com/", "/?utm_source=google&utm_medium=cpc&utm_campaign=winter-sale"),
    ("referral", "https://blog.example.org/best-gifts", "/product/p-3"),
]
PAGES = ["/", "/category/toys", "/category/garden", "/product/p-1", "/product/p-2",
         "/product/p-3", "/cart", "/search?q=lamp"]
ELEMENTS = ["add-to-wishlist", "size-guide", "reviews-tab", "live-chat"]
BROWSERS = ["Firefox", "Chrome", "Safari"]
METRIC_YAML = """metrics:
  - name: firefox_clicks_by_element
    title: Firefox clicks by element
    count: click
    where: { device.browser: Firefox }
    group_by: element
    window: all
"""


def iso(ms):
    when = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def path_of(page):
    return urlsplit(page).path or "/"


def session_events(rng, user, number, variant, browser):
    """One visit: its entry page view, then browsing, maybe a purchase."""
    channel, referrer, landing = rng.choice(ENTRIES)
    base = {"user_id": "biz-user-%d" % user, "session_id": "biz-sess-%d-%d" % (user, number),
            "ip_address": "198.51.100.%d" % (user % 250 + 1),
            "geo": {"country": "DE", "city": "Berlin", "lat": 52.5, "lon": 13.4},
            "device": {"type": "desktop", "os": "Linux", "browser": browser},
            "experiment": {"id": "checkout-redesign", "variant": variant}}
    entry = dict(base, event_type="page_view", page=landing)
    if referrer:
        entry["referrer"] = referrer
    events = [entry]
    page = landing
    for _ in range(rng.randint(1, 7)):
        kind = rng.choice(["page_view", "page_view", "product_view", "click", "add_to_cart"])
        if kind == "page_view":
            page = rng.choice(PAGES)
            events.append(dict(base, event_type=kind, page=page, referrer="/"))
        elif kind == "click":
            events.append(dict(base, event_type=kind, page=page, element=rng.choice(ELEMENTS)))
        else:
            pid = rng.randint(1, 3)
            if kind == "product_view":
                page = "/product/p-%d" % pid
            events.append(dict(base, event_type=kind, page=page, quantity=1,
                               product={"id": "p-%d" % pid, "name": "Lamp %d" % pid,
                                        "category": "home", "price": 10.0 * pid}))
    # Variant B converts more often, as the experiment should find.
    if rng.random() < (0.35 if variant == "B" else 0.25):
        cents = rng.choice([1999, 4550, 12345])
        events.append(dict(base, event_type="purchase", page="/checkout/confirmation",
                           quantity=1,
                           product={"id": "p-1", "name": "Lamp 1", "category": "home",
                                    "price": cents / 100},
                           order={"id": "o-%d-%d" % (user, number), "value": cents / 100,
                                  "currency": "USD"}))
    return channel, landing, events


def campaign_of(landing):
    for part in urlsplit(landing).query.split("&"):
        if part.startswith("utm_campaign="):
            return part.split("=", 1)[1]
    return "(none)"


def build(users, seed):
    rng = random.Random(seed)
    visits = []  # (channel, campaign, events)
    for user in range(users):
        variant = "A" if user % 2 == 0 else "B"
        browser = BROWSERS[user % len(BROWSERS)]
        for number in range(rng.randint(1, 3)):
            channel, landing, events = session_events(rng, user, number, variant, browser)
            visits.append((channel, campaign_of(landing), events))
    # Interleave visits, keeping each visit's own order.
    queues = [list(v[2]) for v in visits]
    stream = []
    while any(queues):
        live = [q for q in queues if q]
        stream.append(rng.choice(live).pop(0))
    for i, e in enumerate(stream):
        e["event_id"] = "biz-%08d" % i
        e["timestamp"] = iso(START_MS + 100 * i)
    return visits, stream


def figures(visits, stream):
    def row():
        return {"visitors": set(), "sessions": 0, "converting_users": set(), "orders": 0,
                "revenue_cents": 0}

    channels, campaigns = {}, {}
    for channel, campaign, events in visits:
        user = events[0]["user_id"]
        for table, key in ((channels, channel), (campaigns, campaign)):
            r = table.setdefault(key, row())
            r["visitors"].add(user)
            r["sessions"] += 1
            for e in events:
                if e["event_type"] == "purchase":
                    r["converting_users"].add(user)
                    r["orders"] += 1
                    r["revenue_cents"] += round(e["order"]["value"] * 100)

    def flat(table):
        return {k: {"visitors": len(r["visitors"]), "sessions": r["sessions"],
                    "converting_users": len(r["converting_users"]), "orders": r["orders"],
                    "revenue_cents": r["revenue_cents"]} for k, r in table.items()}

    variants = {}
    for e in stream:
        v = variants.setdefault(e["experiment"]["variant"],
                                {"users": set(), "converting_users": set(), "orders": 0,
                                 "revenue_cents": 0})
        v["users"].add(e["user_id"])
        if e["event_type"] == "purchase":
            v["converting_users"].add(e["user_id"])
            v["orders"] += 1
            v["revenue_cents"] += round(e["order"]["value"] * 100)

    # Journeys, in stream order: a move is an event whose page path differs from the session's.
    current, transitions, steps = {}, {}, 0
    for e in stream:
        path = path_of(e["page"])
        session = e["session_id"]
        if session not in current:
            current[session] = path  # every visit here starts with its page view
            continue
        if path != current[session]:
            key = current[session] + " -> " + path
            transitions[key] = transitions.get(key, 0) + 1
            steps += 1
            current[session] = path

    clicks = {}
    for e in stream:
        if e["event_type"] == "click" and e["device"]["browser"] == "Firefox":
            clicks[e["element"]] = clicks.get(e["element"], 0) + 1

    return {
        "channels": flat(channels),
        "campaigns": flat(campaigns),
        "variants": {k: {"users": len(v["users"]), "converting_users": len(v["converting_users"]),
                         "orders": v["orders"], "revenue_cents": v["revenue_cents"]}
                     for k, v in variants.items()},
        "journey_sessions": len(current),
        "journey_steps": steps,
        "transitions": transitions,
        "custom_metric": {"name": "firefox_clicks_by_element", "total": sum(clicks.values()),
                          "groups": clicks},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", default="user-activities")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--metrics-file", required=True)
    args = parser.parse_args()
    with open(args.metrics_file, "w", encoding="utf-8") as out:
        out.write(METRIC_YAML)
    visits, stream = build(args.users, args.seed)
    producer = Producer({"bootstrap.servers": args.brokers, "enable.idempotence": True})
    failed = []
    for e in stream:
        producer.produce(args.topic, key=e["user_id"], value=json.dumps(e),
                         on_delivery=lambda err, _msg: err and failed.append(str(err)))
    producer.flush(30)
    if failed:
        print("delivery failed: %s" % failed[0], file=sys.stderr)
        return 1
    json.dump({"delivered": len(stream), "expected": figures(visits, stream)}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
