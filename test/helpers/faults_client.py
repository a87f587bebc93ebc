# A non-Node client against tkafka's fault injection endpoint (test/integration/faults-http.test.ts):
# arms faults over HTTP with urllib, then produces idempotently and consumes in a group with
# confluent-kafka (librdkafka), and prints one JSON line with what it saw.
# Usage: faults_client.py BOOTSTRAP FAULTS_URL TOPIC COUNT
import json
import sys
import time
import urllib.request

from confluent_kafka import Consumer, Producer


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(req, timeout=10) as res:
        return res.status, json.loads(res.read())


def main():
    bootstrap, faults, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    out = {"armed": []}
    out["armed"].append(post(faults, {"type": "error", "api": "Produce", "count": 2, "error": "NOT_LEADER_OR_FOLLOWER", "topics": [topic]}))
    out["armed"].append(post(faults, {"type": "error", "api": "FindCoordinator", "count": 2, "error": "COORDINATOR_LOAD_IN_PROGRESS"}))

    errors = []
    p = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "client.id": "py-faults", "retry.backoff.ms": 50})
    for i in range(count):
        p.produce(topic, value=f"py{i}".encode(), on_delivery=lambda err, msg: errors.append(str(err)) if err is not None else None)
        p.flush(30)
    out["delivery_errors"] = errors

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "py-faults-group", "client.id": "py-faults", "auto.offset.reset": "earliest", "enable.partition.eof": False})
    c.subscribe([topic])
    seen = []
    deadline = time.time() + 30
    while len(seen) < count and time.time() < deadline:
        m = c.poll(0.2)
        if m is None or m.error() is not None:
            continue
        seen.append(m.value().decode())
    c.close()
    out["seen"] = seen
    print(json.dumps(out), flush=True)


main()
