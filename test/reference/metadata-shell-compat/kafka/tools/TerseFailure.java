// Our bridge for running kafka-shell 4.3.1's MetadataShell over Kafka 4.4's jars (see
// test/reference/metadata-shell-compat/README.md): 4.3.1's main catches kafka.tools.TerseFailure, a class Kafka 4.4 moved to
// org.apache.kafka.server.util. Nothing on the shell's path throws it; it only has to load.
package kafka.tools;

public class TerseFailure extends Exception {
    public TerseFailure(String message) {
        super(message);
    }
}
