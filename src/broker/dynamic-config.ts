// Dynamic broker configs (Kafka's DynamicBrokerConfig under KRaft): IncrementalAlterConfigs /
// AlterConfigs on the BROKER resource set keys per broker (name = this node's id) or as the cluster
// default (name ""), kept in `<data dir>/.broker-configs.json` (atomic) and applied at once: the
// effective config is server.properties, then the cluster defaults, then this broker's keys, where a
// layer that sets any key of a synonym group (log.retention.ms/minutes/hours) hides the group's keys
// of the layers below it. Topics without an override follow the new values at once
// (TopicManager.setBrokerConfig). Keys Kafka cannot change at runtime are refused with its text.
import path from 'node:path';
import { isKnownBrokerConfig, parseBrokerConfig, type BrokerConfig } from './config.js';
import { writeFileAtomic } from './fs/atomic.js';
import { isNestedStringRecord, readStateFile } from './fs/state-file.js';
import { TOPIC_CONFIGS } from './metadata/topic-configs.js';

const FILE = '.broker-configs.json';
const VERSION = 1;

/** Broker keys Kafka reconfigures at runtime (DynamicBrokerConfig.AllDynamicConfigs) that we know. */
// Kafka's reconfigurable log configs are the primary keys: the hours/minutes forms and the flush
// scheduler interval are read-only there (checked against Kafka 4.4's DescribeConfigs).
const NOT_DYNAMIC = new Set(['log.retention.minutes', 'log.retention.hours', 'log.roll.hours', 'log.roll.jitter.hours', 'log.flush.scheduler.interval.ms']);
const DYNAMIC_KEYS: ReadonlySet<string> = new Set([
  // DynamicLogConfig: every broker synonym of a topic config.
  ...TOPIC_CONFIGS.flatMap((d) => d.synonyms).filter((k) => !NOT_DYNAMIC.has(k)),
  'message.max.bytes',
  // DynamicConnectionQuota: applied at once (server/connection-quotas.ts, via Broker.onConfigChange).
  'max.connections', 'max.connections.per.ip', 'max.connections.per.ip.overrides', 'max.connection.creation.rate',
  // DynamicThreadPool, the cleaner: stored and described, not acted on.
  'num.io.threads', 'num.network.threads', 'num.replica.fetchers', 'num.recovery.threads.per.data.dir', 'background.threads',
  'log.cleaner.threads', 'log.cleaner.io.max.bytes.per.second', 'log.cleaner.dedupe.buffer.size', 'log.cleaner.io.buffer.size',
  'log.cleaner.io.buffer.load.factor', 'log.cleaner.backoff.ms', 'producer.id.expiration.ms',
]);

/** Kafka's DynamicBrokerConfig.brokerConfigSynonyms: keys that stand for the same setting, in its order. */
export function synonymGroup(name: string): readonly string[] {
  switch (name) {
    case 'log.roll.ms':
    case 'log.roll.hours':
      return ['log.roll.ms', 'log.roll.hours'];
    case 'log.roll.jitter.ms':
    case 'log.roll.jitter.hours':
      return ['log.roll.jitter.ms', 'log.roll.jitter.hours'];
    case 'log.flush.interval.ms':
      return ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'];
    case 'log.retention.ms':
    case 'log.retention.minutes':
    case 'log.retention.hours':
      return ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'];
    default:
      return [name];
  }
}

/** A listener's connection creation rate (Kafka's ListenerConnectionQuota reconfigures it at runtime). */
export const LISTENER_CREATION_RATE = /^listener\.name\.[^.]+\.max\.connection\.creation\.rate$/;

/** True for keys Kafka refuses to change dynamically: broker keys it knows that are not dynamic. */
export function isReadOnlyBrokerConfig(name: string): boolean {
  return !isDynamicBrokerConfig(name) && isKnownBrokerConfig(name);
}

