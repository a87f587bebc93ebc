// The server-side assignors of KIP-848 consumer groups: `uniform` (the default) and `range`.
// Both are deterministic: members are taken in member-id order and topics in name order.
// - uniform: each member subscribed to the same topics gets ⌊P/N⌋ or ⌈P/N⌉ partitions, keeping as
//   many of its current target partitions as its quota allows (sticky), the rest go to the least
//   loaded members. With different subscriptions, a member keeps its still-valid partitions and each
//   free partition goes to the least-loaded member subscribed to its topic. Kafka's
//   Optimized/GeneralUniformAssignmentBuilder balance the same way; which member gets which
//   partition first can differ (Kafka iterates hash maps), which no client relies on.
// - range: per topic, each subscriber gets ⌊P/N⌋ partitions, P mod N of them one more (first those
//   that already hold more, then in member-id order); a member keeps its current partitions of the
//   topic within its quota and the free ones are handed out in ascending order, so a fresh group gets
//   the classic RangeAssignor's consecutive ranges and co-partitioned topics line up, as with Kafka's
//   server-side range assignor, which is sticky the same way.

/** topic id → partitions */
export type TopicPartitionMap = Map<string, Set<number>>;

export interface AssignorTopic {
  id: string;
  name: string;
  numPartitions: number;
}

export interface AssignorMember {
  memberId: string;
  /** Ids of the existing topics this member subscribes to. */
  topicIds: ReadonlySet<string>;
  /** Its current target assignment (stickiness). */
  current: TopicPartitionMap;
}

export type Assignor = (members: readonly AssignorMember[], topics: ReadonlyMap<string, AssignorTopic>) => Map<string, TopicPartitionMap>;

export const DEFAULT_ASSIGNOR = 'uniform';

function sortedMembers(members: readonly AssignorMember[]): AssignorMember[] {
  return [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}

function sortedTopics(topics: ReadonlyMap<string, AssignorTopic>): AssignorTopic[] {
  return [...topics.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function add(map: TopicPartitionMap, topicId: string, partition: number): void {
  let s = map.get(topicId);
  if (s === undefined) map.set(topicId, (s = new Set()));
  s.add(partition);
}

const uniform: Assignor = (input, topics) => {
  const members = sortedMembers(input);
  const result = new Map<string, TopicPartitionMap>(members.map((m) => [m.memberId, new Map()]));
  if (members.length === 0) return result;
  const key = (t: string, p: number): string => `${t}:${p}`;
  const taken = new Set<string>();
  const load = new Map<string, number>(members.map((m) => [m.memberId, 0]));
  const give = (m: AssignorMember, t: string, p: number): void => {
    add(result.get(m.memberId) as TopicPartitionMap, t, p);
    taken.add(key(t, p));
    load.set(m.memberId, (load.get(m.memberId) as number) + 1);
  };
  const first = members[0] as AssignorMember;
  const homogeneous = members.every((m) => m.topicIds.size === first.topicIds.size && [...m.topicIds].every((t) => first.topicIds.has(t)));
  const all: [string, number][] = [];
  for (const t of sortedTopics(topics)) {
    if (!members.some((m) => m.topicIds.has(t.id))) continue;
    for (let p = 0; p < t.numPartitions; p++) all.push([t.id, p]);
  }
  const valid = (m: AssignorMember, t: string, p: number): boolean => m.topicIds.has(t) && p < (topics.get(t)?.numPartitions ?? 0);
  if (homogeneous) {
    const base = Math.floor(all.length / members.length);
    let extra = all.length % members.length;
    // Keep current partitions: every member up to the base quota, then one more while extras remain.
    for (const m of members) {
      const current: [string, number][] = [];
      for (const [t, ps] of m.current) for (const p of [...ps].sort((a, b) => a - b)) if (valid(m, t, p) && !taken.has(key(t, p))) current.push([t, p]);
      let quota = base;
      if (current.length > base && extra > 0) {
        quota++;
        extra--;
      }
      for (const [t, p] of current.slice(0, quota)) give(m, t, p);
    }
  } else {
    for (const m of members) for (const [t, ps] of m.current) for (const p of ps) if (valid(m, t, p) && !taken.has(key(t, p))) give(m, t, p);
  }
  // Each free partition to the least loaded member subscribed to its topic (the first in member-id
  // order on a tie), so with equal subscriptions nobody reaches base+1 while another is below base.
  for (const [t, p] of all) {
    if (taken.has(key(t, p))) continue;
    let best: AssignorMember | undefined;
    for (const m of members) {
      if (m.topicIds.has(t) && (best === undefined || (load.get(m.memberId) as number) < (load.get(best.memberId) as number))) best = m;
    }
    if (best !== undefined) give(best, t, p);
  }
  return result;
};

const range: Assignor = (input, topics) => {
  const members = sortedMembers(input);
  const result = new Map<string, TopicPartitionMap>(members.map((m) => [m.memberId, new Map()]));
  for (const t of sortedTopics(topics)) {
    const subs = members.filter((m) => m.topicIds.has(t.id));
    if (subs.length === 0) continue;
    const base = Math.floor(t.numPartitions / subs.length);
    let extra = t.numPartitions % subs.length;
    const held = (m: AssignorMember): number[] => [...(m.current.get(t.id) ?? [])].filter((p) => p < t.numPartitions).sort((a, b) => a - b);
    // Extra partitions go first to members already holding more than the base, then in member order.
    const quota = new Map<string, number>(subs.map((m) => [m.memberId, base]));
    for (const m of subs) {
      if (extra > 0 && held(m).length > base) {
        quota.set(m.memberId, base + 1);
        extra--;
      }
    }
    for (const m of subs) {
      if (extra > 0 && quota.get(m.memberId) === base) {
        quota.set(m.memberId, base + 1);
        extra--;
      }
    }
    const taken = new Set<number>();
    for (const m of subs) {
      for (const p of held(m).slice(0, quota.get(m.memberId))) {
        if (taken.has(p)) continue;
        add(result.get(m.memberId) as TopicPartitionMap, t.id, p);
        taken.add(p);
      }
    }
    let next = 0;
    for (const m of subs) {
      const mine = result.get(m.memberId) as TopicPartitionMap;
      while ((mine.get(t.id)?.size ?? 0) < (quota.get(m.memberId) ?? 0)) {
        while (taken.has(next)) next++;
        add(mine, t.id, next);
        taken.add(next);
      }
    }
  }
  return result;
};

/** The assignors by name, in the order Kafka lists them in UNSUPPORTED_ASSIGNOR's message. */
export const ASSIGNORS: ReadonlyMap<string, Assignor> = new Map([
  ['uniform', uniform],
  ['range', range],
]);

/** The named assignor, or the default one for a name it does not know. */
export function assignorNamed(name: string): Assignor {
  return ASSIGNORS.get(name) ?? uniform;
}
