import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { ErrorCode, KafkaProtocolError, errorInfo } from '../../protocol/error-codes.js';
import type { MetadataResponse } from '../../protocol/generated/messages/metadata-response.js';
import { MetadataApi } from './apis.js';
import { BrokerConnection } from './connection.js';
import { NativeConnectionError } from './errors.js';
import type { SaslConfig } from './sasl.js';

export interface NativeClientOptions {
  /** `host:port` entries; `[v6]:port` allowed. */
  brokers: readonly string[];
  clientId: string;
  tls?: TlsOptions | undefined;
  /** SASL (SASL_PLAINTEXT, or SASL_SSL with `tls`): every connection authenticates after ApiVersions. */
  sasl?: SaslConfig | undefined;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  retryBackoffMs?: number;
}

export interface PartitionInfo {
  partition: number;
  /** -1 when the partition has no leader right now. */
  leader: number;
  leaderEpoch: number;
  errorCode: number;
}

export interface TopicInfo {
  name: string;
  isInternal: boolean;
  partitions: PartitionInfo[];
}

interface NodeAddress {
  host: string;
  port: number;
}

/** ListOffsets special timestamps (Kafka's ListOffsetsRequest constants). */
export const LATEST_TIMESTAMP = -1n;
export const EARLIEST_TIMESTAMP = -2n;

export const IsolationLevel = {
  READ_UNCOMMITTED: 0,
  READ_COMMITTED: 1,
} as const;
export type IsolationLevel = (typeof IsolationLevel)[keyof typeof IsolationLevel];

export interface OffsetAnswer {
  offset: bigint;
  timestamp: bigint;
}

// Errors after which the partition's leader may have moved: refresh metadata and retry.
const STALE_METADATA = new Set<number>([
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.NOT_ENOUGH_REPLICAS,
  ErrorCode.REPLICA_NOT_AVAILABLE,
  ErrorCode.KAFKA_STORAGE_ERROR,
]);

export function isStaleMetadataError(code: number): boolean {
  return STALE_METADATA.has(code);
}

export function splitHostPort(hostPort: string): NodeAddress {
  const i = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(hostPort.slice(i + 1)) };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A small cluster client over BrokerConnection: bootstraps from a list, learns brokers and
 * partition leaders from Metadata, keeps one connection per broker and routes each partition's
 * request to its leader. Connections to the same address are shared, so on a single-node cluster
 * the bootstrap connection is the only one.
 */
export class NativeClient {
  readonly clientId: string;
  readonly retryBackoffMs: number;
  private readonly opts: NativeClientOptions;
  private readonly bootstrap: NodeAddress[];
  private readonly nodes = new Map<number, NodeAddress>();
  private readonly connections = new Map<string, Promise<BrokerConnection>>();
  private readonly topics = new Map<string, TopicInfo>();
  private refreshing: Promise<MetadataResponse> | null = null;
  private closed = false;

  private constructor(opts: NativeClientOptions) {
    this.opts = opts;
    this.clientId = opts.clientId;
    this.retryBackoffMs = opts.retryBackoffMs ?? 100;
    this.bootstrap = opts.brokers.map(splitHostPort);
  }

  /** Connects to the first bootstrap broker that answers; rejects with its NativeConnectionError. */
  static async connect(opts: NativeClientOptions): Promise<NativeClient> {
    const client = new NativeClient(opts);
    await client.anyConnection();
    return client;
  }

  get requestTimeoutMs(): number {
    return this.opts.requestTimeoutMs ?? 30_000;
  }

  private connectionTo(addr: NodeAddress): Promise<BrokerConnection> {
    if (this.closed) return Promise.reject(new NativeConnectionError('client closed', `${addr.host}:${addr.port}`));
    const key = `${addr.host}:${addr.port}`;
    const existing = this.connections.get(key);
    if (existing !== undefined) return existing;
    const p = this.openConnection(addr);
    this.connections.set(key, p);
    p.then(
      (conn) =>
        conn.onClose(() => {
          if (this.connections.get(key) === p) this.connections.delete(key);
        }),
      () => {
        if (this.connections.get(key) === p) this.connections.delete(key);
      },
    );
    return p;
  }

  /** A new connection of its own (not shared, e.g. a group member's to its coordinator) with this client's TLS, SASL and timeouts. */
  openConnection(addr: NodeAddress): Promise<BrokerConnection> {
    return BrokerConnection.connect({
      host: addr.host,
      port: addr.port,
      clientId: this.clientId,
      tls: this.opts.tls,
      sasl: this.opts.sasl,
      connectTimeoutMs: this.opts.connectTimeoutMs ?? 10_000,
      requestTimeoutMs: this.requestTimeoutMs,
    });
  }

