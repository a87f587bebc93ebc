package tkafka.peers;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer in a group with manual commit: subscribes, prints each record as a JSON line and commits
 * its offset + 1 with commitSync before taking the next, stops after max records or once nothing arrives
 * for idleMs, then prints the committed offsets and closes (leaving the group).
 * Args: bootstrap group topic max idleMs.
 */
public final class GroupConsumer {
  public static void main(String[] args) {
    String bootstrap = args[0];
    String group = args[1];
    String topic = args[2];
    int max = Integer.parseInt(args[3]);
    long idleMs = Long.parseLong(args[4]);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    int seen = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long lastData = System.currentTimeMillis();
      outer:
      while (seen < max && System.currentTimeMillis() - lastData < idleMs) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          lastData = System.currentTimeMillis();
          Json.print("record", Json.record(r));
          consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
          if (++seen >= max) break outer;
        }
        if (consumer.assignment().isEmpty()) lastData = System.currentTimeMillis();
      }
      Map<String, Object> committed = new TreeMap<>();
      Map<TopicPartition, OffsetAndMetadata> c = consumer.committed(consumer.assignment());
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : c.entrySet()) committed.put(String.valueOf(e.getKey().partition()), e.getValue() == null ? null : e.getValue().offset());
      Json.print("consumed", seen, "committed", committed, "assignment", new HashMap<>(Map.of("partitions", consumer.assignment().size())));
    }
  }
}
