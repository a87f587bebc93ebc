package tkafka.peers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A transactional consume-transform-produce loop (exactly-once: the consumer's offsets are committed in
 * the producer's transaction). Each input record becomes one output record with the value upper-cased,
 * the same key and a header "from" = "partition:offset". With abortFirst=true the first non-empty batch is
 * produced and then aborted (a simulated failure); the consumer rewinds to its committed offsets and the
 * batch is processed again. Stops after `expect` committed records, or when nothing arrives for idleMs.
 * Args: bootstrap group input output transactionalId expect idleMs abortFirst.
 */
public final class TxnLoop {
  public static void main(String[] args) {
    String bootstrap = args[0];
    String group = args[1];
    String input = args[2];
    String output = args[3];
    String txnId = args[4];
    int expect = Integer.parseInt(args[5]);
    long idleMs = Long.parseLong(args[6]);
    boolean abortFirst = Boolean.parseBoolean(args[7]);
    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txnId);
    pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    int committed = 0;
    int aborted = 0;
    int transactions = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp); KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
      producer.initTransactions();
      consumer.subscribe(List.of(input));
      long lastData = System.currentTimeMillis();
      boolean abortNext = abortFirst;
      while (committed < expect && System.currentTimeMillis() - lastData < idleMs) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        if (consumer.assignment().isEmpty()) lastData = System.currentTimeMillis();
        if (records.isEmpty()) continue;
        lastData = System.currentTimeMillis();
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
          ProducerRecord<String, String> out = new ProducerRecord<>(output, r.key(), r.value().toUpperCase());
          out.headers().add("from", (r.partition() + ":" + r.offset()).getBytes(StandardCharsets.UTF_8));
          producer.send(out);
          offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        if (abortNext) {
          abortNext = false;
          producer.flush();
          producer.abortTransaction();
          aborted += records.count();
          Set<TopicPartition> assigned = consumer.assignment();
          Map<TopicPartition, OffsetAndMetadata> last = consumer.committed(assigned);
          for (TopicPartition tp : assigned) {
            OffsetAndMetadata o = last.get(tp);
            if (o == null) consumer.seekToBeginning(List.of(tp));
            else consumer.seek(tp, o.offset());
          }
          Json.print("aborted", records.count());
          continue;
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
        transactions++;
        committed += records.count();
        Json.print("committed", records.count());
      }
      Map<String, Object> groupOffsets = new java.util.TreeMap<>();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : consumer.committed(consumer.assignment()).entrySet()) groupOffsets.put(String.valueOf(e.getKey().partition()), e.getValue() == null ? null : e.getValue().offset());
      Json.print("done", committed, "aborted", aborted, "transactions", transactions, "groupOffsets", groupOffsets);
    }
  }
}