  /** A connection to any live broker: known nodes first, then the bootstrap list. */
  async anyConnection(): Promise<BrokerConnection> {
    for (const p of this.connections.values()) {
      try {
        const c = await p;
        if (!c.closed) return c;
      } catch {
        // try the next one
      }
    }
    let lastError: unknown;
    for (const addr of [...this.nodes.values(), ...this.bootstrap]) {
      try {
        return await this.connectionTo(addr);
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError instanceof Error ? lastError : new NativeConnectionError('no brokers to connect to', '');
  }

  /** The connection to broker `nodeId` (from the last metadata). */
  async nodeConnection(nodeId: number): Promise<BrokerConnection> {
    let addr = this.nodes.get(nodeId);
    if (addr === undefined) {
      await this.refreshMetadata();
      addr = this.nodes.get(nodeId);
    }
    if (addr === undefined) throw new NativeConnectionError(`broker ${nodeId} is not in the cluster metadata`, String(nodeId));
    return this.connectionTo(addr);
  }

  /**
   * Fetches metadata for `topics` (null: all topics) and updates the caches. Concurrent calls for
   * all known topics share one request.
   */
  async metadata(topics: readonly string[] | null, allowAutoTopicCreation = false): Promise<MetadataResponse> {
    const conn = await this.anyConnection();
    const res = await conn.send(MetadataApi, {
      topics: topics === null ? null : topics.map((name) => ({ topicId: ZERO_UUID, name })),
      allowAutoTopicCreation,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    for (const b of res.brokers) this.nodes.set(b.nodeId, { host: b.host, port: b.port });
    for (const t of res.topics) {
      if (t.name === null) continue;
      if (t.errorCode !== 0 && t.partitions.length === 0) {
        this.topics.delete(t.name);
        continue;
      }
      this.topics.set(t.name, {
        name: t.name,
        isInternal: t.isInternal,
        partitions: t.partitions
          .map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, leaderEpoch: p.leaderEpoch, errorCode: p.errorCode }))
          .sort((a, b) => a.partition - b.partition),
      });
    }
    return res;
  }

  /** Re-reads the metadata of every cached topic (coalesced). */
  refreshMetadata(): Promise<MetadataResponse> {
    this.refreshing ??= this.metadata([...this.topics.keys()]).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  cachedTopic(name: string): TopicInfo | undefined {
    return this.topics.get(name);
  }

  /**
   * Metadata of one topic, waiting (up to `timeoutMs`) while it is being created or has
   * partitions without a leader. Throws KafkaProtocolError(UNKNOWN_TOPIC_OR_PARTITION) when the
   * topic does not exist (and may not be auto-created).
   */
  async topic(name: string, opts: { autoCreate?: boolean; timeoutMs?: number } = {}): Promise<TopicInfo> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      const res = await this.metadata([name], opts.autoCreate ?? false);
      const t = res.topics.find((x) => x.name === name);
      const code = t?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      const info = this.topics.get(name);
      if (code === 0 && info !== undefined && info.partitions.length > 0 && info.partitions.every((p) => p.leader >= 0)) return info;
      const retriable = code === 0 || code === ErrorCode.LEADER_NOT_AVAILABLE || (code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && opts.autoCreate === true);
      if (!retriable || Date.now() >= deadline) {
        if (code === 0 && info !== undefined) return info;
        throw new KafkaProtocolError(code, code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION ? `topic '${name}' does not exist` : `topic '${name}': ${errorInfo(code).message}`);
      }
      await delay(this.retryBackoffMs);
    }
  }

