"""One secured Kafka client in Python for tkafka's security matrix (test/helpers/python-client.ts).

  security_client.py CLIENT OP SPEC_JSON

CLIENT is confluent-kafka (librdkafka) or kafka-python; OP is:
  roundtrip  produce SPEC.records (key, value, headers) to partition 0 of SPEC.topic, then read
             partition 0 back from offset 0 until as many records came (assign, no group); prints
             {"delivered": [[partition, offset], ...]} and {"consumed": [record, ...]}.
  fail       produce one record and print the first error the client reports as
             {"error": {"type": ..., "message": ...}}, or {"delivered": ...} if it succeeded.
SPEC.security is {protocol, ca, mechanism?, username?, password?, cert?, key?}. Byte strings travel
as UTF-8 text. Every outcome is a JSON line on stdout; nothing is retried here.
"""

import json
import logging
import os
import sys
import time


def emit(obj):
    print(json.dumps(obj, separators=(",", ":"), ensure_ascii=False), flush=True)


def text(b):
    return None if b is None else b.decode("utf-8")


def headers_of(hs):
    return [[k, text(v)] for k, v in (hs or [])]


# --- confluent-kafka (librdkafka) ------------------------------------------------------------


def confluent_conf(spec, errors):
    s = spec["security"]
    conf = {
        "bootstrap.servers": spec["bootstrap"],
        "security.protocol": s["protocol"],
        "ssl.ca.location": s["ca"],
        # A failure surfaces once instead of being retried until a timeout.
        "reconnect.backoff.ms": 100,
        "error_cb": lambda e: errors.append(e),
    }
    if "mechanism" in s:
        conf["sasl.mechanisms"] = s["mechanism"]
        if s["mechanism"] == "OAUTHBEARER":
            conf["enable.sasl.oauthbearer.unsecure.jwt"] = True
            conf["sasl.oauthbearer.config"] = "principal=%s" % s["username"]
        else:
            conf["sasl.username"] = s["username"]
            conf["sasl.password"] = s["password"]
    if "cert" in s:
        conf["ssl.certificate.location"] = s["cert"]
        conf["ssl.key.location"] = s["key"]
    return conf


def confluent_produce(spec, records, errors):
    from confluent_kafka import Producer

    producer = Producer(dict(confluent_conf(spec, errors), **{"message.timeout.ms": spec.get("timeoutMs", 20000)}))
    delivered = []
    failed = []

    def report(err, msg):
        if err is not None:
            failed.append(err)
        else:
            delivered.append([msg.partition(), msg.offset()])

    for r in records:
        hs = [(k, None if v is None else v.encode("utf-8")) for k, v in r["headers"]]
        producer.produce(spec["topic"], key=r["key"].encode("utf-8"), value=r["value"].encode("utf-8"), headers=hs, partition=0, on_delivery=report)
    producer.flush(spec.get("timeoutMs", 20000) / 1000 + 5)
    return delivered, failed


def confluent_error(e):
    return {"type": e.name(), "message": e.str()}


def confluent_roundtrip(spec):
    from confluent_kafka import Consumer, TopicPartition

    errors = []
    delivered, failed = confluent_produce(spec, spec["records"], errors)
    emit({"delivered": delivered})
    if failed:
        emit({"error": confluent_error(failed[0])})
        return
    conf = confluent_conf(spec, errors)
    conf.update({"group.id": "unused", "enable.auto.commit": False})
    consumer = Consumer(conf)
    consumer.assign([TopicPartition(spec["topic"], 0, 0)])
    got = []
    deadline = time.monotonic() + 30
    while len(got) < len(spec["records"]) and time.monotonic() < deadline:
        m = consumer.poll(1.0)
        if m is None or m.error() is not None:
            continue
        got.append({"partition": m.partition(), "offset": m.offset(), "key": text(m.key()), "value": text(m.value()), "headers": headers_of(m.headers())})
    consumer.close()
    emit({"consumed": got})


