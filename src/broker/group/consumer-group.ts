// The state of a KIP-848 consumer group (Kafka's ConsumerGroup and ConsumerGroupMember) and the
// small helpers over partition maps that the coordinator (consumer-coordinator.ts) uses.
import { randomBytes } from 'node:crypto';
import { DEFAULT_ASSIGNOR, type TopicPartitionMap } from './assignors.js';

/** The epochs a member sends to leave: dynamic (-1) and static, keeping its instance id (-2). */
export const LEAVE_GROUP_MEMBER_EPOCH = -1;
export const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

/** Kafka's MemberState ids, as stored in ConsumerGroupCurrentMemberAssignmentValue.State. */
export const MemberState = { STABLE: 0, UNREVOKED_PARTITIONS: 1, UNRELEASED_PARTITIONS: 2 } as const;

/** group.consumer.session.timeout.ms and group.consumer.heartbeat.interval.ms defaults. */
export const DEFAULT_CONSUMER_SESSION_TIMEOUT_MS = 45_000;
export const DEFAULT_CONSUMER_HEARTBEAT_INTERVAL_MS = 5_000;

export interface TopicInfo {
  id: string;
  name: string;
  numPartitions: number;
}

/** What the coordinator reads of the topics (ids, names, partition counts). */
export interface TopicsView {
  byName(name: string): TopicInfo | undefined;
  byId(id: string): TopicInfo | undefined;
  /** Every topic a regular expression may match: internal topics excluded, as Kafka does. */
  names(): string[];
}

export interface ConsumerHeartbeatInput {
  apiVersion: number;
  groupId: string;
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  rebalanceTimeoutMs: number;
  subscribedTopicNames: string[] | null;
  subscribedTopicRegex: string | null;
  serverAssignor: string | null;
  topicPartitions: { topicId: string; partitions: number[] }[] | null;
  clientId: string;
  clientHost: string;
}

export interface HeartbeatAssignment {
  topicPartitions: { topicId: string; partitions: number[] }[];
}

export interface ConsumerHeartbeatResult {
  errorCode: number;
  errorMessage: string | null;
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  assignment: HeartbeatAssignment | null;
}

export interface DescribedTopicPartitions {
  topicId: string;
  topicName: string;
  partitions: number[];
}

export interface ConsumerDescribedMember {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  assignment: { topicPartitions: DescribedTopicPartitions[] };
  targetAssignment: { topicPartitions: DescribedTopicPartitions[] };
}

export interface ConsumerDescribedGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ConsumerDescribedMember[];
}

/** What a member that speaks the classic protocol (JoinGroup/SyncGroup/Heartbeat) keeps of it. */
export interface ClassicMemberMetadata {
  sessionTimeoutMs: number;
  /** Its JoinGroup protocols in its order of preference (the consumer protocol's assignors). */
  supportedProtocols: { name: string; metadata: Buffer }[];
}

export interface ConsumerMember {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  /** "" when the member subscribes by names (Kafka's default). */
  subscribedTopicRegex: string;
  rebalanceTimeoutMs: number;
  serverAssignor: string | null;
  memberEpoch: number;
  previousMemberEpoch: number;
  state: number;
  assigned: TopicPartitionMap;
  pendingRevocation: TopicPartitionMap;
  /** Set for a classic member of this consumer group (Kafka 4's mixed groups), null otherwise. */
  classic: ClassicMemberMetadata | null;
}

export class ConsumerGroup {
  groupEpoch = 0;
  assignmentEpoch = 0;
  readonly members = new Map<string, ConsumerMember>();
  /** instance id → member id */
  readonly staticMembers = new Map<string, string>();
  readonly targetAssignment = new Map<string, TopicPartitionMap>();
  /** Subscribed topic name → its id and partition count, as last stored. */
  subscriptionMetadata = new Map<string, TopicInfo>();
  /** topic id → partition → epoch of the member that owns it (assigned or pending revocation). */
  readonly partitionEpochs = new Map<string, Map<number, number>>();
  /** When the group last changed state, for offset retention. */
  stateTimestamp: number;
  readonly groupId: string;

  constructor(groupId: string, now: number) {
    this.groupId = groupId;
    this.stateTimestamp = now;
  }

  /** Kafka's ConsumerGroupState names. */
  get state(): string {
    if (this.members.size === 0) return 'Empty';
    if (this.groupEpoch > this.assignmentEpoch) return 'Assigning';
    for (const m of this.members.values()) {
      if (m.memberEpoch !== this.assignmentEpoch || m.state !== MemberState.STABLE) return 'Reconciling';
    }
    return 'Stable';
  }

