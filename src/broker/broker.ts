// The broker's state, shared by the request handlers: config, identity, clock, topics and their
// logs, the group and transaction coordinators. It knows nothing of sockets or handlers
// (server/broker.ts starts a broker around it), so the handlers import it without a cycle.
import type { Clock } from '../shared/clock.js';
import type { BrokerConfig } from './config.js';
import { DynamicBrokerConfig } from './dynamic-config.js';
import { EntityConfigStore, effectiveConsumerTimeouts } from './entity-configs.js';
import { createBrokerGroupCoordinator, type GroupCoordinator } from './group/index.js';
import { LogCleaner } from './log/cleaner.js';
import { newTopicStats, type RequestStats } from './metrics/counters.js';
import type { PartitionLog } from './log/partition-log.js';
import { TopicManager } from './metadata/topics.js';
import { QuotaManagers } from './quotas/manager.js';
import { ClientQuotaStore } from './quotas/store.js';
import { createAuthorizer, type Authorizer } from './security/authorizer.js';
import { createSaslAuthenticator, type SaslAuthenticator } from './security/sasl-server.js';
import { ScramStore } from './security/scram-store.js';
import { TransactionSystem } from './txn/transaction-system.js';

export interface BrokerStats {
  topics: number;
  partitions: number;
  bytesOnDisk: number;
}

/** Broker-wide state shared by the request handlers. */
export class Broker {
  readonly config: BrokerConfig;
  readonly nodeId: number;
  readonly clusterId: string;
  readonly dataDir: string;
  readonly clock: Clock;
  /**
   * The clock request waits run on (Fetch max.wait.ms): the broker clock unless set. A manual broker
   * clock (tkafka's testing API) keeps this one real, since clients time those waits on their own clocks.
   */
  waitClock: Clock;
  readonly topics: TopicManager;
  /** Consumer groups and committed offsets (stored in __consumer_offsets). */
  readonly groups: GroupCoordinator;
  /** Producer ids and state, the transaction coordinator, last stable offsets. */
  readonly txn: TransactionSystem;
  /** ACLs and the StandardAuthorizer rules (allows everything when no authorizer is configured). */
  readonly authorizer: Authorizer;
  readonly log: (line: string) => void;
  readonly startedAt: number;
  /** The first listener's advertised address (what answers on a connection of unknown listener). */
  advertisedHost = '127.0.0.1';
  port = 0;
  /** Advertised address per listener name: Metadata and FindCoordinator answer the one a request came in on. */
  endpoints = new Map<string, { host: string; port: number }>();
  /** Salted SCRAM credentials (Seam 2). */
  readonly scram: ScramStore;
  /** SASL mechanisms enabled per listener, for SaslHandshake/SaslAuthenticate. */
  readonly sasl: SaslAuthenticator;
  /** Dynamic broker configs (BROKER resources of the AlterConfigs pair), applied to `config` in place. */
  readonly dynamicConfig: DynamicBrokerConfig;
  /** Client quotas (AlterClientQuotas) and their throttling of Produce/Fetch. */
  readonly quotas: QuotaManagers;
  /** GROUP and CLIENT_METRICS config resources (handlers/entity-configs.ts). */
  readonly entityConfigs: EntityConfigStore;
  /** What ApiVersions advertises, from the handler registry. */
  apiVersions: readonly { apiKey: number; minVersion: number; maxVersion: number }[] = [];
  /** Aborted when the broker shuts down, so parked requests answer at once. */
  readonly shutdown = new AbortController();
  /** BrokerTopicMetrics over all topics (deleted ones included), bumped with each topic's own `stats`. */
  readonly allTopicStats = newTopicStats();
  /** Per-API request counts, latencies and error codes; null (nothing counted) unless metrics.port is set. */
  requestStats: RequestStats | null = null;
  /** Called after every dynamic config change (the socket server's connection limits listen here). */
  onConfigChange: ((c: BrokerConfig) => void) | undefined;