  /** Topics whose names match `pattern` (internal topics left out unless asked). */
  async matchTopics(pattern: RegExp, includeInternal = false): Promise<TopicInfo[]> {
    const res = await this.metadata(null);
    const out: TopicInfo[] = [];
    for (const t of res.topics) {
      if (t.name === null || t.errorCode !== 0) continue;
      if (t.isInternal && !includeInternal) continue;
      if (!fullMatch(pattern, t.name)) continue;
      const info = this.topics.get(t.name);
      if (info !== undefined) out.push(info);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  leaderOf(topic: string, partition: number): number {
    return this.topics.get(topic)?.partitions[partition]?.leader ?? -1;
  }

  /**
   * ListOffsets for many partitions, each sent to its leader. `timestamp` is EARLIEST_TIMESTAMP,
   * LATEST_TIMESTAMP or epoch milliseconds (first offset whose timestamp is >= it; offset -1 when
   * there is none). Retries once after a metadata refresh when a leader moved.
   */
  async listOffsets(
    requests: ReadonlyArray<{ topic: string; partition: number; timestamp: bigint }>,
    isolationLevel: IsolationLevel = IsolationLevel.READ_UNCOMMITTED,
  ): Promise<Map<string, OffsetAnswer>> {
    const out = new Map<string, OffsetAnswer>();
    let todo = [...requests];
    for (let attempt = 0; todo.length > 0; attempt++) {
      const byLeader = new Map<number, typeof todo>();
      for (const r of todo) {
        if (this.topics.get(r.topic) === undefined) await this.topic(r.topic);
        const leader = this.leaderOf(r.topic, r.partition);
        const list = byLeader.get(leader) ?? [];
        list.push(r);
        byLeader.set(leader, list);
      }
      const retry: typeof todo = [];
      await Promise.all(
        [...byLeader].map(async ([leader, list]) => {
          if (leader < 0) {
            retry.push(...list);
            return;
          }
          const conn = await this.nodeConnection(leader);
          for (const a of await this.listOffsetsAt(conn, list, isolationLevel)) {
            if (a.errorCode === 0) out.set(`${a.topic}:${a.partition}`, { offset: a.offset, timestamp: a.timestamp });
            else if (isStaleMetadataError(a.errorCode) && attempt < 5) retry.push({ topic: a.topic, partition: a.partition, timestamp: list.find((r) => r.topic === a.topic && r.partition === a.partition)?.timestamp ?? LATEST_TIMESTAMP });
            else throw new KafkaProtocolError(a.errorCode, `ListOffsets ${a.topic}-${a.partition}: ${errorInfo(a.errorCode).message}`);
          }
        }),
      );
      todo = retry;
      if (todo.length > 0) {
        if (attempt >= 5) throw new KafkaProtocolError(ErrorCode.LEADER_NOT_AVAILABLE, `no leader for ${todo.map((t) => `${t.topic}-${t.partition}`).join(', ')}`);
        await delay(this.retryBackoffMs);
        await this.refreshMetadata();
      }
    }
    return out;
  }

  /**
   * One ListOffsets request to one broker, checked against what was asked: a response that names
   * partitions not asked for, or leaves some out, is not trusted. librdkafka 2.0's mock cluster
   * writes ListOffsets v4+ LeaderEpoch as an int64, so every partition after the first is misread;
   * then each partition is asked alone (a single answer decodes right: the extra bytes trail).
   */
  private async listOffsetsAt(
    conn: BrokerConnection,
    list: ReadonlyArray<{ topic: string; partition: number; timestamp: bigint }>,
    isolationLevel: IsolationLevel,
  ): Promise<Array<{ topic: string; partition: number; errorCode: number; offset: bigint; timestamp: bigint }>> {
    const byTopic = new Map<string, Array<{ partitionIndex: number; currentLeaderEpoch: number; timestamp: bigint; maxNumOffsets: number }>>();
    for (const r of list) {
      const parts = byTopic.get(r.topic) ?? [];
      parts.push({ partitionIndex: r.partition, currentLeaderEpoch: -1, timestamp: r.timestamp, maxNumOffsets: 1 });
      byTopic.set(r.topic, parts);
    }
    // Loaded here: most admin tools never send ListOffsets.
    const { ListOffsetsApi } = await import('./apis/list-offsets.js');
    const res = await conn.send(ListOffsetsApi, {
      replicaId: -1,
      isolationLevel,
      topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
      timeoutMs: this.requestTimeoutMs,
    });
    const asked = new Set(list.map((r) => `${r.topic}:${r.partition}`));
    const answers = res.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode, offset: p.offset, timestamp: p.timestamp })));
    const answered = new Set(answers.map((a) => `${a.topic}:${a.partition}`));
    if (answers.length === asked.size && answered.size === asked.size && [...answered].every((k) => asked.has(k))) return answers;
    if (list.length === 1) {
      throw new KafkaProtocolError(ErrorCode.UNKNOWN_SERVER_ERROR, `the ListOffsets response from ${conn.address} does not answer ${[...asked].join(', ')}`);
    }
    const out = [];
    for (const r of list) out.push(...(await this.listOffsetsAt(conn, [r], isolationLevel)));
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    const conns = [...this.connections.values()];
    this.connections.clear();
    for (const p of conns) {
      try {
        (await p).close();
      } catch {
        // already failed
      }
    }
  }
}

/** Java's Pattern.matcher(name).matches(): the whole name must match. */
export function fullMatch(pattern: RegExp, name: string): boolean {
  const anchored = new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace('g', ''));
  return anchored.test(name);
}
