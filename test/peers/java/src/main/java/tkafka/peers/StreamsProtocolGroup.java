package tkafka.peers;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A word-count Kafka Streams app in a KIP-1071 streams group (group.protocol=streams, Kafka 4.1+):
 * input values → group by value (a repartition topic) → count in the store "counts" (a changelog
 * topic) → output. Two subtopologies, one stream thread, the client id "<applicationId>-client"
 * (so its members' client ids are "<applicationId>-client-StreamThread-1-consumer").
 * Runs until SIGTERM, which closes it cleanly (the member leaves the group). Prints {"state":..} on
 * each state change. Args: bootstrap applicationId stateDir input output.
 */
public final class StreamsProtocolGroup {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
    p.put(StreamsConfig.CLIENT_ID_CONFIG, args[1] + "-client");
    p.put("group.protocol", "streams");
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    p.put("statestore.cache.max.bytes", "0");

    StreamsBuilder b = new StreamsBuilder();
    b.stream(args[3], Consumed.with(Serdes.String(), Serdes.String()))
        .groupBy((k, v) -> v, Grouped.with("words", Serdes.String(), Serdes.String()))
        .count(Materialized.as("counts"))
        .toStream()
        .mapValues(String::valueOf)
        .to(args[4], Produced.with(Serdes.String(), Serdes.String()));

    KafkaStreams streams = new KafkaStreams(b.build(), p);
    CountDownLatch closed = new CountDownLatch(1);
    streams.setStateListener((now, before) -> Json.print("state", now.name()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      streams.close(Duration.ofSeconds(20));
      closed.countDown();
    }));
    streams.start();
    closed.await();
  }
}