  constructor(config: BrokerConfig, clusterId: string, dataDir: string, clock: Clock, log: (line: string) => void) {
    this.config = config;
    this.nodeId = config.nodeId;
    this.clusterId = clusterId;
    this.dataDir = dataDir;
    this.clock = clock;
    this.waitClock = clock;
    this.log = log;
    this.startedAt = clock.now();
    // Before anything reads the config: stored dynamic broker configs apply from the start.
    this.dynamicConfig = new DynamicBrokerConfig(dataDir, config, (c) => {
      this.topics?.setBrokerConfig(c);
      this.onConfigChange?.(c);
    });
    this.topics = new TopicManager(dataDir, config, clock);
    this.groups = createBrokerGroupCoordinator(config, this.topics, clock, log);
    const { transactionMaxTimeoutMs } = config;
    this.txn = new TransactionSystem({ topics: this.topics, groups: this.groups, clock, dataDir, transactionMaxTimeoutMs, log });
    this.authorizer = createAuthorizer(config.raw, dataDir);
    this.scram = new ScramStore(dataDir);
    this.sasl = createSaslAuthenticator(config.raw, this.scram, log);
    this.quotas = new QuotaManagers(new ClientQuotaStore(dataDir));
    this.entityConfigs = new EntityConfigStore(dataDir);
    this.groups.consumer.setGroupTimings((groupId) => effectiveConsumerTimeouts(this.entityConfigs, this.config, groupId));
  }

  /** Where a client that came in on `listenerName` is told this broker is. */
  endpoint(listenerName: string): { host: string; port: number } {
    return this.endpoints.get(listenerName) ?? { host: this.advertisedHost, port: this.port };
  }

  /**
   * Wakes the parked fetches that read `log`, or every parked fetch when no log is named (a
   * broker-wide notice). Appends need not call this: `PartitionLog.append` wakes its own waiters.
   */
  notifyAppend(log?: PartitionLog): void {
    if (log !== undefined) {
      log.wakeAppendWaiters();
      return;
    }
    for (const t of this.topics.list()) for (const p of t.partitions) p.log.wakeAppendWaiters();
  }

  /**
   * Resolves on the next append to one of `logs`, after `ms`, or when `signal` aborts or the broker
   * shuts down. Fetch long-polls loop on this until their min bytes are there or their max wait has
   * passed.
   */
  waitForAppend(ms: number, signal: AbortSignal, logs: ReadonlySet<PartitionLog>): Promise<void> {
    return new Promise((resolve) => {
      const stop = this.shutdown.signal;
      if (signal.aborted || stop.aborted) {
        resolve();
        return;
      }
      const cancels: (() => void)[] = [];
      const done = (): void => {
        for (const cancel of cancels) cancel();
        this.waitClock.clearTimeout(timer);
        signal.removeEventListener('abort', done);
        stop.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.waitClock.setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      stop.addEventListener('abort', done, { once: true });
      for (const log of logs) cancels.push(log.onNextAppend(done));
    });
  }

  /** The log cleaner over every partition, with the broker's log.cleaner.* settings (read per round: they are dynamic). */
  createLogCleaner(): LogCleaner {
    return new LogCleaner({
      logs: () => this.topics.list().flatMap((t) => t.partitions.map((p) => ({ name: `${t.name}-${p.index}`, log: p.log }))),
      settings: () => ({
        dedupeBufferSize: this.config.logCleanerDedupeBufferSize,
        loadFactor: this.config.logCleanerIoBufferLoadFactor,
        ioMaxBytesPerSecond: this.config.logCleanerIoMaxBytesPerSecond >= Number.MAX_VALUE ? Infinity : this.config.logCleanerIoMaxBytesPerSecond,
        backoffMs: this.config.logCleanerBackoffMs,
      }),
      now: () => this.clock.now(),
      log: this.log,
    });
  }

  stats(): BrokerStats {
    const list = this.topics.list();
    let partitions = 0;
    let bytes = 0;
    for (const t of list) {
      partitions += t.partitions.length;
      for (const p of t.partitions) bytes += p.log.sizeInBytes();
    }
    return { topics: list.length, partitions, bytesOnDisk: bytes };
  }

  /**
   * Deletes expired segments; runs on a timer. Compaction is the log cleaner's (log/cleaner.ts), which
   * runs on its own schedule off the request path.
   */
  runLogMaintenance(): void {
    const now = this.clock.now();
    for (const t of this.topics.list()) {
      for (const p of t.partitions) {
        try {
          if (p.log.config.cleanupPolicy !== 'compact') p.log.enforceRetention(now);
        } catch (err) {
          this.log(`log maintenance failed for ${t.name}-${p.index}: ${(err as Error).message}`);
        }
      }
    }
  }
}