export function isDynamicBrokerConfig(name: string): boolean {
  return DYNAMIC_KEYS.has(name) || LISTENER_CREATION_RATE.test(name);
}

export interface DynamicLayers {
  /** server.properties as the broker started. */
  readonly static: Readonly<Record<string, string>>;
  /** Cluster-wide defaults (resource name ""). */
  readonly clusterDefault: Readonly<Record<string, string>>;
  /** This broker's own keys (resource name = node id). */
  readonly perBroker: Readonly<Record<string, string>>;
}

function overlay(base: Record<string, string>, layer: Readonly<Record<string, string>>): void {
  for (const k of Object.keys(layer)) for (const s of synonymGroup(k)) delete base[s];
  Object.assign(base, layer);
}

export class DynamicBrokerConfig {
  private readonly file: string;
  private readonly config: BrokerConfig;
  private layers: DynamicLayers;
  private readonly onChange: (c: BrokerConfig) => void;

  /** Loads the stored layers and applies them to `config` in place (before topics are loaded). */
  constructor(dataDir: string, config: BrokerConfig, onChange: (c: BrokerConfig) => void) {
    this.file = path.join(dataDir, FILE);
    this.config = config;
    this.onChange = onChange;
    type Doc = { version?: unknown; default?: Record<string, string>; broker?: Record<string, string> };
    const stored =
      readStateFile<Doc>(this.file, 'dynamic broker config', 'restore it from a backup or remove it to drop the dynamic broker configs', (d) => {
        const o = d as Doc | null;
        if (typeof o !== 'object' || o === null || o.version !== VERSION) return `expected version ${VERSION}`;
        return isNestedStringRecord({ default: o.default ?? {}, broker: o.broker ?? {} }) ? null : 'expected string values';
      }) ?? {};
    this.layers = { static: { ...config.raw }, clusterDefault: { ...stored.default }, perBroker: { ...stored.broker } };
    this.apply();
  }

  get current(): DynamicLayers {
    return this.layers;
  }

  /** The effective key → value map (what topics inherit from). */
  effectiveRaw(): Record<string, string> {
    const merged = { ...this.layers.static };
    overlay(merged, this.layers.clusterDefault);
    overlay(merged, this.layers.perBroker);
    return merged;
  }

  /** Throws (BAD_CONFIG) when replacing `layer` with `values` would make an invalid config; applies nothing. */
  check(layer: 'perBroker' | 'clusterDefault', values: Readonly<Record<string, string>>): void {
    const merged = { ...this.layers.static };
    overlay(merged, layer === 'clusterDefault' ? values : this.layers.clusterDefault);
    overlay(merged, layer === 'perBroker' ? values : this.layers.perBroker);
    parseBrokerConfig(Object.fromEntries(Object.entries(merged).filter(([k]) => isKnownBrokerConfig(k))));
  }

  /** Replaces one layer (`perBroker` for the node id, `clusterDefault` for ""), persists and applies it. */
  set(layer: 'perBroker' | 'clusterDefault', values: Readonly<Record<string, string>>): void {
    const before = this.layers;
    this.layers = { ...this.layers, [layer]: { ...values } };
    try {
      this.apply();
    } catch (err) {
      this.layers = before;
      this.apply();
      throw err;
    }
    writeFileAtomic(this.file, `${JSON.stringify({ version: VERSION, default: this.layers.clusterDefault, broker: this.layers.perBroker }, null, 1)}\n`);
  }

  private apply(): void {
    const merged = this.effectiveRaw();
    const typed = Object.fromEntries(Object.entries(merged).filter(([k]) => isKnownBrokerConfig(k)));
    const next = parseBrokerConfig(typed);
    // In place: every holder of broker.config (handlers, the topic manager) sees the new values.
    Object.assign(this.config, next, { raw: merged, nodeId: this.config.nodeId, dynamic: this.layers });
    this.onChange(this.config);
  }
}
