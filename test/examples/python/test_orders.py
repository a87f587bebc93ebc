"""Example: a confluent-kafka (librdkafka) producer recovers from injected NOT_LEADER_OR_FOLLOWER
errors with idempotence on: every record exactly once, in order."""
import json
import urllib.request
import uuid

from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as res:
        return json.load(res)


def test_produce_recovers_from_not_leader(tkafka):
    topic = "orders-" + uuid.uuid4().hex[:8]
    admin = AdminClient({"bootstrap.servers": tkafka["bootstrap"]})
    admin.create_topics([NewTopic(topic, num_partitions=1)])[topic].result(timeout=30)

    fault = post(tkafka["faults"], {"type": "error", "api": "Produce", "error": "NOT_LEADER_OR_FOLLOWER",
                                    "count": 2, "topics": [topic]})

    producer = Producer({"bootstrap.servers": tkafka["bootstrap"], "enable.idempotence": True,
                         "linger.ms": 0, "retry.backoff.ms": 50})
    delivered = []
    values = [f"o-{i}" for i in range(1, 6)]
    for value in values:
        producer.produce(topic, key=b"k", value=value.encode(),
                         on_delivery=lambda err, msg: delivered.append((err, msg.offset())))
        producer.flush(30)
    assert [err for err, _ in delivered] == [None] * 5

    with urllib.request.urlopen(tkafka["faults"]) as res:
        faults = json.load(res)
    hit = next(f for f in faults["active"] + faults["past"] if f["id"] == fault["id"])
    assert [h["api"] for h in hit["hits"]] == ["Produce", "Produce"]

    consumer = Consumer({"bootstrap.servers": tkafka["bootstrap"], "group.id": "reader-" + topic,
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    seen = []
    for _ in range(300):
        if len(seen) == len(values):
            break
        msg = consumer.poll(0.1)
        if msg is not None and msg.error() is None:
            seen.append((msg.offset(), msg.value().decode()))
    consumer.close()
    assert seen == list(enumerate(values))
