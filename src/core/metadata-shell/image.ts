// The metadata image kafka-metadata-shell.sh shows: Kafka's MetadataImage rebuilt by replaying
// metadata records in log order, with the rules of Kafka's *Delta classes (MetadataDelta and its
// topics, cluster, configs, quotas, features, ACL, SCRAM and delegation-token parts). Plain data;
// the node tree (nodes.ts) renders it with Kafka's toString forms.
import type { MetadataRecord, Struct } from '../../protocol/metadata-records/index.js';

export const MIGRATING_DIR = 'AAAAAAAAAAAAAAAAAAAAAA';

export interface Endpoint {
  name: string;
  host: string;
  port: number;
  securityProtocol: number;
}
export interface FeatureRange {
  name: string;
  min: number;
  max: number;
}
export interface Broker {
  id: number;
  epoch: bigint;
  incarnationId: string;
  listeners: Endpoint[];
  features: FeatureRange[];
  rack: string | null;
  fenced: boolean;
  inControlledShutdown: boolean;
  isMigratingZkBroker: boolean;
  directories: string[];
  cordonedDirectories: string[];
}
export interface Controller {
  id: number;
  incarnationId: string;
  zkMigrationReady: boolean;
  listeners: Endpoint[];
  features: FeatureRange[];
}
export interface Partition {
  replicas: number[];
  directories: string[];
  isr: number[];
  removingReplicas: number[];
  addingReplicas: number[];
  elr: number[];
  lastKnownElr: number[];
  leader: number;
  leaderRecoveryState: number;
  leaderEpoch: number;
  partitionEpoch: number;
}
export interface Topic {
  name: string;
  id: string;
  partitions: Map<number, Partition>;
}
export interface ConfigResource {
  type: number;
  name: string;
  data: Map<string, string>;
}
export interface QuotaEntity {
  /** entity type (user, client-id, ip) → name; null is the default entity of that type. */
  entries: Map<string, string | null>;
  quotas: Map<string, number>;
}
export interface Acl {
  resourceType: number;
  resourceName: string;
  patternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}
export interface ScramCredential {
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
  iterations: number;
}
export interface DelegationToken {
  tokenId: string;
  owner: string;
  requester: string;
  renewers: string[];
  issueTimestamp: bigint;
  maxTimestamp: bigint;
  expiryTimestamp: bigint;
}
export interface Provenance {
  offset: bigint;
  epoch: number;
  timeMs: bigint;
}

export interface MetadataImage {
  provenance: Provenance;
  metadataVersionLevel: number | undefined;
  finalizedFeatures: Map<string, number>;
  brokers: Map<number, Broker>;
  controllers: Map<number, Controller>;
  topics: Map<string, Topic>;
  configs: Map<string, ConfigResource>;
  quotas: Map<string, QuotaEntity>;
  nextProducerId: bigint;
  acls: Map<string, Acl>;
  /** mechanism code (1 SCRAM-SHA-256, 2 SCRAM-SHA-512) → user → credential */
  scram: Map<number, Map<string, ScramCredential>>;
  tokens: Map<string, DelegationToken>;
}

export function emptyImage(): MetadataImage {
  return {
    provenance: { offset: -1n, epoch: -1, timeMs: -1n },
    metadataVersionLevel: undefined,
    finalizedFeatures: new Map(),
    brokers: new Map(),
    controllers: new Map(),
    topics: new Map(),
    configs: new Map(),
    quotas: new Map(),
    nextProducerId: -1n,
    acls: new Map(),
    scram: new Map(),
    tokens: new Map(),
  };
}

const ints = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const uuids = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

function endpoints(v: unknown): Endpoint[] {
  return (v as Struct[]).map((e) => ({ name: e['name'] as string, host: e['host'] as string, port: e['port'] as number, securityProtocol: e['securityProtocol'] as number }));
}
function features(v: unknown): FeatureRange[] {
  return (v as Struct[]).map((f) => ({ name: f['name'] as string, min: f['minSupportedVersion'] as number, max: f['maxSupportedVersion'] as number }));
}

