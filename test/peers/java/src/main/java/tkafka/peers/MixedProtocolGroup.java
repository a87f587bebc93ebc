package tkafka.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka 4's mixed groups with the Java client: a rolling upgrade of one group from
 * group.protocol=classic to group.protocol=consumer member by member, then the way back.
 * c1, c2 classic; c1 leaves and n1 (consumer) joins: the classic group is upgraded; c2 leaves and n2
 * joins; n1 leaves and c3 (classic) joins the consumer group; n2 leaves: the group is downgraded to a
 * classic group; c4 joins it. After each step the members' assignments must cover every partition
 * exactly once; then a batch of records is produced and read, each committed as it is read, so every
 * record is read once. Prints each step's assignments, the group as describeConsumerGroups
 * (ConsumerGroupDescribe, or DescribeGroups for a classic group) and describeClassicGroups
 * (DescribeGroups) show it, the records and the committed offsets.
 * Args: bootstrap group topic partitions perBatch.
 */
public final class MixedProtocolGroup {
  private static final long DEADLINE_MS = 90_000;

  private final String bootstrap;
  private final String group;
  private final String topic;
  private final int numPartitions;
  private final Map<String, KafkaConsumer<String, String>> active = new LinkedHashMap<>();
  private final Map<String, Integer> readBy = new TreeMap<>();
  private final TreeSet<String> seen = new TreeSet<>();
  private int duplicates;
  private int commitFailures;

  private MixedProtocolGroup(String bootstrap, String group, String topic, int numPartitions) {
    this.bootstrap = bootstrap;
    this.group = group;
    this.topic = topic;
    this.numPartitions = numPartitions;
  }

  private void start(String name, String protocol) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    if (protocol.equals("classic")) {
      // Short sessions and rebalances so a step does not wait on a departed member for long.
      p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
      p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
    }
    KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
    c.subscribe(List.of(topic));
    active.put(name, c);
  }

  private void stop(String name) {
    KafkaConsumer<String, String> c = active.remove(name);
    c.close();
  }

  private static List<Integer> partitions(KafkaConsumer<String, String> c) {
    List<Integer> out = new ArrayList<>();
    for (TopicPartition tp : c.assignment()) out.add(tp.partition());
    out.sort(null);
    return out;
  }

  /** Every partition owned by exactly one active consumer, each consumer with some. */
  private boolean exactCover() {
    TreeSet<Integer> all = new TreeSet<>();
    int total = 0;
    for (KafkaConsumer<String, String> c : active.values()) {
      if (c.assignment().isEmpty()) return false;
      total += c.assignment().size();
      for (TopicPartition tp : c.assignment()) all.add(tp.partition());
    }
    return total == numPartitions && all.size() == numPartitions;
  }

  private int read() {
    return readBy.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Polls every active consumer, committing each record as it is read, until `done` holds. */
  private void pollUntil(String what, BooleanSupplier done) {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timed out waiting for " + what);
      for (Map.Entry<String, KafkaConsumer<String, String>> e : active.entrySet()) {
        KafkaConsumer<String, String> c = e.getValue();
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(50))) {
          if (!seen.add(r.partition() + ":" + r.offset())) duplicates++;
          readBy.merge(e.getKey(), 1, Integer::sum);
          try {
            c.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
          } catch (RuntimeException ex) {
            commitFailures++;
            Json.print("commit-failed", e.getKey(), "error", ex.getClass().getSimpleName());
          }
        }
      }
    }
  }

  private void step(String name, Admin admin, KafkaProducer<String, String> producer, int perBatch) throws Exception {
    pollUntil("the partitions to be covered exactly once after " + name, this::exactCover);
    Map<String, Object> owned = new TreeMap<>();
    for (Map.Entry<String, KafkaConsumer<String, String>> e : active.entrySet()) owned.put(e.getKey(), partitions(e.getValue()));
    int target = read() + perBatch;
    for (int i = 0; i < perBatch; i++) producer.send(new ProducerRecord<>(topic, i % numPartitions, name + "-" + i, "v")).get();
    pollUntil("the batch after " + name + " to be read", () -> read() >= target);
    Json.print("step", name, "owned", owned, "described", describe(admin), "classic", describeClassic(admin));
  }

  private Object describe(Admin admin) throws Exception {
    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
    List<Object> members = new ArrayList<>();
    for (MemberDescription m : d.members()) {
      members.add(Json.obj("clientId", m.clientId(), "partitions", m.assignment().topicPartitions().size(), "upgraded", String.valueOf(m.upgraded().orElse(null))));
    }
    members.sort((a, b) -> String.valueOf(((Map<?, ?>) a).get("clientId")).compareTo(String.valueOf(((Map<?, ?>) b).get("clientId"))));
    return Json.obj("state", d.groupState().toString(), "type", d.type().toString(), "members", members);
  }

  private Object describeClassic(Admin admin) {
    try {
      ClassicGroupDescription d = admin.describeClassicGroups(List.of(group)).describedGroups().get(group).get();
      List<Object> members = new ArrayList<>();
      for (MemberDescription m : d.members()) members.add(m.clientId());
      members.sort(null);
      return Json.obj("state", d.state().toString(), "protocol", d.protocol(), "protocolData", d.protocolData(), "members", members);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Json.obj("error", cause.getClass().getSimpleName(), "message", String.valueOf(cause.getMessage()));
    }
  }

  public static void main(String[] args) throws Exception {
    MixedProtocolGroup g = new MixedProtocolGroup(args[0], args[1], args[2], Integer.parseInt(args[3]));
    int perBatch = Integer.parseInt(args[4]);
    Properties ap = new Properties();
    ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, g.bootstrap);
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, g.bootstrap);
    pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (Admin admin = Admin.create(ap); KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
      g.start("c1", "classic");
      g.start("c2", "classic");
      g.step("classic", admin, producer, perBatch);
      g.stop("c1");
      g.start("n1", "consumer");
      g.step("upgraded", admin, producer, perBatch);
      g.stop("c2");
      g.start("n2", "consumer");
      g.step("all-consumer", admin, producer, perBatch);
      g.stop("n1");
      g.start("c3", "classic");
      g.step("classic-back", admin, producer, perBatch);
      g.stop("n2");
      g.step("downgraded", admin, producer, perBatch);
      g.start("c4", "classic");
      g.step("classic-again", admin, producer, perBatch);
      Map<String, Object> committed = new TreeMap<>();
      KafkaConsumer<String, String> any = g.active.values().iterator().next();
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < g.numPartitions; p++) tps.add(new TopicPartition(g.topic, p));
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : any.committed(new java.util.HashSet<>(tps)).entrySet()) {
        committed.put(String.valueOf(e.getKey().partition()), e.getValue() == null ? null : e.getValue().offset());
      }
      for (String name : new ArrayList<>(g.active.keySet())) g.stop(name);
      Json.print("done", g.read(), "unique", g.seen.size(), "duplicates", g.duplicates, "commitFailures", g.commitFailures, "committed", committed);
    }
  }
}
