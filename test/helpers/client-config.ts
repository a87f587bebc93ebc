// Client properties files as Kafka's tools read them (--command-config), shared by the e2e tests and
// the reference tier so each SASL_SSL login is written one way.
import fs from 'node:fs';

/** SASL_SSL with a SCRAM login (PEM trust store): the lines of a client.properties. */
export function scramSslClientLines(user: string, password: string, caFile: string, mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512' = 'SCRAM-SHA-512'): string[] {
  return [
    'security.protocol=SASL_SSL',
    `sasl.mechanism=${mechanism}`,
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${caFile}`,
  ];
}

/** Writes `lines` as a properties file readable only by its owner (it holds a password). */
export function writeClientConfig(file: string, lines: readonly string[]): string {
  fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}
