// Our bridge (see test/reference/metadata-shell-compat/README.md): kafka-shell 4.3.1's /local node asks AppInfoParser
// here; Kafka 4.4 keeps it in org.apache.kafka.common.utils.internals, so /local shows 4.4's version.
package org.apache.kafka.common.utils;

public final class AppInfoParser {
    private AppInfoParser() {
    }

    public static String getVersion() {
        return org.apache.kafka.common.utils.internals.AppInfoParser.getVersion();
    }

    public static String getCommitId() {
        return org.apache.kafka.common.utils.internals.AppInfoParser.getCommitId();
    }
}
