"""kafka-python peers for tkafka's interop tier (test/reference/kafka-python.test.ts), as in the examples.

Each subcommand talks to a broker and prints JSON lines on stdout, which the test asserts exactly.

  produce BOOTSTRAP TOPIC COUNT [FIRST_ID]
      KafkaProducer with the example's settings (JSON values, UTF-8 keys, acks=all, retries=3,
      batch_size=16384, linger_ms=10, gzip, enable_idempotence=True) and headers; future.get(timeout=10)
      per record, one line per acknowledged record, then {"flushed": COUNT}.
  consume BOOTSTRAP GROUP TOPIC MAX IDLE_MS
      KafkaConsumer(group_id=GROUP, auto_offset_reset='earliest', enable_auto_commit=False, JSON
      values) iterating and calling commit() after each message; one line per record, then a summary
      with the committed offsets. Stops after MAX records, or after IDLE_MS without one.
"""

import json
import sys

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

HEADERS = [("source", b"order-service"), ("version", b"1.0")]


def emit(obj):
    print(json.dumps(obj, separators=(",", ":")), flush=True)


def order(i):
    return {"orderId": i, "customerId": "customer-%d" % (i % 7), "amount": 10 + i + 0.5}


def produce(bootstrap, topic, count, first):
    producer = KafkaProducer(
        bootstrap_servers=[bootstrap],
        client_id="tkafka-kafka-python-peer",
        value_serializer=lambda v: json.dumps(v).encode("utf-8"),
        key_serializer=lambda k: k.encode("utf-8"),
        acks="all",
        retries=3,
        batch_size=16384,
        linger_ms=10,
        compression_type="gzip",
        enable_idempotence=True,
    )
    try:
        for i in range(first, first + count):
            key = "customer-%d" % (i % 7)
            md = producer.send(topic, key=key, value=order(i), headers=HEADERS).get(timeout=10)
            emit({"id": i, "key": key, "topic": md.topic, "partition": md.partition, "offset": md.offset})
        producer.flush()
        emit({"flushed": count})
    finally:
        producer.close()


def text(b):
    return None if b is None else b.decode("utf-8")


def consume(bootstrap, group, topic, limit, idle_ms):
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=[bootstrap],
        client_id="tkafka-kafka-python-peer",
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        value_deserializer=lambda v: json.loads(v.decode("utf-8")),
        consumer_timeout_ms=idle_ms,
    )
    consumed = 0
    try:
        if limit > 0:
            for m in consumer:
                emit({"record": {
                    "topic": m.topic,
                    "partition": m.partition,
                    "offset": m.offset,
                    "timestampType": m.timestamp_type,
                    "key": text(m.key),
                    "value": m.value,
                    "headers": [[k, text(v)] for k, v in m.headers],
                }})
                consumer.commit()
                consumed += 1
                if consumed >= limit:
                    break
        else:
            consumer.poll(timeout_ms=idle_ms)
        parts = sorted(consumer.assignment(), key=lambda tp: tp.partition)
        committed = {str(tp.partition): consumer.committed(tp) for tp in parts}
        emit({"consumed": consumed, "assigned": [tp.partition for tp in parts], "committed": committed})
    finally:
        consumer.close(autocommit=False)


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "produce":
        produce(argv[2], argv[3], int(argv[4]), int(argv[5]) if len(argv) > 5 else 0)
    elif cmd == "consume":
        consume(argv[2], argv[3], argv[4], int(argv[5]), int(argv[6]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