def confluent_fail(spec):
    from confluent_kafka import Producer

    errors = []
    delivered = []

    def report(err, msg):
        if err is not None:
            errors.append(err)
        else:
            delivered.append([msg.partition(), msg.offset()])

    producer = Producer(dict(confluent_conf(spec, errors), **{"message.timeout.ms": 10000}))
    producer.produce(spec["topic"], key=b"k", value=b"v", partition=0, on_delivery=report)
    # A connection-level error (authentication, TLS) comes through error_cb while the message waits;
    # the first error either way is what the application is told.
    deadline = time.monotonic() + 15
    while not errors and not delivered and time.monotonic() < deadline:
        producer.poll(0.05)
    emit({"error": confluent_error(errors[0])} if errors else {"delivered": delivered})
    producer.purge()


# --- kafka-python ------------------------------------------------------------------------------


def kafka_python_conf(spec):
    s = spec["security"]
    conf = {
        "bootstrap_servers": [spec["bootstrap"]],
        "security_protocol": s["protocol"],
        "ssl_cafile": s["ca"],
        "request_timeout_ms": 10000,
    }
    if "mechanism" in s:
        conf["sasl_mechanism"] = s["mechanism"]
        conf["sasl_plain_username"] = s["username"]
        conf["sasl_plain_password"] = s["password"]
    if "cert" in s:
        conf["ssl_certfile"] = s["cert"]
        conf["ssl_keyfile"] = s["key"]
    return conf


def kafka_python_roundtrip(spec):
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition

    producer = KafkaProducer(**kafka_python_conf(spec))
    futures = []
    for r in spec["records"]:
        hs = [(k, None if v is None else v.encode("utf-8")) for k, v in r["headers"]]
        futures.append(producer.send(spec["topic"], key=r["key"].encode("utf-8"), value=r["value"].encode("utf-8"), headers=hs, partition=0))
    producer.flush()
    delivered = []
    for f in futures:
        md = f.get(timeout=10)
        delivered.append([md.partition, md.offset])
    producer.close()
    emit({"delivered": delivered})
    consumer = KafkaConsumer(**kafka_python_conf(spec), enable_auto_commit=False, consumer_timeout_ms=10000)
    tp = TopicPartition(spec["topic"], 0)
    consumer.assign([tp])
    consumer.seek(tp, 0)
    got = []
    for m in consumer:
        got.append({"partition": m.partition, "offset": m.offset, "key": text(m.key), "value": text(m.value), "headers": headers_of(m.headers)})
        if len(got) == len(spec["records"]):
            break
    consumer.close()
    emit({"consumed": got})


class FirstFailure(logging.Handler):
    """Ends the process at the first bootstrap failure that says why (see kafka_python_fail)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.dropped = 0

    def emit(self, record):
        message = record.getMessage()
        if not message.startswith("Bootstrap connection to "):
            return
        if message.endswith("KafkaConnectionError: socket disconnected (backoff %s)" % message.rsplit("(backoff ", 1)[-1][:-1]):
            self.dropped += 1
            return
        emit({"error": {"type": "logged", "message": message}, "dropped": self.dropped})
        os._exit(0)


def kafka_python_fail(spec):
    from kafka import KafkaProducer

    # A connection failure reaches the application only as KafkaTimeoutError once bootstrap gives up;
    # why it failed is in kafka-python's log, one line per attempt. That line is the outcome. When the
    # broker's answer and its close arrive in one read, kafka-python drops the answer and logs
    # "socket disconnected" instead; those attempts are counted, and the next one is awaited.
    first = FirstFailure()
    logging.getLogger("kafka").addHandler(first)
    try:
        producer = KafkaProducer(**kafka_python_conf(spec), bootstrap_timeout_ms=20000, max_block_ms=10000)
        md = producer.send(spec["topic"], key=b"k", value=b"v", partition=0).get(timeout=10)
        producer.close()
        emit({"delivered": [[md.partition, md.offset]]})
    except Exception as e:  # the exception kafka-python raises to the application is the outcome
        emit({"error": {"type": type(e).__name__, "message": str(e)}, "dropped": first.dropped})


def main():
    client, op, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    ops = {
        ("confluent-kafka", "roundtrip"): confluent_roundtrip,
        ("confluent-kafka", "fail"): confluent_fail,
        ("kafka-python", "roundtrip"): kafka_python_roundtrip,
        ("kafka-python", "fail"): kafka_python_fail,
    }
    ops[(client, op)](spec)


if __name__ == "__main__":
    main()
