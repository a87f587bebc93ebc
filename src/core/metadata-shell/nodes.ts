// The node tree kafka-metadata-shell.sh browses: / holds `image` (Kafka's MetadataImageNode and its
// children, kafka-metadata 4.4's image/node classes) and `local` (the tool's own version). A node
// is a directory (child names, children by name) or a file (one printed line), and each file prints
// what Kafka's node prints: the registrations' toString forms, Java's Double/Optional/UTC forms.
import { operationName, patternTypeName, permissionTypeName, resourceTypeName } from '../../protocol/acl.js';
import { versionOf } from '../features/versions.js';
import { javaDouble } from '../perf/java-format.js';
import type { Acl, Broker, ConfigResource, Controller, DelegationToken, Endpoint, FeatureRange, MetadataImage, Partition, QuotaEntity, ScramCredential, Topic } from './image.js';

export interface MetadataNode {
  isDirectory(): boolean;
  childNames(): string[];
  child(name: string): MetadataNode | undefined;
  /** A file's lines (a directory prints its children, see printNode). */
  text(): string;
}

export interface NodePrinter {
  enterNode(name: string): void;
  leaveNode(): void;
  output(text: string): void;
}

/** String.compareTo: UTF-16 code unit order. */
export function javaCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** MetadataNode.print: a file outputs its text, a directory each child (sorted) under its name. */
export function printNode(node: MetadataNode, p: NodePrinter): void {
  if (!node.isDirectory()) {
    p.output(node.text());
    return;
  }
  for (const name of node.childNames().sort(javaCompare)) {
    p.enterNode(name);
    const child = node.child(name);
    if (child !== undefined) printNode(child, p);
    p.leaveNode();
  }
}

/** Kafka's ShellNodePrinter: "name:" then two more spaces of indentation per level. */
export class ShellNodePrinter implements NodePrinter {
  private level = 0;
  private readonly write: (line: string) => void;
  constructor(write: (line: string) => void) {
    this.write = write;
  }
  enterNode(name: string): void {
    this.write(`${'  '.repeat(this.level)}${name}:\n`);
    this.level++;
  }
  leaveNode(): void {
    this.level--;
  }
  output(text: string): void {
    this.write(`${'  '.repeat(this.level)}${text}\n`);
  }
}

function leaf(text: string): MetadataNode {
  return { isDirectory: () => false, childNames: () => [], child: () => undefined, text: () => text };
}

function dir(names: () => string[], child: (name: string) => MetadataNode | undefined): MetadataNode {
  return { isDirectory: () => true, childNames: names, child, text: () => '' };
}

const SECURITY_PROTOCOLS: Readonly<Record<number, string>> = { 0: 'PLAINTEXT', 1: 'SSL', 2: 'SASL_PLAINTEXT', 3: 'SASL_SSL' };
const CONFIG_TYPES: ReadonlyArray<[number, string]> = [
  [2, 'TOPIC'],
  [4, 'BROKER'],
  [8, 'BROKER_LOGGER'],
  [16, 'CLIENT_METRICS'],
  [32, 'GROUP'],
  [0, 'UNKNOWN'],
];
const SCRAM_MECHANISMS: ReadonlyArray<[number, string]> = [
  [1, 'SCRAM-SHA-256'],
  [2, 'SCRAM-SHA-512'],
];

function endpoint(e: Endpoint): string {
  return `Endpoint(listenerName='${e.name}', securityProtocol=${SECURITY_PROTOCOLS[e.securityProtocol] ?? 'UNKNOWN'}, host='${e.host}', port=${e.port})`;
}

/** VersionRange.toString: "3", "3+" (no maximum) or "1-3". */
function versionRange(f: FeatureRange): string {
  if (f.min === f.max) return String(f.min);
  if (f.max === 32767) return `${f.min}+`;
  return `${f.min}-${f.max}`;
}

function listeners(ls: readonly Endpoint[]): string {
  const byName = new Map(ls.map((e) => [e.name, e]));
  return [...byName.keys()].sort(javaCompare).map((n) => endpoint(byName.get(n) as Endpoint)).join(', ');
}