/** Java's Uuid.compareTo: the most then the least significant 64 bits, each as a signed long. */
export function compareUuid(a: string, b: string): number {
  const x = Buffer.from(a, 'base64url');
  const y = Buffer.from(b, 'base64url');
  for (const off of [0, 8]) {
    const p = x.readBigInt64BE(off);
    const q = y.readBigInt64BE(off);
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

function sortedDirs(dirs: readonly string[]): string[] {
  return [...dirs].sort(compareUuid);
}

/** PartitionRegistration's directories: all-MIGRATING (or none) becomes one MIGRATING per replica. */
function defaultToMigrating(dirs: readonly string[], replicas: number): string[] {
  return dirs.every((d) => d === MIGRATING_DIR) ? new Array<string>(replicas).fill(MIGRATING_DIR) : [...dirs];
}

function configKey(type: number, name: string): string {
  return `${type}\u0000${name}`;
}

function quotaKey(entries: ReadonlyMap<string, string | null>): string {
  return JSON.stringify([...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function mergePartition(p: Partition, r: Struct): Partition {
  const replicas = r['replicas'] === null ? p.replicas : ints(r['replicas']);
  const dirs = r['directories'] === null ? p.directories : uuids(r['directories']);
  const leaderChange = (r['leader'] as number) !== -2;
  const lrs = r['leaderRecoveryState'] as number;
  return {
    replicas,
    directories: defaultToMigrating(dirs, replicas.length),
    isr: r['isr'] === null ? p.isr : ints(r['isr']),
    removingReplicas: r['removingReplicas'] === null ? p.removingReplicas : ints(r['removingReplicas']),
    addingReplicas: r['addingReplicas'] === null ? p.addingReplicas : ints(r['addingReplicas']),
    elr: r['eligibleLeaderReplicas'] === null ? p.elr : ints(r['eligibleLeaderReplicas']),
    lastKnownElr: r['lastKnownElr'] === null ? p.lastKnownElr : ints(r['lastKnownElr']),
    leader: leaderChange ? (r['leader'] as number) : p.leader,
    leaderEpoch: leaderChange ? p.leaderEpoch + 1 : p.leaderEpoch,
    leaderRecoveryState: lrs === -1 ? p.leaderRecoveryState : lrs,
    partitionEpoch: p.partitionEpoch + 1,
  };
}

function topicById(img: MetadataImage, id: string): Topic | undefined {
  for (const t of img.topics.values()) if (t.id === id) return t;
  return undefined;
}

/** Applies one metadata record to the image, as Kafka's MetadataDelta.replay does. */
export function replay(img: MetadataImage, rec: MetadataRecord): void {
  const d = rec.data;
  switch (rec.name) {
    case 'RegisterBrokerRecord': {
      const id = d['brokerId'] as number;
      img.brokers.set(id, {
        id,
        epoch: d['brokerEpoch'] as bigint,
        incarnationId: d['incarnationId'] as string,
        listeners: endpoints(d['endPoints']),
        features: features(d['features']),
        rack: d['rack'] as string | null,
        fenced: d['fenced'] as boolean,
        inControlledShutdown: d['inControlledShutdown'] as boolean,
        isMigratingZkBroker: d['isMigratingZkBroker'] as boolean,
        directories: sortedDirs(uuids(d['logDirs'])),
        cordonedDirectories: sortedDirs(uuids(d['cordonedLogDirs'])),
      });
      return;
    }
    case 'UnregisterBrokerRecord':
      img.brokers.delete(d['brokerId'] as number);
      return;
    case 'FenceBrokerRecord':
    case 'UnfenceBrokerRecord': {
      const b = img.brokers.get(d['id'] as number);
      if (b !== undefined) b.fenced = rec.name === 'FenceBrokerRecord';
      return;
    }
    case 'BrokerRegistrationChangeRecord': {
      const b = img.brokers.get(d['brokerId'] as number);
      if (b === undefined) return;
      const fenced = d['fenced'] as number; // 1 fence, -1 unfence, 0 no change
      if (fenced === 1) b.fenced = true;
      else if (fenced === -1) b.fenced = false;
      if ((d['inControlledShutdown'] as number) === 1) b.inControlledShutdown = true;
      const dirs = uuids(d['logDirs']);
      if (dirs.length > 0) b.directories = sortedDirs(dirs);
      if (d['cordonedLogDirs'] !== null) b.cordonedDirectories = sortedDirs(uuids(d['cordonedLogDirs']));
      return;
    }
    case 'RegisterControllerRecord': {
      const id = d['controllerId'] as number;
      img.controllers.set(id, { id, incarnationId: d['incarnationId'] as string, zkMigrationReady: d['zkMigrationReady'] as boolean, listeners: endpoints(d['endPoints']), features: features(d['features']) });
      return;
    }
    case 'UnregisterControllerRecord':
      img.controllers.delete(d['controllerId'] as number);
      return;
    case 'TopicRecord': {
      const name = d['name'] as string;
      img.topics.set(name, { name, id: d['topicId'] as string, partitions: new Map() });
      return;
    }
    case 'PartitionRecord': {
      const t = topicById(img, d['topicId'] as string);
      if (t === undefined) return;
      const replicas = ints(d['replicas']);
      t.partitions.set(d['partitionId'] as number, {
        replicas,
        directories: defaultToMigrating(uuids(d['directories']), replicas.length),
        isr: ints(d['isr']),
        removingReplicas: ints(d['removingReplicas']),
        addingReplicas: ints(d['addingReplicas']),
        elr: ints(d['eligibleLeaderReplicas']),
        lastKnownElr: ints(d['lastKnownElr']),
        leader: d['leader'] as number,
        leaderRecoveryState: d['leaderRecoveryState'] as number,
        leaderEpoch: d['leaderEpoch'] as number,
        partitionEpoch: d['partitionEpoch'] as number,
      });
      return;
    }
    case 'PartitionChangeRecord': {
      const t = topicById(img, d['topicId'] as string);
      const p = t?.partitions.get(d['partitionId'] as number);
      if (t !== undefined && p !== undefined) t.partitions.set(d['partitionId'] as number, mergePartition(p, d));
      return;
    }
    case 'ClearElrRecord': {
      const name = d['topicName'] as string;
      for (const t of img.topics.values()) {
        if (name !== '' && t.name !== name) continue;
        for (const [id, p] of t.partitions) {
          if (p.elr.length === 0 && p.lastKnownElr.length === 0) continue;
          t.partitions.set(id, mergePartition(p, { replicas: null, directories: null, isr: null, removingReplicas: null, addingReplicas: null, leader: -2, leaderRecoveryState: -1, eligibleLeaderReplicas: [], lastKnownElr: [] }));
        }
      }
      return;
    }
    case 'RemoveTopicRecord': {
      const t = topicById(img, d['topicId'] as string);
      if (t === undefined) return;
      img.topics.delete(t.name);
      img.configs.delete(configKey(2, t.name));
      return;
    }
    case 'ConfigRecord': {
      const type = d['resourceType'] as number;
      const name = d['resourceName'] as string;
      const key = configKey(type, name);
      const value = d['value'] as string | null;
      let res = img.configs.get(key);
      if (value === null) {
        res?.data.delete(d['name'] as string);
        if (res !== undefined && res.data.size === 0) img.configs.delete(key);
        return;
      }
      if (res === undefined) {
        res = { type, name, data: new Map() };
        img.configs.set(key, res);
      }
      res.data.set(d['name'] as string, value);
      return;
    }
    case 'ClientQuotaRecord': {
      const entries = new Map<string, string | null>();
      for (const e of d['entity'] as Struct[]) entries.set(e['entityType'] as string, e['entityName'] as string | null);
      const key = quotaKey(entries);
      let q = img.quotas.get(key);
      if (d['remove'] as boolean) {
        q?.quotas.delete(d['key'] as string);
        if (q !== undefined && q.quotas.size === 0) img.quotas.delete(key);
        return;
      }
      if (q === undefined) {
        q = { entries, quotas: new Map() };
        img.quotas.set(key, q);
      }
      q.quotas.set(d['key'] as string, d['value'] as number);
      return;
    }
    case 'ProducerIdsRecord':
      img.nextProducerId = d['nextProducerId'] as bigint;
      return;
    case 'FeatureLevelRecord': {
      const name = d['name'] as string;
      const level = d['featureLevel'] as number;
      if (name === 'metadata.version') img.metadataVersionLevel = level;
      else if (level === 0) img.finalizedFeatures.delete(name);
      else img.finalizedFeatures.set(name, level);
      return;
    }
    case 'AccessControlEntryRecord':
      img.acls.set(d['id'] as string, {
        resourceType: d['resourceType'] as number,
        resourceName: d['resourceName'] as string,
        patternType: d['patternType'] as number,
        principal: d['principal'] as string,
        host: d['host'] as string,
        operation: d['operation'] as number,
        permissionType: d['permissionType'] as number,
      });
      return;
    case 'RemoveAccessControlEntryRecord':
      img.acls.delete(d['id'] as string);
      return;
    case 'UserScramCredentialRecord': {
      const mech = d['mechanism'] as number;
      let users = img.scram.get(mech);
      if (users === undefined) {
        users = new Map();
        img.scram.set(mech, users);
      }
      users.set(d['name'] as string, { salt: d['salt'] as Buffer, storedKey: d['storedKey'] as Buffer, serverKey: d['serverKey'] as Buffer, iterations: d['iterations'] as number });
      return;
    }
    case 'RemoveUserScramCredentialRecord':
      img.scram.get(d['mechanism'] as number)?.delete(d['name'] as string);
      return;
    case 'DelegationTokenRecord':
      img.tokens.set(d['tokenId'] as string, {
        tokenId: d['tokenId'] as string,
        owner: d['owner'] as string,
        requester: d['requester'] as string,
        renewers: d['renewers'] as string[],
        issueTimestamp: d['issueTimestamp'] as bigint,
        maxTimestamp: d['maxTimestamp'] as bigint,
        expiryTimestamp: d['expirationTimestamp'] as bigint,
      });
      return;
    case 'RemoveDelegationTokenRecord':
      img.tokens.delete(d['tokenId'] as string);
      return;
    default:
      // NoOpRecord, ZkMigrationStateRecord and the transaction markers (handled by the loader) change nothing here.
      return;
  }
}
