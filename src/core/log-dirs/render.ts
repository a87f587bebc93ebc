// kafka-log-dirs' output: two lines, then ONE line of JSON whose key order is that of the
// java.util.HashMaps Kafka serialises (Jackson writes them in iteration order).
import type { LogDirsResult } from './run.js';

export const QUERYING = 'Querying brokers for log directories information\n';

export function receivedLine(result: LogDirsResult): string {
  return `Received log directory information from brokers ${result.queried.join(',')}\n`;
}

/** Kafka's JSON line, byte for byte. */
export function kafkaJsonLine(result: LogDirsResult): string {
  const brokers = result.brokers.map((b) => ({
    broker: b.broker,
    logDirs: b.logDirs.map((d) => ({
      partitions: d.partitions.map((p) => ({ partition: p.partition, size: p.size, offsetLag: p.offsetLag, isFuture: p.isFuture })),
      error: d.error,
      logDir: d.logDir,
    })),
  }));
  return `${JSON.stringify({ brokers, version: 1 })}\n`;
}

/** -o json: Kafka's document with the keys in reading order, plus each log dir's totalBytes/usableBytes. */
export function logDirsJson(result: LogDirsResult): unknown {
  return {
    version: 1,
    brokers: result.brokers.map((b) => ({
      broker: b.broker,
      logDirs: b.logDirs.map((d) => ({ logDir: d.logDir, error: d.error, totalBytes: d.totalBytes, usableBytes: d.usableBytes, partitions: d.partitions })),
    })),
  };
}
