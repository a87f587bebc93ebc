// Dynamic configs of the named config resources that are neither topics nor brokers: GROUP (32) and
// CLIENT_METRICS (16) resources of the AlterConfigs pair, kept as Kafka's controller keeps them (a
// name → key → value map per resource type; a resource exists while it has a config) in
// `<data dir>/.entity-configs.json`, written atomically on each change. Values are stored as the
// client sent them; DescribeConfigs answers them as their type prints them
// (handlers/entity-configs.ts).
import path from 'node:path';
import type { BrokerConfig } from './config.js';
import { writeFileAtomic } from './fs/atomic.js';
import { isNestedStringRecord, readStateFile } from './fs/state-file.js';

const FILE = '.entity-configs.json';
const VERSION = 1;

export type EntityKind = 'group' | 'clientMetrics';

type Stored = Record<EntityKind, Map<string, Readonly<Record<string, string>>>>;

const toMap = (o: Record<string, Record<string, string>> | undefined): Map<string, Readonly<Record<string, string>>> =>
  new Map(Object.entries(o ?? {}).map(([k, v]) => [k, Object.fromEntries(Object.entries(v))]));

export class EntityConfigStore {
  private readonly file: string;
  private data: Stored = { group: new Map(), clientMetrics: new Map() };

  constructor(dataDir: string) {
    this.file = path.join(dataDir, FILE);
    type Doc = { version?: unknown; groups?: Record<string, Record<string, string>>; clientMetrics?: Record<string, Record<string, string>> };
    const doc = readStateFile<Doc>(this.file, 'group and client-metrics config', 'restore it from a backup or remove it to drop those configs', (d) => {
      const o = d as Doc | null;
      if (typeof o !== 'object' || o === null || o.version !== VERSION) return `expected version ${VERSION}`;
      return isNestedStringRecord(o.groups) && isNestedStringRecord(o.clientMetrics) ? null : 'expected string values';
    });
    if (doc !== null) this.data = { group: toMap(doc.groups), clientMetrics: toMap(doc.clientMetrics) };
  }

  /** The stored configs of one resource (empty when it has none). */
  get(kind: EntityKind, name: string): Readonly<Record<string, string>> {
    return this.data[kind].get(name) ?? {};
  }

  /** Names of the resources of `kind` that have configs, in the order they were first set. */
  names(kind: EntityKind): string[] {
    return [...this.data[kind].keys()];
  }

  /** Replaces one resource's configs (none: the resource goes) and persists the store. */
  set(kind: EntityKind, name: string, configs: Readonly<Record<string, string>>): void {
    const next: Stored = { group: new Map(this.data.group), clientMetrics: new Map(this.data.clientMetrics) };
    if (Object.keys(configs).length === 0) next[kind].delete(name);
    else next[kind].set(name, Object.fromEntries(Object.entries(configs)));
    const json = (m: Stored[EntityKind]): Record<string, Readonly<Record<string, string>>> => Object.fromEntries(m);
    writeFileAtomic(this.file, `${JSON.stringify({ version: VERSION, groups: json(next.group), clientMetrics: json(next.clientMetrics) }, null, 1)}\n`);
    this.data = next;
  }
}

/** Kafka 4.4's defaults of the broker's group.* bounds the group configs are checked against. */
const BROKER_BOUNDS: Readonly<Record<string, string>> = {
  'group.consumer.min.session.timeout.ms': '45000',
  'group.consumer.max.session.timeout.ms': '60000',
  'group.consumer.min.heartbeat.interval.ms': '5000',
  'group.consumer.max.heartbeat.interval.ms': '15000',
  'group.consumer.min.assignment.interval.ms': '0',
  'group.consumer.max.assignment.interval.ms': '15000',
  'group.share.min.session.timeout.ms': '45000',
  'group.share.max.session.timeout.ms': '60000',
  'group.share.min.heartbeat.interval.ms': '5000',
  'group.share.max.heartbeat.interval.ms': '15000',
  'group.share.min.record.lock.duration.ms': '15000',
  'group.share.max.record.lock.duration.ms': '60000',
  'group.share.min.delivery.count.limit': '2',
  'group.share.max.delivery.count.limit': '10',
  'group.share.min.partition.max.record.locks': '100',
  'group.share.max.partition.max.record.locks': '4000',
  'group.share.min.assignment.interval.ms': '0',
  'group.share.max.assignment.interval.ms': '15000',
  'group.streams.min.session.timeout.ms': '45000',
  'group.streams.max.session.timeout.ms': '60000',
  'group.streams.min.heartbeat.interval.ms': '5000',
  'group.streams.max.heartbeat.interval.ms': '15000',
  'group.streams.max.standby.replicas': '2',
  'group.streams.min.assignment.interval.ms': '0',
  'group.streams.max.assignment.interval.ms': '15000',
};

/** A broker key's value: what server.properties (or a dynamic layer) sets, else Kafka's default. */
export function brokerValue(config: BrokerConfig, key: string, fallback?: string): string {
  return config.raw[key] ?? BROKER_BOUNDS[key] ?? fallback ?? '';
}

/**
 * A bound as a number. This broker accepts consumer session timeouts and heartbeat intervals below
 * Kafka's bounds (a laptop broker expires members in seconds), so an unset consumer bound widens to
 * take in the broker's own value, where Kafka would refuse to start.
 */
export function brokerBound(config: BrokerConfig, key: string): number {
  const n = Number(brokerValue(config, key).trim());
  if (config.raw[key] !== undefined) return n;
  const base =
    key.startsWith('group.consumer.') && key.endsWith('.session.timeout.ms')
      ? config.groupConsumerSessionTimeoutMs
      : key.startsWith('group.consumer.') && key.endsWith('.heartbeat.interval.ms')
        ? config.groupConsumerHeartbeatIntervalMs
        : n;
  return key.includes('.min.') ? Math.min(n, base) : Math.max(n, base);
}

/**
 * The session timeout and heartbeat interval the KIP-848 coordinator gives `groupId`'s members: the
 * group's consumer.* config when set, else the broker's group.consumer.*, capped to the broker's
 * group.consumer.min/max bounds (Kafka 4.4's GroupMetadataManager).
 */
export function effectiveConsumerTimeouts(store: EntityConfigStore, config: BrokerConfig, groupId: string): { sessionTimeoutMs: number; heartbeatIntervalMs: number } {
  const stored = store.get('group', groupId);
  const pick = (key: string, fallback: number, minKey: string, maxKey: string): number => {
    const v = stored[key];
    if (v === undefined) return fallback;
    const n = Number(v.trim());
    return Math.min(Math.max(n, brokerBound(config, minKey)), brokerBound(config, maxKey));
  };
  return {
    sessionTimeoutMs: pick('consumer.session.timeout.ms', config.groupConsumerSessionTimeoutMs, 'group.consumer.min.session.timeout.ms', 'group.consumer.max.session.timeout.ms'),
    heartbeatIntervalMs: pick('consumer.heartbeat.interval.ms', config.groupConsumerHeartbeatIntervalMs, 'group.consumer.min.heartbeat.interval.ms', 'group.consumer.max.heartbeat.interval.ms'),
  };
}
