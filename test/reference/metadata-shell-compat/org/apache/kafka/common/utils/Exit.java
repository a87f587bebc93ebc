// Our bridge (see test/reference/metadata-shell-compat/README.md): kafka-shell 4.3.1 calls Exit here; Kafka 4.4 keeps it
// in org.apache.kafka.common.utils.internals. Each call goes to 4.4's class.
package org.apache.kafka.common.utils;

public final class Exit {
    private Exit() {
    }

    public static void exit(int statusCode) {
        org.apache.kafka.common.utils.internals.Exit.exit(statusCode);
    }

    public static void addShutdownHook(String name, Runnable runnable) {
        org.apache.kafka.common.utils.internals.Exit.addShutdownHook(name, runnable);
    }
}