function supportedFeatures(fs: readonly FeatureRange[]): string {
  const byName = new Map(fs.map((f) => [f.name, f]));
  return [...byName.keys()].sort(javaCompare).map((n) => `${n}: ${versionRange(byName.get(n) as FeatureRange)}`).join(', ');
}

const list = (xs: readonly (number | string)[]): string => `[${xs.join(', ')}]`;

export function brokerString(b: Broker): string {
  return `BrokerRegistration(id=${b.id}, epoch=${b.epoch}, incarnationId=${b.incarnationId}, listeners=[${listeners(b.listeners)}], supportedFeatures={${supportedFeatures(b.features)}}, rack=${b.rack === null ? 'Optional.empty' : `Optional[${b.rack}]`}, fenced=${b.fenced}, inControlledShutdown=${b.inControlledShutdown}, isMigratingZkBroker=${b.isMigratingZkBroker}, directories=${list(b.directories)}, cordonedDirectories=${list(b.cordonedDirectories)})`;
}

export function controllerString(c: Controller): string {
  return `ControllerRegistration(id=${c.id}, incarnationId=${c.incarnationId}, zkMigrationReady=${c.zkMigrationReady}, listeners=[${listeners(c.listeners)}], supportedFeatures={${supportedFeatures(c.features)}})`;
}

export function partitionString(p: Partition): string {
  const lrs = p.leaderRecoveryState === 0 ? 'RECOVERED' : p.leaderRecoveryState === 1 ? 'RECOVERING' : String(p.leaderRecoveryState);
  return `PartitionRegistration(replicas=${list(p.replicas)}, directories=${list(p.directories)}, isr=${list(p.isr)}, removingReplicas=${list(p.removingReplicas)}, addingReplicas=${list(p.addingReplicas)}, elr=${list(p.elr)}, lastKnownElr=${list(p.lastKnownElr)}, leader=${p.leader}, leaderRecoveryState=${lrs}, leaderEpoch=${p.leaderEpoch}, partitionEpoch=${p.partitionEpoch})`;
}

export function aclString(a: Acl): string {
  return `StandardAcl[resourceType=${resourceTypeName(a.resourceType)}, resourceName=${a.resourceName}, patternType=${patternTypeName(a.patternType)}, principal=${a.principal}, host=${a.host}, operation=${operationName(a.operation)}, permissionType=${permissionTypeName(a.permissionType)}]`;
}

export function scramString(c: ScramCredential): string {
  return `ScramCredentialData(salt=${c.salt.toString('hex')}, storedKey=${c.storedKey.toString('hex')}, serverKey=${c.serverKey.toString('hex')}, iterations=${c.iterations})`;
}

export function tokenString(t: DelegationToken): string {
  return `DelegationTokenDatatokenId=${t.tokenId}(owner=${t.owner}(tokenRequester=${t.requester}(renewers=${t.renewers.join(' ')}, issueTimestamp=${t.issueTimestamp}, maxTimestamp=${t.maxTimestamp}), expiryTimestamp=${t.expiryTimestamp}`;
}

/** ProvenanceNode: ISO_ZONED_DATE_TIME of the UTC zone ("2026-12-07T02:45:58.393Z[UTC]"). */
export function provenanceString(img: MetadataImage): string {
  const p = img.provenance;
  return `offset ${p.offset}, epoch ${p.epoch}, time ${isoZoned(p.timeMs)}`;
}

function isoZoned(ms: bigint): string {
  const iso = new Date(Number(ms)).toISOString(); // 2026-12-07T02:45:58.393Z
  // ISO_LOCAL_TIME: seconds always, then as few fraction digits as the value needs (none for 0).
  const body = iso.slice(0, -1).replace(/0+$/, '').replace(/\.$/, '');
  return `${body}Z[UTC]`;
}

function escapeQuotaName(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)');
}

