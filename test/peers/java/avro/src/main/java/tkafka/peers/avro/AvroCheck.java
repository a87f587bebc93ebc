package tkafka.peers.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Reads one JSON case per stdin line and prints one JSON line per case:
 *   {"op":"compat","reader":TEXT,"writer":TEXT} -> {"incompatibilities":[{"type","location","message"}...]}
 *   {"op":"canonical","schema":TEXT,"refs":[TEXT...]} -> {"canonical":TEXT}
 * Each schema is parsed as Confluent parses it: a fresh Schema.Parser, references first, defaults validated.
 * A parse failure prints {"error":MESSAGE}.
 */
public final class AvroCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) continue;
      JsonNode c = JSON.readTree(line);
      ObjectNode out = JSON.createObjectNode();
      try {
        switch (c.get("op").asText()) {
          case "compat": {
            Schema reader = new Schema.Parser().parse(c.get("reader").asText());
            Schema writer = new Schema.Parser().parse(c.get("writer").asText());
            ArrayNode list = out.putArray("incompatibilities");
            for (SchemaCompatibility.Incompatibility i : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities()) {
              ObjectNode o = list.addObject();
              o.put("type", i.getType().name());
              o.put("location", i.getLocation());
              o.put("message", i.getMessage());
            }
            break;
          }
          case "canonical": {
            Schema.Parser parser = new Schema.Parser();
            List<Schema> refs = new ArrayList<>();
            if (c.has("refs")) for (JsonNode r : c.get("refs")) refs.add(parser.parse(r.asText()));
            Schema s = parser.parse(c.get("schema").asText());
            out.put("canonical", s.toString(refs, false));
            break;
          }
          default:
            out.put("error", "unknown op");
        }
      } catch (Exception e) {
        out.put("error", e.getMessage());
      }
      System.out.println(JSON.writeValueAsString(out));
    }
  }
}
