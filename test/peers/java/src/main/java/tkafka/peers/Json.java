package tkafka.peers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** The peers' output: one JSON object per stdout line, written without a JSON library. */
final class Json {
  private Json() {}

  /** An ordered object from alternating keys and values. */
  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  static synchronized void print(Object... kv) {
    System.out.println(write(obj(kv)));
    System.out.flush();
  }

  static Map<String, Object> record(ConsumerRecord<String, String> r) {
    List<Object> headers = new ArrayList<>();
    for (Header h : r.headers()) headers.add(List.of(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
    return obj("topic", r.topic(), "partition", r.partition(), "offset", r.offset(), "timestamp", r.timestamp(), "timestampType", r.timestampType().name, "key", r.key(), "value", r.value(), "headers", headers);
  }

  static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    write(sb, v);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
          }
        }
      }
      sb.append('"');
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) sb.append(',');
        first = false;
        write(sb, String.valueOf(e.getKey()));
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object o : c) {
        if (!first) sb.append(',');
        first = false;
        write(sb, o);
      }
      sb.append(']');
    } else {
      write(sb, v.toString());
    }
  }

  /** The exception's class and message, for checks that expect an error. */
  static Map<String, Object> error(Throwable t) {
    Throwable c = t;
    while ((c instanceof java.util.concurrent.ExecutionException || c instanceof org.apache.kafka.common.KafkaException && c.getCause() != null && c.getClass() == org.apache.kafka.common.KafkaException.class) && c.getCause() != null) c = c.getCause();
    return obj("error", c.getClass().getSimpleName(), "message", c.getMessage());
  }
}