/** ClientQuotasImageNode.clientQuotaEntityToString: clientId, ip, user; default (null) names are left out. */
export function quotaEntityName(q: QuotaEntity): string {
  const parts: string[] = [];
  const clientId = q.entries.get('client-id');
  const ip = q.entries.get('ip');
  const user = q.entries.get('user');
  if (clientId !== undefined && clientId !== null) parts.push(`clientId(${escapeQuotaName(clientId)})`);
  if (ip !== undefined && ip !== null) parts.push(`ip(${escapeQuotaName(ip)})`);
  if (user !== undefined && user !== null) parts.push(`user(${escapeQuotaName(user)})`);
  return parts.join('_');
}

/** ClientQuotasImageNode.decodeEntity: the entity a node name stands for, or undefined. */
export function decodeQuotaEntity(input: string): Map<string, string> | undefined {
  const entries = new Map<string, string>();
  let type: string | undefined;
  let value = '';
  let escaping = false;
  let i = 0;
  for (;;) {
    if (i >= input.length) return undefined;
    if (type === undefined) {
      const rest = input.slice(i);
      const prefix = ['clientId(', 'ip(', 'user('].find((p) => rest.startsWith(p));
      if (prefix === undefined) return undefined;
      type = prefix === 'clientId(' ? 'client-id' : prefix.slice(0, -1);
      i += prefix.length;
      continue;
    }
    const c = input[i++] as string;
    if (escaping) {
      value += c;
      escaping = false;
    } else if (c === ')') {
      entries.set(type, value);
      type = undefined;
      value = '';
    } else if (c === '\\') {
      escaping = true;
    } else {
      value += c;
    }
    if (type === undefined) {
      if (i >= input.length) return entries;
      if (input[i++] !== '_') return undefined;
    }
  }
}

function quotasNode(img: MetadataImage): MetadataNode {
  return dir(
    () => [...img.quotas.values()].map(quotaEntityName),
    (name) => {
      const wanted = decodeQuotaEntity(name);
      if (wanted === undefined) return undefined;
      const q = [...img.quotas.values()].find((x) => x.entries.size === wanted.size && [...wanted].every(([k, v]) => x.entries.get(k) === v));
      if (q === undefined) return undefined;
      return dir(
        () => [...q.quotas.keys()],
        (key) => {
          const v = q.quotas.get(key);
          return v === undefined ? undefined : leaf(javaDouble(v));
        },
      );
    },
  );
}

function configName(r: ConfigResource): string {
  const type = CONFIG_TYPES.find(([code]) => code === r.type)?.[1] ?? 'UNKNOWN';
  return r.name === '' ? type : `${type}:${r.name}`;
}

function configsNode(img: MetadataImage): MetadataNode {
  return dir(
    () => [...img.configs.values()].map(configName),
    (name) => {
      // ConfigurationsImageNode.resourceFromName: the first type (in ConfigResource.Type's order) the name starts with.
      const match = CONFIG_TYPES.find(([, t]) => name.startsWith(t));
      if (match === undefined) return undefined;
      const key = name.slice(match[1].length);
      if (key !== '' && !key.startsWith(':')) return undefined;
      const r = [...img.configs.values()].find((x) => x.type === match[0] && x.name === (key === '' ? '' : key.slice(1)));
      if (r === undefined) return undefined;
      return dir(
        () => [...r.data.keys()],
        (k) => {
          const v = r.data.get(k);
          return v === undefined ? undefined : leaf(v);
        },
      );
    },
  );
}

function topicNode(t: Topic): MetadataNode {
  return dir(
    () => ['name', 'id', ...[...t.partitions.keys()].map(String)],
    (name) => {
      if (name === 'name') return leaf(t.name);
      if (name === 'id') return leaf(t.id);
      if (!/^[+-]?\d+$/.test(name)) return undefined;
      const p = t.partitions.get(Number(name));
      return p === undefined ? undefined : leaf(partitionString(p));
    },
  );
}