  currentPartitionEpoch(topicId: string, partition: number): number {
    return this.partitionEpochs.get(topicId)?.get(partition) ?? -1;
  }

  /** The most used server assignor among the members, else the default (Kafka's preferredServerAssignor). */
  preferredAssignor(): string {
    return preferredServerAssignor(this.members.values());
  }

  isSubscribedToTopic(topic: string): boolean {
    return this.subscriptionMetadata.has(topic);
  }

  /** How many members speak the classic protocol. */
  classicMemberCount(): number {
    let n = 0;
    for (const m of this.members.values()) if (m.classic !== null) n++;
    return n;
  }

  /**
   * ConsumerGroup.supportsClassicProtocols: a classic member may join with the consumer protocol
   * type and one protocol (assignor) every classic member already in the group supports.
   */
  supportsClassicProtocols(protocolType: string, names: readonly string[]): boolean {
    if (protocolType !== 'consumer') return false;
    if (this.members.size === 0) return names.length > 0;
    const classic = [...this.members.values()].filter((m) => m.classic !== null);
    return names.some((n) => classic.every((m) => m.classic?.supportedProtocols.some((p) => p.name === n) === true));
  }

  /** Whether every member but `memberId` is classic, `memberId` itself not (a downgrade's condition). */
  allMembersUseClassicProtocolExcept(memberId: string): boolean {
    const m = this.members.get(memberId);
    return m !== undefined && m.classic === null && this.classicMemberCount() === this.members.size - 1;
  }

  /** ConsumerGroup.waitingOnUnreleasedPartition: a target partition still owned by another member. */
  waitingOnUnreleasedPartition(m: ConsumerMember): boolean {
    if (m.state !== MemberState.UNRELEASED_PARTITIONS) return false;
    for (const [t, ps] of this.targetAssignment.get(m.memberId) ?? new Map<string, Set<number>>()) {
      const mine = m.assigned.get(t);
      for (const p of ps) if (mine?.has(p) !== true && this.currentPartitionEpoch(t, p) !== -1) return true;
    }
    return false;
  }
}

export function emptyMember(memberId: string): ConsumerMember {
  return {
    memberId,
    instanceId: null,
    rackId: null,
    clientId: '',
    clientHost: '',
    subscribedTopicNames: [],
    subscribedTopicRegex: '',
    rebalanceTimeoutMs: -1,
    serverAssignor: null,
    memberEpoch: 0,
    previousMemberEpoch: 0,
    state: MemberState.STABLE,
    assigned: new Map(),
    pendingRevocation: new Map(),
    classic: null,
  };
}

export function cloneMap(m: TopicPartitionMap): TopicPartitionMap {
  return new Map([...m].map(([t, ps]) => [t, new Set(ps)]));
}

export function mapsEqual(a: TopicPartitionMap, b: TopicPartitionMap): boolean {
  const nonEmpty = (m: TopicPartitionMap): [string, Set<number>][] => [...m].filter(([, s]) => s.size > 0);
  const ea = nonEmpty(a);
  const eb = nonEmpty(b);
  if (ea.length !== eb.length) return false;
  for (const [t, s] of ea) {
    const o = b.get(t);
    if (o === undefined || o.size !== s.size) return false;
    for (const p of s) if (!o.has(p)) return false;
  }
  return true;
}

export function toList(m: TopicPartitionMap): { topicId: string; partitions: number[] }[] {
  return [...m]
    .filter(([, s]) => s.size > 0)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([topicId, s]) => ({ topicId, partitions: [...s].sort((x, y) => x - y) }));
}

export function fromList(list: readonly { topicId: string; partitions: readonly number[] }[]): TopicPartitionMap {
  const m: TopicPartitionMap = new Map();
  for (const t of list) {
    let s = m.get(t.topicId);
    if (s === undefined) m.set(t.topicId, (s = new Set()));
    for (const p of t.partitions) s.add(p);
  }
  return m;
}

export function sameClassic(a: ClassicMemberMetadata | null, b: ClassicMemberMetadata | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.sessionTimeoutMs === b.sessionTimeoutMs &&
    a.supportedProtocols.length === b.supportedProtocols.length &&
    a.supportedProtocols.every((p, i) => p.name === b.supportedProtocols[i]?.name && p.metadata.equals(b.supportedProtocols[i].metadata))
  );
}

