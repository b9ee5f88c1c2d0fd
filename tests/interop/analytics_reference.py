#!/usr/bin/env python3
"""Produces varied activity events with python3-confluent-kafka (a client Trackboard did not
write) and prints, as one JSON object, the analytics that Trackboard must arrive at for every
window. The aggregates are computed here from the events themselves, in plain Python, from the
definitions in docs/analytics.md (not from Trackboard's code). Used by
tests/tst_analytics_interop.cpp, against a topic with one partition so that the order in which
events arrive, and therefore which of them are late, is the order they were produced in.

usage: analytics_reference.py --brokers HOST:PORT [--topic T] --count N [--seed S]
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
WEIGHTS = [1, 2, 2, 1, 5, 2, 8, 10, 5, 1, 1, 1]  # activity score per type, docs/analytics.md
TYPE_MIX = [30, 14, 8, 10, 8, 3, 6, 5, 2, 6, 3, 2]
PRODUCT_TYPES = {"product_view", "add_to_cart", "remove_from_cart", "checkout", "purchase"}
FUNNEL = ["page_view", "product_view", "add_to_cart", "checkout", "purchase"]
CURRENCIES = ["USD", "USD", "EUR", "GBP"]
PLACES = [("US", "New York"), ("US", "Chicago"), ("DE", "Berlin"), ("FR", "Paris"),
          ("JP", "Tokyo"), ("BR", "São Paulo")]
DEVICES = [("desktop", "Windows", "Chrome"), ("mobile", "Android", "Chrome"),
           ("mobile", "iOS", "Safari"), ("tablet", "iPadOS", "Safari"),
           ("desktop", "macOS", "Firefox")]
START_MS = 1772366400000  # 2026-03-01T12:00:00Z
BUCKET_MS = 10000
LATENESS_MS = 30000
WINDOWS = {"1m": 1, "5m": 5, "15m": 15, "60m": 60}
TOP = 10


def iso(ms):
    when = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def make_event(i, rng):
    event_type = rng.choices(EVENT_TYPES, weights=TYPE_MIX)[0]
    user_number = rng.randrange(80)
    country, city = PLACES[user_number % len(PLACES)]  # a user stays in one place
    kind, os_name, browser = DEVICES[rng.randrange(len(DEVICES))]
    ms = START_MS + 250 * i
    if i % 97 == 50:
        ms -= 300000  # five minutes behind: late
    elif i % 89 == 40:
        ms -= 12000  # twelve seconds behind: within the allowed lateness
    event = {
        "event_id": "ref-%08d" % i,
        "event_type": event_type,
        "timestamp": iso(ms),
        "user_id": "ref-user-%d" % user_number,
        "session_id": "ref-sess-%d-%d" % (user_number, i // 400),
        "page": "/ref/%s/%d" % (event_type, rng.randrange(9)),
        "ip_address": "192.0.2.%d" % (user_number + 1),
        "geo": {"country": country, "city": city, "lat": 1.5, "lon": 2.5},
        "device": {"type": kind, "os": os_name, "browser": browser},
    }
    if event_type in PRODUCT_TYPES:
        price = rng.choice([1999, 4550, 250, 12345])
        event["product"] = {"id": "ref-p-%d" % rng.randrange(13), "name": "Thing",
                            "category": "things", "price": price / 100}
        event["quantity"] = rng.randint(1, 3)
    if event_type == "purchase":
        cents = event["product"]["price"] * 100 * event["quantity"]
        event["order"] = {"id": "ref-o-%d" % i, "value": round(cents) / 100,
                          "currency": rng.choice(CURRENCIES)}
    return event, ms


def top(counts, n=TOP):
    """[(key, value)] highest value first, ties by key."""
    return sorted(((k, v) for k, v in counts.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))[:n]


def aggregate(events, minutes):
    by_type = {name: 0 for name in EVENT_TYPES}
    stage_users = {stage: set() for stage in FUNNEL}
    users, sessions = set(), set()
    revenue, orders = {}, 0
    pages, scores, score_events = {}, {}, {}
    products = {}
    countries, cities = {}, {}
    devices, browsers, systems = {}, {}, {}
    for e, _ms in events:
        kind = e["event_type"]
        user = e["user_id"]
        by_type[kind] += 1
        users.add(user)
        sessions.add(e["session_id"])
        if kind in stage_users:
            stage_users[kind].add(user)
        cents = 0
        if kind == "purchase":
            orders += 1
            cents = round(e["order"]["value"] * 100)
            currency = e["order"]["currency"]
            revenue[currency] = revenue.get(currency, 0) + cents
        if kind == "page_view":
            pages[e["page"]] = pages.get(e["page"], 0) + 1
        scores[user] = scores.get(user, 0) + WEIGHTS[EVENT_TYPES.index(kind)]
        score_events[user] = score_events.get(user, 0) + 1
        if "product" in e:
            p = products.setdefault(e["product"]["id"], {"views": 0, "units": 0, "cents": 0})
            if kind == "product_view":
                p["views"] += 1
            if kind == "purchase":
                p["units"] += max(e["quantity"], 1)
                p["cents"] += cents
        geo = e["geo"]
        for table, key in ((countries, geo["country"]), (cities, (geo["city"], geo["country"]))):
            entry = table.setdefault(key, {"users": set(), "events": 0, "cents": 0})
            entry["users"].add(user)
            entry["events"] += 1
            entry["cents"] += cents
        # A city's place on the map: the smallest (lat, lon) among its events that had one.
        place = (geo.get("lat", 0), geo.get("lon", 0))
        if place != (0, 0):
            entry["place"] = min(entry.get("place", place), place)
        for table, key in ((devices, e["device"]["type"]), (browsers, e["device"]["browser"]),
                           (systems, e["device"]["os"])):
            table[key] = table.get(key, 0) + 1

    def product_list(metric):
        ranked = top({pid: p[metric] for pid, p in products.items()})
        return [{"product_id": pid, "views": products[pid]["views"],
                 "units_sold": products[pid]["units"], "revenue_cents": products[pid]["cents"]}
                for pid, _ in ranked]

    carted = stage_users["add_to_cart"]
    funnel = [len(stage_users[s]) for s in FUNNEL]
    total = sum(revenue.values())
    return {
        "minutes": minutes,
        "events": len(events),
        "events_by_type": by_type,
        "active_users": len(users),
        "active_sessions": len(sessions),
        "distinct_exact": True,
        "funnel": [{"stage": s, "users": funnel[i],
                    "drop_off": 0 if i == 0 else max(0, funnel[i - 1] - funnel[i])}
                   for i, s in enumerate(FUNNEL)],
        "orders": orders,
        "revenue_cents_by_currency": revenue,
        "revenue_cents": total,
        "average_order_value_cents": total // orders if orders else 0,
        "top_pages": [{"page": k, "views": v} for k, v in top(pages)],
        "top_users": [{"user_id": k, "score": v, "events": score_events[k]}
                      for k, v in top(scores)],
        "top_products_by_views": product_list("views"),
        "top_products_by_units": product_list("units"),
        "top_products_by_revenue": product_list("cents"),
        "cart_users": len(carted),
        "abandoned_carts": len(carted - stage_users["purchase"]),
        "countries": [{"country": k, "users": len(v["users"]), "events": v["events"],
                       "revenue_cents": v["cents"]}
                      for k, v in sorted(countries.items(),
                                         key=lambda kv: (-kv[1]["events"], kv[0]))],
        "cities": [{"city": k[0], "country": k[1], "users": len(v["users"]),
                    "events": v["events"], "revenue_cents": v["cents"],
                    "lat": v.get("place", (0, 0))[0], "lon": v.get("place", (0, 0))[1]}
                   for k, v in sorted(cities.items(),
                                      key=lambda kv: (-kv[1]["events"], kv[0][0]))][:200],
        "device_types": [{"name": k, "count": v} for k, v in top(devices, 100)],
        "browsers": [{"name": k, "count": v} for k, v in top(browsers, 100)],
        "operating_systems": [{"name": k, "count": v} for k, v in top(systems, 100)],
    }


def run_starts(on_time):
    """Per user, per funnel stage: the bucket where their latest in-order run from a page view
    to that stage starts (stage 0: the latest page view), as the sequential funnel counts."""
    runs = {}
    for e, ms in on_time:
        if e["event_type"] not in FUNNEL:
            continue
        k = FUNNEL.index(e["event_type"])
        bucket = ms // BUCKET_MS
        r = runs.setdefault(e["user_id"], [None] * len(FUNNEL))
        if k == 0:
            r[0] = bucket if r[0] is None else max(r[0], bucket)
        elif r[k - 1] is not None and r[k - 1] <= bucket and (r[k] is None or r[k - 1] > r[k]):
            r[k] = r[k - 1]
    return runs


def funnel_steps(window, runs, first):
    """The sequential funnel of a window whose buckets start at `first` (None: all time)."""
    users = [window["funnel"][0]["users"]]
    for k in range(1, len(FUNNEL)):
        ran = sum(1 for r in runs.values()
                  if r[k] is not None and (first is None or r[k] >= first))
        users.append(min(users[-1], ran))
    return [{"stage": s, "users": users[i]} for i, s in enumerate(FUNNEL)]


def expected_windows(events):
    watermark = None
    on_time, late = [], 0
    for e, ms in events:
        if watermark is None or ms > watermark:
            watermark = ms
        if ms < watermark - LATENESS_MS:
            late += 1
        else:
            on_time.append((e, ms))
    last_bucket = watermark // BUCKET_MS
    runs = run_starts(on_time)
    windows = {"all": aggregate(events, 0)}
    windows["all"]["funnel_steps"] = funnel_steps(windows["all"], runs, None)
    for name, minutes in WINDOWS.items():
        first = last_bucket - minutes * 6 + 1
        windows[name] = aggregate([(e, ms) for e, ms in on_time if ms // BUCKET_MS >= first],
                                  minutes)
        windows[name]["funnel_steps"] = funnel_steps(windows[name], runs, first)
    return {"late": late, "watermark_ms": watermark, "windows": windows}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", default="user-activities")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=77)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    events = [make_event(i, rng) for i in range(args.count)]
    producer = Producer({"bootstrap.servers": args.brokers, "linger.ms": 5,
                         "enable.idempotence": True})
    outcome = {"delivered": 0, "failed": 0}

    def on_delivery(error, _message):
        outcome["failed" if error else "delivered"] += 1

    for event, _ms in events:
        producer.produce(args.topic, key=event["user_id"].encode(),
                         value=json.dumps(event, ensure_ascii=False).encode(),
                         on_delivery=on_delivery)
        producer.poll(0)
    remaining = producer.flush(30)
    if remaining or outcome["delivered"] != args.count:
        print("analytics_reference.py: delivered %d of %d, failed %d, %d still queued"
              % (outcome["delivered"], args.count, outcome["failed"], remaining), file=sys.stderr)
        return 1
    print(json.dumps({"delivered": outcome["delivered"], "expected": expected_windows(events)},
                     ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