/** Java's Integer.valueOf for a node name: undefined when not an int. */
function javaInt(name: string): number | undefined {
  if (!/^[+-]?\d+$/.test(name)) return undefined;
  const n = Number(name);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

export function imageNode(img: MetadataImage): MetadataNode {
  const children: Record<string, () => MetadataNode> = {
    provenance: () => leaf(provenanceString(img)),
    features: () =>
      dir(
        () => ['metadataVersion', ...[...img.finalizedFeatures.keys()].map((n) => `finalized_${n}`)],
        (name) => {
          if (name === 'metadataVersion') {
            const level = img.metadataVersionLevel;
            return leaf(level === undefined ? 'Optional.empty' : `Optional[${versionOf(level) ?? `level ${level}`}]`);
          }
          if (name.startsWith('finalized_')) return leaf(String(img.finalizedFeatures.get(name.slice('finalized_'.length)) ?? 0));
          return undefined;
        },
      ),
    cluster: () =>
      dir(
        () => ['brokers', 'controllers'],
        (name) => {
          if (name === 'brokers') {
            return dir(
              () => [...img.brokers.keys()].map(String),
              (id) => {
                const b = img.brokers.get(javaInt(id) ?? NaN);
                return b === undefined ? undefined : leaf(brokerString(b));
              },
            );
          }
          if (name === 'controllers') {
            return dir(
              () => [...img.controllers.keys()].map(String),
              (id) => {
                const c = img.controllers.get(javaInt(id) ?? NaN);
                return c === undefined ? undefined : leaf(controllerString(c));
              },
            );
          }
          return undefined;
        },
      ),
    topics: () =>
      dir(
        () => ['byName', 'byId'],
        (name) => {
          if (name === 'byName') {
            return dir(
              () => [...img.topics.keys()],
              (n) => {
                const t = img.topics.get(n);
                return t === undefined ? undefined : topicNode(t);
              },
            );
          }
          if (name === 'byId') {
            return dir(
              () => [...img.topics.values()].map((t) => t.id),
              (id) => {
                const t = [...img.topics.values()].find((x) => x.id === id);
                return t === undefined ? undefined : topicNode(t);
              },
            );
          }
          return undefined;
        },
      ),
    configs: () => configsNode(img),
    clientQuotas: () => quotasNode(img),
    producerIds: () => dir(() => ['nextProducerId'], (name) => (name === 'nextProducerId' ? leaf(String(img.nextProducerId)) : undefined)),
    acls: () =>
      dir(
        () => ['byId'],
        (name) =>
          name === 'byId'
            ? dir(
                () => [...img.acls.keys()],
                (id) => {
                  const a = img.acls.get(id);
                  return a === undefined ? undefined : leaf(aclString(a));
                },
              )
            : undefined,
      ),
    scram: () =>
      dir(
        () => SCRAM_MECHANISMS.map(([, n]) => n),
        (name) => {
          const mech = SCRAM_MECHANISMS.find(([, n]) => n === name);
          if (mech === undefined) return undefined;
          const users = img.scram.get(mech[0]) ?? new Map<string, ScramCredential>();
          return dir(
            () => [...users.keys()],
            (user) => {
              const c = users.get(user);
              return c === undefined ? undefined : leaf(scramString(c));
            },
          );
        },
      ),
    delegationToken: () =>
      dir(
        () => [...img.tokens.keys()],
        (id) => {
          const t = img.tokens.get(id);
          return t === undefined ? undefined : leaf(tokenString(t));
        },
      ),
  };
  return dir(
    () => Object.keys(children),
    (name) => (Object.hasOwn(children, name) ? (children[name] as () => MetadataNode)() : undefined),
  );
}

/** RootShellNode: `local` (the tool's version and commit) and `image`. */
export function rootNode(img: MetadataImage, local: { version: string; commitId: string }): MetadataNode {
  return dir(
    () => ['local', 'image'],
    (name) => {
      if (name === 'image') return imageNode(img);
      if (name === 'local') return dir(() => ['version', 'commitId'], (n) => (n === 'version' ? leaf(local.version) : n === 'commitId' ? leaf(local.commitId) : undefined));
      return undefined;
    },
  );
}
