package tkafka.peers;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer of the examples: String serializers, acks=all, idempotence, retries=3, batch.size=16384,
 * linger.ms=10, gzip; records keyed by customer id with a JSON value and headers source/version.
 * Args: bootstrap topic count [firstId]. Prints one JSON line per acknowledged record from the callback
 * (with the example's "Sent to partition %d offset %d" text), then {"flushed":n}. Exit 1 on any error.
 */
public final class ExampleProducer {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    int count = Integer.parseInt(args[2]);
    int first = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.RETRIES_CONFIG, "3");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch acked = new CountDownLatch(count);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (int i = first; i < first + count; i++) {
        String key = "customer-" + (i % 7);
        String value = "{\"orderId\":" + i + ",\"customerId\":\"" + key + "\",\"amount\":" + (10 + i) + ".5}";
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add("source", "order-service".getBytes(StandardCharsets.UTF_8));
        record.headers().add("version", "1.0".getBytes(StandardCharsets.UTF_8));
        final int id = i;
        producer.send(record, (md, err) -> {
          if (err != null) {
            failures.incrementAndGet();
            Json.print("id", id, "key", key, "error", err.toString());
          } else {
            Json.print("id", id, "key", key, "partition", md.partition(), "offset", md.offset(), "timestamp", md.timestamp(), "text", String.format("Sent to partition %d offset %d", md.partition(), md.offset()));
          }
          acked.countDown();
        });
      }
      producer.flush();
      acked.await();
      Json.print("flushed", count, "failures", failures.get());
    }
    System.exit(failures.get() == 0 ? 0 : 1);
  }
}