export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The most used server assignor among `members`, else the default. */
export function preferredServerAssignor(members: Iterable<ConsumerMember>): string {
  const counts = new Map<string, number>();
  for (const m of members) {
    if (m.serverAssignor !== null && m.serverAssignor !== '') counts.set(m.serverAssignor, (counts.get(m.serverAssignor) ?? 0) + 1);
  }
  let best = DEFAULT_ASSIGNOR;
  let bestCount = 0;
  for (const [name, n] of counts) {
    if (n > bestCount) {
      best = name;
      bestCount = n;
    }
  }
  return best;
}

/** POSIX classes RE2 accepts inside brackets, as JS ranges. */
const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * RE2 syntax that JavaScript spells differently, rewritten: `\Q…\E` (literal text), `\A` and `\z`
 * (start and end of text), `(?P<name>…)` named groups, POSIX classes in brackets (`[[:alpha:]]`),
 * a leading flag group (`(?i)`, `(?s)`, `(?m)`, `(?U)` refused) and `\pL`/`\p{…}` (with the u flag).
 * Returns the JS pattern and flags, or RE2/J's description of what it refuses.
 */
function re2ToJs(source: string): { pattern: string; flags: string } | string {
  let flags = '';
  let src = source;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(src);
  if (lead !== null) {
    for (const f of lead[1] ?? '') {
      if (f === 'i' || f === 's' || f === 'm') flags += flags.includes(f) ? '' : f;
      else return 'invalid or unsupported Perl syntax';
    }
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return 'trailing backslash at end of expression';
      if (n === 'Q') {
        const stop = src.indexOf('\\E', i + 2);
        const literal = stop === -1 ? src.slice(i + 2) : src.slice(i + 2, stop);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = stop === -1 ? src.length : stop + 1;
        continue;
      }
      if (!inClass && n === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (!inClass && n === 'z') {
        out += '$';
        i++;
        continue;
      }
      if (n === 'p' || n === 'P') {
        if (!flags.includes('u')) flags += 'u';
        const brace = src[i + 2] === '{';
        const name = brace ? src.slice(i + 3, src.indexOf('}', i + 3)) : (src[i + 2] ?? '');
        // RE2 names scripts bare (\p{Greek}); JavaScript wants Script= for them, not for categories (\p{Lu}).
        out += `\\${n}{${/^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`}}`;
        i += brace ? name.length + 3 : 2;
        continue;
      }
      if (n === 'C') return 'invalid escape sequence';
      out += c + n;
      i++;
      continue;
    }
    if (inClass && c === '[' && src[i + 1] === ':') {
      const close = src.indexOf(':]', i + 2);
      const name = close === -1 ? '' : src.slice(i + 2, close);
      const negated = name.startsWith('^');
      const range = POSIX_CLASSES[negated ? name.slice(1) : name];
      if (range === undefined) return 'invalid character class range';
      if (negated) return 'invalid character class range';
      out += range;
      i = close + 1;
      continue;
    }
    if (!inClass && c === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (c === '[' && !inClass) {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i] as string;
      if (src[i + 1] === ']') out += `\\${src[++i] as string}`;
      continue;
    }
    if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return { pattern: out, flags };
}

/**
 * A topic regular expression as Kafka compiles it (RE2/J), matched against the whole name. RE2
 * syntax JavaScript spells differently is rewritten (re2ToJs); RE2/J refuses lookaround and
 * backreferences, so those are refused too; the description after "not a valid regular
 * expression:" uses RE2/J's words for the common mistakes.
 */
export function compileTopicRegex(source: string): RegExp | string {
  if (/\(\?<?[=!]/.test(source)) return 'invalid or unsupported Perl syntax';
  if (/\\[1-9]/.test(source)) return 'invalid escape sequence';
  // Possessive quantifiers are Java's, not RE2's.
  if (/(?:[*+?]|\{\d+(?:,\d*)?\})\+/.test(source.replace(/\\./g, ''))) return 'bad repetition operator';
  const js = re2ToJs(source);
  if (typeof js === 'string') return js;
  try {
    return new RegExp(`^(?:${js.pattern})$`, js.flags);
  } catch (err) {
    const msg = (err as Error).message;
    if (/Unterminated group/.test(msg)) return 'missing closing )';
    if (/Unmatched '\)'/.test(msg)) return 'unexpected )';
    if (/Unterminated character class/.test(msg)) return 'missing closing ]';
    if (/Nothing to repeat/.test(msg)) return 'missing argument to repetition operator';
    return msg.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
  }
}

/** Kafka's Uuid.randomUuid().toString(): 16 random bytes, base64url without padding. */
export function newMemberId(): string {
  return randomBytes(16).toString('base64url');
}

