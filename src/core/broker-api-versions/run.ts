// kafka-broker-api-versions (BrokerApiVersionsCommand) over our native client: the brokers come
// from Metadata, each one is asked ApiVersions on its own connection, and its ranges are set
// against the versions OUR client can speak.
//
// "Usable" here: Kafka's tool compares with the Java client's ApiKeys (oldest and latest version
// of each API). tkafka compares with its generated API table (src/protocol/generated/api-keys.ts,
// built from the same JSON message specs Kafka generates its ApiKeys from): our codec encodes and
// decodes every version in it, so the usable version is min(table max, broker max). APIs our table
// lacks are Kafka's UNKNOWN(n); APIs of our table that a broker serves to clients (listener
// "broker") but this broker does not advertise are UNSUPPORTED, as NodeApiVersions.toString prints.
import { ApiVersionsApi } from '../../client/native/apis.js';
import type { NativeClient } from '../../client/native/client.js';
import { apiTable, type ApiInfo } from '../../protocol/generated/api-keys.js';
import { javaHashMapOrder } from '../consumer-groups/java-order.js';
import { javaStringHash } from '../topics/java.js';

export interface BrokerNode {
  id: number;
  host: string;
  port: number;
  rack: string | null;
}

export type ApiStatus = 'usable' | 'node too new' | 'node too old' | 'unsupported' | 'unknown';

export interface ApiLine {
  apiKey: number;
  /** Kafka's API name, or null for a key our table does not know (UNKNOWN). */
  name: string | null;
  /** The broker's range; null when the broker does not support the API. */
  minVersion: number | null;
  maxVersion: number | null;
  status: ApiStatus;
  /** The highest version both sides speak, when status is usable. */
  usable: number | null;
}

export type BrokerVersions = { node: BrokerNode; apis: ApiLine[] } | { node: BrokerNode; error: string };

const BY_KEY = new Map<number, ApiInfo>(apiTable.map((a) => [a.apiKey, a]));

/** Node.hashCode (host, id, port, rack, isFenced), which orders Kafka's HashMap<Node, ...>. */
export function nodeHash(n: BrokerNode): number {
  let h = (31 + javaStringHash(n.host)) | 0;
  h = (Math.imul(31, h) + n.id) | 0;
  h = (Math.imul(31, h) + n.port) | 0;
  h = (Math.imul(31, h) + (n.rack === null ? 0 : javaStringHash(n.rack))) | 0;
  // Boolean.hashCode(false): Metadata carries no fencing, so every node is unfenced.
  return (Math.imul(31, h) + 1237) | 0;
}

/** NodeApiVersions' view of one broker's ApiVersions answer. */
export function apiLines(ranges: ReadonlyArray<{ apiKey: number; minVersion: number; maxVersion: number }>): ApiLine[] {
  const lines = new Map<number, ApiLine>();
  for (const r of ranges) {
    const info = BY_KEY.get(r.apiKey);
    if (info === undefined) {
      lines.set(r.apiKey, { apiKey: r.apiKey, name: null, minVersion: r.minVersion, maxVersion: r.maxVersion, status: 'unknown', usable: null });
      continue;
    }
    let status: ApiStatus = 'usable';
    if (info.maxVersion < r.minVersion) status = 'node too new';
    else if (r.maxVersion < info.minVersion) status = 'node too old';
    const usable = status === 'usable' ? Math.min(info.maxVersion, r.maxVersion) : null;
    lines.set(r.apiKey, { apiKey: r.apiKey, name: info.name, minVersion: r.minVersion, maxVersion: r.maxVersion, status, usable });
  }
  for (const info of apiTable) {
    if (!lines.has(info.apiKey) && info.listeners.includes('broker')) {
      lines.set(info.apiKey, { apiKey: info.apiKey, name: info.name, minVersion: null, maxVersion: null, status: 'unsupported', usable: null });
    }
  }
  return [...lines.values()].sort((a, b) => a.apiKey - b.apiKey);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Every broker of the cluster with its API versions (or why they could not be read), in Kafka's order. */
export async function brokerApiVersions(client: NativeClient): Promise<BrokerVersions[]> {
  const md = await client.metadata([]);
  // Brokers whose hashes share a bucket come out in insertion order, and Kafka inserts them in
  // the order of its Cluster's node list, which it shuffles: such ties are random in Kafka's
  // tool. Ours keeps the Metadata order (by id), so the output is the same on every run.
  const nodes = javaHashMapOrder(
    md.brokers.map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack })),
    nodeHash,
  );
  const out: BrokerVersions[] = [];
  for (const node of nodes) {
    try {
      const conn = await client.nodeConnection(node.id);
      const res = await conn.send(ApiVersionsApi, { clientSoftwareName: 'tkafka', clientSoftwareVersion: '1' });
      if (res.errorCode !== 0) throw new Error(`ApiVersions failed with error code ${res.errorCode}`);
      out.push({ node, apis: apiLines(res.apiKeys) });
    } catch (err) {
      out.push({ node, error: messageOf(err) });
    }
  }
  return out;
}
