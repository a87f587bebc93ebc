"""Confluent's own Python serializers against tkafka's broker and registry (issue #18).

  produce BOOTSTRAP REGISTRY TOPIC FORMAT SCHEMA_FILE VALUES_JSON
      writes each value of the JSON array with confluent-kafka's AvroSerializer, ProtobufSerializer
      (message demo.User, built from a descriptor: no protoc) or JSONSerializer; auto-registers.
  consume BOOTSTRAP REGISTRY TOPIC FORMAT SCHEMA_FILE COUNT
      reads COUNT records from the start with the matching deserializer and prints one JSON line per
      value: {"value": ...} (Avro bytes as latin-1 text, Protobuf through MessageToDict with the
      .proto field names).
"""
import json
import sys

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.json_format import MessageToDict, ParseDict


def user_class():
    """demo.User {string name = 1; int64 id = 2; repeated string tags = 3;} as a runtime class."""
    f = descriptor_pb2.FileDescriptorProto(name="user.proto", package="demo", syntax="proto3")
    m = f.message_type.add(name="User")
    F = descriptor_pb2.FieldDescriptorProto
    m.field.add(name="name", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL, json_name="name")
    m.field.add(name="id", number=2, type=F.TYPE_INT64, label=F.LABEL_OPTIONAL, json_name="id")
    m.field.add(name="tags", number=3, type=F.TYPE_STRING, label=F.LABEL_REPEATED, json_name="tags")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("demo.User"))


def plain(v):
    if isinstance(v, bytes):
        return v.decode("latin-1")
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def main():
    mode, bootstrap, registry_url, topic, fmt, schema_file = sys.argv[1:7]
    registry = SchemaRegistryClient({"url": registry_url})
    schema = open(schema_file).read()
    ctx = SerializationContext(topic, MessageField.VALUE)
    if mode == "produce":
        values = json.loads(sys.argv[7])
        if fmt == "avro":
            ser = AvroSerializer(registry, schema)
        elif fmt == "json":
            ser = JSONSerializer(schema, registry)
        else:
            cls = user_class()
            ser = ProtobufSerializer(cls, registry, {"use.deprecated.format": False})
            values = [ParseDict(v, cls()) for v in values]
        p = Producer({"bootstrap.servers": bootstrap})
        for v in values:
            if fmt == "avro":
                # The JSON test values carry bytes as latin-1 text.
                v = {k: (x.encode("latin-1") if k == "raw" else x) for k, x in v.items()}
            p.produce(topic, value=ser(v, ctx))
        p.flush(30)
        print(json.dumps({"produced": len(values)}), flush=True)
        return
    count = int(sys.argv[7])
    if fmt == "avro":
        de = AvroDeserializer(registry)
    elif fmt == "json":
        de = JSONDeserializer(schema, schema_registry_client=registry)
    else:
        de = ProtobufDeserializer(user_class(), {"use.deprecated.format": False})
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "schema-peer-" + topic, "auto.offset.reset": "earliest", "enable.auto.commit": False})
    c.subscribe([topic])
    got = 0
    while got < count:
        m = c.poll(10)
        if m is None:
            print(json.dumps({"error": "no record within 10 s"}), flush=True)
            break
        if m.error():
            continue
        v = de(m.value(), ctx)
        if fmt == "protobuf":
            v = MessageToDict(v, preserving_proto_field_name=True)
        print(json.dumps({"value": plain(v)}), flush=True)
        got += 1
    c.close()


main()
