package tkafka.peers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * AdminClient against the broker, one JSON line per check ({"check":name, ...}); a check that throws
 * prints {"check":name,"error":...} and the program goes on. Uses its own topics and groups named after
 * the prefix argument. Args: bootstrap prefix.
 */
public final class AdminChecks {
  private static Admin admin;
  private static String bootstrap;
  private static int failed;

  interface Check {
    Map<String, Object> run() throws Exception;
  }

  static void check(String name, Check c) {
    try {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("check", name);
      out.putAll(c.run());
      System.out.println(Json.write(out));
    } catch (Exception e) {
      failed++;
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("check", name);
      out.putAll(Json.error(e));
      System.out.println(Json.write(out));
    }
    System.out.flush();
  }

  static Map<String, Object> expectError(Callable<?> c) {
    try {
      c.call();
      return Json.obj("error", null);
    } catch (Exception e) {
      return Json.error(e);
    }
  }

  static Map<String, Object> entry(ConfigEntry e) {
    return Json.obj("value", e.value(), "source", e.source().name(), "readOnly", e.isReadOnly(), "sensitive", e.isSensitive());
  }

  static Map<String, Object> offsets(String topic, int partitions, OffsetSpec spec) throws Exception {
    Map<TopicPartition, OffsetSpec> req = new HashMap<>();
    for (int p = 0; p < partitions; p++) req.put(new TopicPartition(topic, p), spec);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> res = admin.listOffsets(req).all().get();
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : res.entrySet()) out.put(String.valueOf(e.getKey().partition()), List.of(e.getValue().offset(), e.getValue().timestamp()));
    return out;
  }

  static KafkaProducer<String, String> producer(String txnId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    if (txnId != null) p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txnId);
    return new KafkaProducer<>(p);
  }

  static KafkaConsumer<String, String> consumer(String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }

  static Map<String, Object> groupOffsets(String group) throws Exception {
    Map<String, Object> out = new TreeMap<>();
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) out.put(e.getKey().topic() + ":" + e.getKey().partition(), e.getValue() == null ? null : e.getValue().offset());
    return out;
  }

  static Map<String, Object> describeGroup(String group) throws Exception {
    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    List<Object> members = new ArrayList<>();
    for (MemberDescription m : d.members()) {
      List<String> tps = new ArrayList<>();
      for (TopicPartition tp : m.assignment().topicPartitions()) tps.add(tp.topic() + ":" + tp.partition());
      java.util.Collections.sort(tps);
      members.add(Json.obj("clientId", m.clientId(), "host", m.host(), "assignment", tps));
    }
    @SuppressWarnings("deprecation")
    String state = d.state().toString();
    return Json.obj("state", state, "protocolType", d.isSimpleConsumerGroup() ? "" : "consumer", "assignor", d.partitionAssignor(), "coordinator", d.coordinator().id(), "members", members);
  }

  @SuppressWarnings("deprecation")
  static Set<String> listGroups() throws Exception {
    Set<String> out = new TreeSet<>();
    for (ConsumerGroupListing l : admin.listConsumerGroups().all().get()) out.add(l.groupId());
    return out;
  }

  public static void main(String[] args) throws Exception {
    bootstrap = args[0];
    String prefix = args[1];
    Properties ap = new Properties();
    ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    admin = Admin.create(ap);
    String topic = prefix + "-admin";
    String group = prefix + "-admin-group";

    check("describeCluster", () -> {
      DescribeClusterResult r = admin.describeCluster();
      List<Object> nodes = new ArrayList<>();
      for (Node n : r.nodes().get()) nodes.add(Json.obj("id", n.id(), "host", n.host(), "port", n.port(), "rack", n.rack()));
      return Json.obj("clusterId", r.clusterId().get(), "controller", r.controller().get().id(), "nodes", nodes);
    });

    check("createTopics", () -> {
      NewTopic t = new NewTopic(topic, 3, (short) 1).configs(Map.of("retention.ms", "86400000", "cleanup.policy", "delete"));
      admin.createTopics(List.of(t)).all().get();
      Map<String, Object> dup = expectError(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get());
      Map<String, Object> badRf = expectError(() -> admin.createTopics(List.of(new NewTopic(prefix + "-rf3", 1, (short) 3))).all().get());
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      return Json.obj("partitions", d.partitions().size(), "leaders", d.partitions().stream().map(p -> p.leader().id()).toList(), "duplicate", dup, "replicationFactor3", badRf);
    });

    ConfigResource topicRes = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    check("describeConfigs topic", () -> {
      Config c = admin.describeConfigs(List.of(topicRes)).all().get().get(topicRes);
      Map<String, Object> picked = new TreeMap<>();
      for (String k : List.of("retention.ms", "cleanup.policy", "segment.bytes", "max.message.bytes", "min.insync.replicas", "compression.type", "message.timestamp.type")) picked.put(k, entry(c.get(k)));
      Set<String> names = new TreeSet<>();
      for (ConfigEntry e : c.entries()) names.add(e.name());
      return Json.obj("count", c.entries().size(), "names", names, "entries", picked);
    });

    check("incrementalAlterConfigs topic", () -> {
      Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(topicRes, List.of(
          new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET),
          new AlterConfigOp(new ConfigEntry("cleanup.policy", null), AlterConfigOp.OpType.DELETE),
          new AlterConfigOp(new ConfigEntry("max.message.bytes", "2000000"), AlterConfigOp.OpType.SET)));
      admin.incrementalAlterConfigs(ops).all().get();
      Map<String, Object> bad = expectError(() -> admin.incrementalAlterConfigs(Map.of(topicRes, List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)))).all().get());
      Map<String, Object> unknown = expectError(() -> admin.incrementalAlterConfigs(Map.of(topicRes, List.of(new AlterConfigOp(new ConfigEntry("no.such.config", "1"), AlterConfigOp.OpType.SET)))).all().get());
      Config c = admin.describeConfigs(List.of(topicRes)).all().get().get(topicRes);
      return Json.obj("retention.ms", entry(c.get("retention.ms")), "cleanup.policy", entry(c.get("cleanup.policy")), "max.message.bytes", entry(c.get("max.message.bytes")), "badValue", bad, "unknownKey", unknown);
    });

    check("describeConfigs broker", () -> {
      String id = String.valueOf(admin.describeCluster().controller().get().id());
      ConfigResource res = new ConfigResource(ConfigResource.Type.BROKER, id);
      Config c = admin.describeConfigs(List.of(res)).all().get().get(res);
      Map<String, Object> picked = new TreeMap<>();
      for (String k : List.of("num.partitions", "auto.create.topics.enable", "log.retention.hours", "log.segment.bytes", "message.max.bytes", "default.replication.factor", "offsets.topic.num.partitions", "transaction.max.timeout.ms", "group.initial.rebalance.delay.ms")) {
        ConfigEntry e = c.get(k);
        picked.put(k, e == null ? null : entry(e));
      }
      Set<String> names = new TreeSet<>();
      for (ConfigEntry e : c.entries()) names.add(e.name());
      return Json.obj("count", c.entries().size(), "names", names, "entries", picked);
    });

    check("incrementalAlterConfigs broker", () -> {
      String id = String.valueOf(admin.describeCluster().controller().get().id());
      ConfigResource res = new ConfigResource(ConfigResource.Type.BROKER, id);
      Map<String, Object> set = expectError(() -> admin.incrementalAlterConfigs(Map.of(res, List.of(new AlterConfigOp(new ConfigEntry("log.cleaner.threads", "2"), AlterConfigOp.OpType.SET)))).all().get());
      ConfigEntry after = admin.describeConfigs(List.of(res)).all().get().get(res).get("log.cleaner.threads");
      return Json.obj("set", set, "after", after == null ? null : entry(after));
    });

    // Records with chosen timestamps in partition 0: 1000, 5000, 3000, then two more at 2000 and 4000.
    long[] stamps = {1000, 5000, 3000, 2000, 4000};
    check("produce with timestamps", () -> {
      List<Object> out = new ArrayList<>();
      try (KafkaProducer<String, String> p = producer(null)) {
        for (int i = 0; i < stamps.length; i++) {
          RecordMetadata md = p.send(new ProducerRecord<>(topic, 0, stamps[i], "k" + i, "v" + i)).get();
          out.add(List.of(md.partition(), md.offset(), md.timestamp()));
        }
      }
      return Json.obj("acks", out);
    });

    check("listOffsets", () -> Json.obj(
        "earliest", offsets(topic, 3, OffsetSpec.earliest()),
        "latest", offsets(topic, 3, OffsetSpec.latest()),
        "forTimestamp2500", offsets(topic, 1, OffsetSpec.forTimestamp(2500)),
        "forTimestamp5000", offsets(topic, 1, OffsetSpec.forTimestamp(5000)),
        "forTimestamp9999", offsets(topic, 1, OffsetSpec.forTimestamp(9999)),
        "maxTimestamp", offsets(topic, 3, OffsetSpec.maxTimestamp())));

    check("describeProducers", () -> {
      TopicPartition tp0 = new TopicPartition(topic, 0);
      List<ProducerState> states = admin.describeProducers(List.of(tp0)).partitionResult(tp0).get().activeProducers();
      List<Object> out = new ArrayList<>();
      for (ProducerState s : states) out.add(Json.obj("epoch", s.producerEpoch(), "lastSequence", s.lastSequence(), "lastTimestamp", s.lastTimestamp(), "txnStartOffset", s.currentTransactionStartOffset().isPresent() ? s.currentTransactionStartOffset().getAsLong() : null));
      return Json.obj("producers", out);
    });

    check("transactions", () -> {
      String done = prefix + "-txn-done";
      String open = prefix + "-txn-open";
      try (KafkaProducer<String, String> p1 = producer(done); KafkaProducer<String, String> p2 = producer(open)) {
        p1.initTransactions();
        p1.beginTransaction();
        p1.send(new ProducerRecord<>(topic, 1, "t", "committed")).get();
        p1.commitTransaction();
        p2.initTransactions();
        p2.beginTransaction();
        RecordMetadata md = p2.send(new ProducerRecord<>(topic, 1, "t", "open")).get();
        Map<String, Object> listed = new TreeMap<>();
        for (TransactionListing l : admin.listTransactions().all().get()) {
          if (l.transactionalId().startsWith(prefix + "-txn-")) listed.put(l.transactionalId(), l.state().toString());
        }
        TopicPartition tp1 = new TopicPartition(topic, 1);
        List<Object> producers = new ArrayList<>();
        for (ProducerState s : admin.describeProducers(List.of(tp1)).partitionResult(tp1).get().activeProducers()) producers.add(Json.obj("lastSequence", s.lastSequence(), "txnStartOffset", s.currentTransactionStartOffset().isPresent() ? s.currentTransactionStartOffset().getAsLong() : null));
        var described = admin.describeTransactions(List.of(open)).description(open).get();
        Map<String, Object> lso = offsets(topic, 2, OffsetSpec.latest());
        p2.abortTransaction();
        return Json.obj("listed", listed, "openOffset", md.offset(), "producersP1", producers, "describeOpen", Json.obj("state", described.state().toString(), "partitions", described.topicPartitions().stream().map(tp -> tp.topic() + ":" + tp.partition()).toList(), "timeoutMs", described.transactionTimeoutMs()), "latestWhileOpen", lso);
      }
    });

    check("deleteRecords", () -> {
      TopicPartition tp0 = new TopicPartition(topic, 0);
      long low = admin.deleteRecords(Map.of(tp0, RecordsToDelete.beforeOffset(2))).lowWatermarks().get(tp0).get().lowWatermark();
      Map<String, Object> beyond = expectError(() -> admin.deleteRecords(Map.of(tp0, RecordsToDelete.beforeOffset(99))).all().get());
      return Json.obj("lowWatermark", low, "earliest", offsets(topic, 1, OffsetSpec.earliest()), "beyondEnd", beyond);
    });

    check("createPartitions", () -> {
      admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all().get();
      Map<String, Object> fewer = expectError(() -> admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get());
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      return Json.obj("partitions", d.partitions().size(), "fewer", fewer, "latest", offsets(topic, 5, OffsetSpec.latest()));
    });

    check("consumer groups", () -> {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      try (KafkaConsumer<String, String> c = consumer(group)) {
        c.subscribe(List.of(topic));
        long deadline = System.currentTimeMillis() + 20_000;
        while (c.assignment().isEmpty() && System.currentTimeMillis() < deadline) c.poll(Duration.ofMillis(100));
        c.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(3, "meta"), new TopicPartition(topic, 1), new OffsetAndMetadata(1)));
        out.put("listedWhileActive", listGroups().contains(group));
        out.put("describeActive", describeGroup(group));
        out.put("deleteActive", expectError(() -> admin.deleteConsumerGroups(List.of(group)).all().get()));
        out.put("alterActive", expectError(() -> admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1))).all().get()));
        out.put("deleteOffsetsActive", expectError(() -> admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(topic, 0))).all().get()));
      }
      out.put("describeEmpty", describeGroup(group));
      out.put("offsets", groupOffsets(group));
      admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(4), new TopicPartition(topic, 2), new OffsetAndMetadata(0))).all().get();
      out.put("afterAlter", groupOffsets(group));
      admin.deleteConsumerGroupOffsets(group, Set.of(new TopicPartition(topic, 1))).all().get();
      out.put("afterDeleteOffsets", groupOffsets(group));
      admin.deleteConsumerGroups(List.of(group)).all().get();
      out.put("listedAfterDelete", listGroups().contains(group));
      out.put("describeDeleted", describeGroup(group));
      out.put("deleteMissing", expectError(() -> admin.deleteConsumerGroups(List.of(group)).all().get()));
      return out;
    });

    check("describeFeatures", () -> {
      FeatureMetadata f = admin.describeFeatures().featureMetadata().get();
      Map<String, Object> fin = new TreeMap<>();
      f.finalizedFeatures().forEach((k, v) -> fin.put(k, List.of(v.minVersionLevel(), v.maxVersionLevel())));
      Map<String, Object> sup = new TreeMap<>();
      f.supportedFeatures().forEach((k, v) -> sup.put(k, List.of(v.minVersion(), v.maxVersion())));
      return Json.obj("finalized", fin, "supported", sup, "epoch", f.finalizedFeaturesEpoch().isPresent() ? f.finalizedFeaturesEpoch().get() : null);
    });

    admin.close(Duration.ofSeconds(5));
    Json.print("done", true, "failed", failed);
    System.exit(failed == 0 ? 0 : 1);
  }
}
