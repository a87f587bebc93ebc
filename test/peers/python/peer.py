"""Python peers for tkafka's interop tier (test/reference/python-clients.test.ts).

Each subcommand talks to a broker and prints JSON lines on stdout, which the test asserts exactly.

  produce BOOTSTRAP TOPIC COUNT [FIRST_ID]
      aiokafka AIOKafkaProducer (acks=all, enable_idempotence=True): keyed orders with headers,
      one line per acknowledged record, then {"flushed": COUNT}.
  consume BOOTSTRAP GROUP TOPIC MAX IDLE_MS
      aiokafka AIOKafkaConsumer in GROUP (auto_offset_reset=earliest, enable_auto_commit=False),
      committing after every batch; one line per record, then a summary with the committed offsets.
      Stops after MAX records, or after IDLE_MS without records once partitions are assigned.
  kip848 BOOTSTRAP GROUP TOPIC PARTITIONS RECORDS
      librdkafka (confluent-kafka) with group.protocol=consumer: consumer "first" joins alone, "second"
      joins, both read and commit (synchronously, offset + 1) until RECORDS records are read, the group
      is described with the AdminClient, "second" leaves, "first" gets every partition back and leaves.
      One line per record, one per step with the assignments, then the committed offsets.
"""

import asyncio
import json
import sys
import time

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

HEADERS = [("source", b"order-service"), ("version", b"1.0")]


def emit(obj):
    print(json.dumps(obj, separators=(",", ":")), flush=True)


def order_value(i):
    return '{"orderId":%d,"customerId":"customer-%d","amount":%d.5}' % (i, i % 7, 10 + i)


async def produce(bootstrap, topic, count, first):
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id="tkafka-python-peer",
        acks="all",
        enable_idempotence=True,
        linger_ms=10,
    )
    await producer.start()
    try:
        futures = []
        for i in range(first, first + count):
            key = "customer-%d" % (i % 7)
            fut = await producer.send(topic, key=key.encode(), value=order_value(i).encode(), headers=HEADERS)
            futures.append((i, key, fut))
        await producer.flush()
        for i, key, fut in futures:
            md = await fut
            emit({"id": i, "key": key, "topic": md.topic, "partition": md.partition, "offset": md.offset})
        emit({"flushed": count})
    finally:
        await producer.stop()


def text(b):
    return None if b is None else b.decode("utf-8")


async def consume(bootstrap, group, topic, limit, idle_ms):
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        client_id="tkafka-python-peer",
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    consumed = 0
    try:
        deadline = time.monotonic() + 30
        while not consumer.assignment():
            if time.monotonic() > deadline:
                raise RuntimeError("no partitions assigned within 30 s")
            await asyncio.sleep(0.05)
        idle_since = time.monotonic()
        while consumed < limit:
            batches = await consumer.getmany(timeout_ms=200, max_records=limit - consumed)
            if not batches:
                if (time.monotonic() - idle_since) * 1000 >= idle_ms:
                    break
                continue
            idle_since = time.monotonic()
            for tp, msgs in sorted(batches.items(), key=lambda kv: kv[0].partition):
                for m in msgs:
                    emit({"record": {
                        "topic": m.topic,
                        "partition": m.partition,
                        "offset": m.offset,
                        "timestamp": m.timestamp,
                        "timestampType": m.timestamp_type,
                        "key": text(m.key),
                        "value": text(m.value),
                        "headers": [[k, text(v)] for k, v in m.headers],
                    }})
                    consumed += 1
            await consumer.commit()
        parts = sorted(consumer.assignment(), key=lambda tp: tp.partition)
        committed = {}
        for tp in parts:
            committed[str(tp.partition)] = await consumer.committed(tp)
        emit({"consumed": consumed, "assigned": [tp.partition for tp in parts], "committed": committed})
    finally:
        await consumer.stop()


def kip848(bootstrap, group, topic, partitions, total):
    from confluent_kafka import Consumer, TopicPartition as TP
    from confluent_kafka.admin import AdminClient

    def consumer(client_id):
        c = Consumer({
            "bootstrap.servers": bootstrap,
            "group.id": group,
            "group.protocol": "consumer",
            "client.id": client_id,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
        })
        c.subscribe([topic])
        return c

    read = [0]

    def owned(c):
        return sorted(tp.partition for tp in c.assignment())

    def poll_until(what, done, *consumers):
        deadline = time.time() + 60
        while not done():
            if time.time() > deadline:
                raise RuntimeError("timed out waiting for " + what)
            for c in consumers:
                m = c.poll(0.1)
                if m is None or m.error() is not None:
                    continue
                emit({"record": {"partition": m.partition(), "offset": m.offset(), "key": text(m.key()), "value": text(m.value())}})
                read[0] += 1
                c.commit(offsets=[TP(m.topic(), m.partition(), m.offset() + 1)], asynchronous=False)

    admin = AdminClient({"bootstrap.servers": bootstrap})
    first = consumer("first")
    poll_until("first to own every partition", lambda: len(first.assignment()) == partitions, first)
    emit({"step": "first-alone", "first": owned(first)})
    second = consumer("second")
    poll_until("the partitions to be split",
               lambda: len(second.assignment()) > 0 and len(first.assignment()) + len(second.assignment()) == partitions, first, second)
    emit({"step": "both", "first": owned(first), "second": owned(second)})
    poll_until("every record", lambda: read[0] >= total, first, second)
    d = admin.describe_consumer_groups([group])[group].result(30)
    members = sorted(({"client_id": m.client_id, "assignment": sorted(tp.partition for tp in m.assignment.topic_partitions)} for m in d.members),
                     key=lambda m: m["client_id"])
    emit({"step": "described", "state": d.state.name, "type": d.type.name, "members": members})
    second.close()
    poll_until("first to own every partition again", lambda: len(first.assignment()) == partitions, first)
    emit({"step": "second-left", "first": owned(first)})
    committed = {str(tp.partition): tp.offset for tp in first.committed([TP(topic, p) for p in range(partitions)], timeout=30)}
    first.close()
    emit({"step": "done", "read": read[0], "committed": committed})


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "produce":
        asyncio.run(produce(argv[2], argv[3], int(argv[4]), int(argv[5]) if len(argv) > 5 else 0))
    elif cmd == "consume":
        asyncio.run(consume(argv[2], argv[3], argv[4], int(argv[5]), int(argv[6])))
    elif cmd == "kip848":
        kip848(argv[2], argv[3], argv[4], int(argv[5]), int(argv[6]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
