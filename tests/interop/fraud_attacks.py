#!/usr/bin/env python3
"""Attacks written by kafka-python (python3-kafka), a client independent of Trackboard, for the
fraud take-over test (tests/tst_kafka_fraud_takeover.cpp), and a reader of the alerts topic.

inject: plays, in real time and with current timestamps, bots (one click every 0.5 s for 36 s:
41 events in a minute is HIGH_VELOCITY) and brute-force logins (a failed login every second
for 12 s, the fifth is BRUTE_FORCE_LOGIN HIGH; then a login from a new address at 14 s, the
take-over, BRUTE_FORCE_LOGIN CRITICAL), each user keyed by user_id with kafka-python's own
partitioner. Prints one JSON object: each user's partition and the alerts it must raise.

alerts: reads the alerts topic from the start until it is quiet and prints one JSON object with
every alert message (alert_id, rule, severity, user_id, event_time).

usage: fraud_attacks.py inject --brokers B --topic T [--bots N] [--brutes N]
       fraud_attacks.py alerts --brokers B --topic T [--quiet-s S]
"""
import argparse
import datetime
import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

LONDON = {"country": "GB", "city": "London", "lat": 51.5074, "lon": -0.1278}
DEVICE = {"type": "desktop", "os": "Linux", "browser": "Firefox"}


def iso(ms):
    when = datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


def plan(bots, brutes, run):
    """(seconds after the start, user, event_type, ip), in time order."""
    steps = []
    for b in range(bots):
        user = "%s-bot-%d" % (run, b)
        steps += [(i * 0.5, user, "click", "198.51.100.%d" % (b + 1)) for i in range(72)]
    for b in range(brutes):
        user = "%s-brute-%d" % (run, b)
        steps += [(float(i), user, "login_failed", "203.0.113.9") for i in range(12)]
        steps.append((14.0, user, "login", "203.0.113.%d" % (b + 100)))
    steps.sort(key=lambda s: s[0])
    return steps


def inject(args):
    producer = KafkaProducer(bootstrap_servers=args.brokers, api_version=(2, 5, 0), acks="all",
                             linger_ms=5)
    start = time.monotonic()
    futures = {}
    for n, (at, user, event_type, ip) in enumerate(plan(args.bots, args.brutes, args.run)):
        delay = start + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)  # real time: the attack is under way while a worker dies
        event = {"event_id": "%s-%06d" % (args.run, n), "event_type": event_type,
                 "timestamp": iso(int(time.time() * 1000)), "user_id": user,
                 "session_id": "sess-" + user, "page": "/login" if "login" in event_type else "/",
                 "ip_address": ip, "geo": LONDON, "device": DEVICE}
        futures[user] = producer.send(args.topic, key=user.encode(),
                                      value=json.dumps(event).encode())
    producer.flush(30)
    users = {}
    for user, future in sorted(futures.items()):
        expected = ([["HIGH_VELOCITY", "HIGH"]] if "-bot-" in user else
                    [["BRUTE_FORCE_LOGIN", "HIGH"], ["BRUTE_FORCE_LOGIN", "CRITICAL"]])
        users[user] = {"partition": future.get(timeout=30).partition, "expected": expected}
    producer.close()
    print(json.dumps({"users": users, "seconds": round(time.monotonic() - start, 1)},
                     sort_keys=True))
    return 0


def alerts(args):
    consumer = KafkaConsumer(bootstrap_servers=args.brokers, api_version=(2, 5, 0),
                             enable_auto_commit=False, fetch_max_wait_ms=10)
    partitions = consumer.partitions_for_topic(args.topic) or set()
    consumer.assign([TopicPartition(args.topic, p) for p in partitions])
    consumer.seek_to_beginning()
    found = []
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < args.quiet_s:
        for records in consumer.poll(timeout_ms=200).values():
            for record in records:
                quiet_since = time.monotonic()
                a = json.loads(record.value)
                found.append({k: a[k] for k in
                              ("alert_id", "rule", "severity", "user_id", "event_time")})
    consumer.close(autocommit=False)
    print(json.dumps({"alerts": found, "partitions": len(partitions)}, sort_keys=True))
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["inject", "alerts"])
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--bots", type=int, default=6)
    parser.add_argument("--brutes", type=int, default=6)
    parser.add_argument("--run", default="takeover")  # prefixes user ids and event ids
    parser.add_argument("--quiet-s", type=float, default=3.0)
    args = parser.parse_args()
    return inject(args) if args.command == "inject" else alerts(args)


if __name__ == "__main__":
    sys.exit(main())
