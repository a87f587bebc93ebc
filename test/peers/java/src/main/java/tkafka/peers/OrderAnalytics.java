package tkafka.peers;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The "order analytics" Kafka Streams app of the examples: orders (JSON values) → filter amount > 50 →
 * group by category → 5-minute tumbling windows without grace → sum of amounts as Double → one JSON
 * record per update on the output topic, keyed by category: {"category":..,"windowStart":..,"total":..}.
 * processing.guarantee=exactly_once_v2; the record cache is off so every update reaches the output.
 * Runs until killed (or SIGTERM, which closes it cleanly). Prints {"state":..} on each state change.
 * Args: bootstrap applicationId stateDir input output.
 */
public final class OrderAnalytics {
  private static final Pattern AMOUNT = Pattern.compile("\"amount\"\\s*:\\s*(-?[0-9.]+)");
  private static final Pattern CATEGORY = Pattern.compile("\"category\"\\s*:\\s*\"([^\"]*)\"");

  static String field(Pattern p, String json) {
    Matcher m = p.matcher(json);
    return m.find() ? m.group(1) : null;
  }

  public static void main(String[] args) throws Exception {
    String input = args[3];
    String output = args[4];
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.String().getClass());
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.String().getClass());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2");
    // statestore.cache.max.bytes (3.4+); 0 turns the cache off.
    p.put("statestore.cache.max.bytes", "0");
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    // A killed instance's member leaves the group after this, not Kafka's default 45 s.
    p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
    p.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), "1000");

    StreamsBuilder b = new StreamsBuilder();
    b.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
        .filter((k, v) -> field(CATEGORY, v) != null && field(AMOUNT, v) != null && Double.parseDouble(field(AMOUNT, v)) > 50)
        .groupBy((k, v) -> field(CATEGORY, v), Grouped.with(Serdes.String(), Serdes.String()))
        .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(5)))
        .aggregate(() -> 0.0, (category, v, total) -> total + Double.parseDouble(field(AMOUNT, v)), Materialized.with(Serdes.String(), Serdes.Double()))
        .toStream()
        .map((w, total) -> KeyValue.pair(w.key(), "{\"category\":\"" + w.key() + "\",\"windowStart\":" + w.window().start() + ",\"total\":" + total + "}"))
        .to(output, Produced.with(Serdes.String(), Serdes.String()));

    KafkaStreams streams = new KafkaStreams(b.build(), p);
    CountDownLatch closed = new CountDownLatch(1);
    streams.setStateListener((now, before) -> Json.print("state", now.name()));
    streams.setUncaughtExceptionHandler(e -> {
      Json.print("uncaught", e.toString());
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(Duration.ofSeconds(10));
      closed.countDown();
    }));
    streams.start();
    closed.await();
  }
}
