package tkafka.peers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Two consumers with group.protocol=consumer (KIP-848) in one group, driven from one thread (the
 * client heartbeats in its background thread): A joins alone, B joins, both consume and commit what
 * they get, the group is described with the Admin client, B leaves, A takes everything back, A leaves.
 * Prints each step's assignment, the records read, the describe results and the committed offsets.
 * Args: bootstrap group topic partitions records assignor.
 */
public final class ConsumerProtocolGroup {
  private static final long DEADLINE_MS = 60_000;

  private static KafkaConsumer<String, String> consumer(String bootstrap, String group, String clientId, String assignor) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    p.put(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, assignor);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }

  private static List<Integer> partitions(KafkaConsumer<String, String> c) {
    List<Integer> out = new ArrayList<>();
    for (TopicPartition tp : c.assignment()) out.add(tp.partition());
    out.sort(null);
    return out;
  }

  /** Polls every consumer, committing what each reads, until `done` holds. */
  @SafeVarargs
  private static void pollUntil(String what, BooleanSupplier done, Map<String, Integer> read, KafkaConsumer<String, String>... consumers) {
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timed out waiting for " + what);
      for (KafkaConsumer<String, String> c : consumers) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
          String who = c.groupMetadata().memberId();
          Json.print("record", Json.record(r), "by", c == consumers[0] ? "first" : "second");
          read.merge(who, 1, Integer::sum);
          c.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
        }
      }
    }
  }

  private static Object describe(Admin admin, String group) throws Exception {
    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
    List<Object> members = new ArrayList<>();
    for (MemberDescription m : d.members()) {
      TreeSet<Integer> assigned = new TreeSet<>();
      for (TopicPartition tp : m.assignment().topicPartitions()) assigned.add(tp.partition());
      members.add(Json.obj("clientId", m.clientId(), "host", m.host(), "assignment", new ArrayList<>(assigned), "memberEpoch", m.memberEpoch().orElse(-99)));
    }
    members.sort((a, b) -> String.valueOf(((Map<?, ?>) a).get("clientId")).compareTo(String.valueOf(((Map<?, ?>) b).get("clientId"))));
    return Json.obj("state", d.groupState().toString(), "type", d.type().toString(), "assignor", d.partitionAssignor(), "groupEpoch", d.groupEpoch().orElse(-99),
        "members", members);
  }

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String group = args[1];
    String topic = args[2];
    int numPartitions = Integer.parseInt(args[3]);
    int total = Integer.parseInt(args[4]);
    String assignor = args[5];
    Properties ap = new Properties();
    ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    Map<String, Integer> read = new TreeMap<>();
    try (Admin admin = Admin.create(ap)) {
      KafkaConsumer<String, String> a = consumer(bootstrap, group, "first", assignor);
      a.subscribe(List.of(topic));
      pollUntil("the first consumer to own every partition", () -> a.assignment().size() == numPartitions, read, a);
      Json.print("step", "first-alone", "first", partitions(a));

      KafkaConsumer<String, String> b = consumer(bootstrap, group, "second", assignor);
      b.subscribe(List.of(topic));
      pollUntil("the partitions to be split", () -> !b.assignment().isEmpty() && a.assignment().size() + b.assignment().size() == numPartitions, read, a, b);
      Json.print("step", "both", "first", partitions(a), "second", partitions(b));
      pollUntil("every record to be read", () -> read.values().stream().mapToInt(Integer::intValue).sum() >= total, read, a, b);
      Json.print("step", "described", "group", describe(admin, group));

      b.close();
      pollUntil("the first consumer to own every partition again", () -> a.assignment().size() == numPartitions, read, a);
      Json.print("step", "second-left", "first", partitions(a));
      Map<String, Object> committed = new TreeMap<>();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : a.committed(a.assignment()).entrySet()) {
        committed.put(String.valueOf(e.getKey().partition()), e.getValue() == null ? null : e.getValue().offset());
      }
      a.close();
      Json.print("step", "done", "read", read.values().stream().mapToInt(Integer::intValue).sum(), "committed", committed, "group", describe(admin, group));
    }
  }
}
