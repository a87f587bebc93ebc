// The differential corpus (issue 11 §2): the same requests, byte for byte at the same version, to Apache
// Kafka 4.4 (one KRaft node) and to our broker, compared field by field after normalising only what
// differs by nature (node/cluster/topic/producer/member ids, hosts, ports, throttle times). Every
// divergence left is listed in DIVERGENCES with its reason and asserted exactly, so it cannot drift.
// TKAFKA_DIFF_DISCOVER=1 logs every diff instead of asserting (and writes both sides' normalised answers
// to /tmp/differential-values.jsonl), for finding new divergences.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AlterPartitionReassignmentsApi } from '../../src/protocol/generated/apis/alter-partition-reassignments.js';
import { DescribeQuorumApi } from '../../src/protocol/generated/apis/describe-quorum.js';
import { DescribeTopicPartitionsApi } from '../../src/protocol/generated/apis/describe-topic-partitions.js';
import { ElectLeadersApi } from '../../src/protocol/generated/apis/elect-leaders.js';
import { ListPartitionReassignmentsApi } from '../../src/protocol/generated/apis/list-partition-reassignments.js';
import { AlterUserScramCredentialsApi } from '../../src/protocol/generated/apis/alter-user-scram-credentials.js';
import { DescribeUserScramCredentialsApi } from '../../src/protocol/generated/apis/describe-user-scram-credentials.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { settle, waitFor } from '../helpers/wait.js';
import { defaultConsumerGroupHeartbeatRequest, type ConsumerGroupHeartbeatRequest } from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { A, diff, normalise, plain, Wire, type Api, type SideInfo } from './differential.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const TIER = 'differential (Apache Kafka 4.4 vs tkafka)';
const RUN = Math.random().toString(36).slice(2, 7);
const T0 = 1_700_000_000_000n;
const n = (s: string): string => `diff-${RUN}-${s}`;

interface Side extends SideInfo {
  name: 'kafka' | 'tkafka';
  w: Wire;
  bootstrap: string;
  /** Highest version of `a` both brokers and our codecs support. */
  hi(a: Api<unknown, unknown>): number;
  /** Lowest version both brokers support (Kafka 4 dropped the oldest). */
  lo(a: Api<unknown, unknown>): number;
}

const MIN_ISR_WHY =
  "Kafka's formatting tool (kafka-storage format) writes min.insync.replicas=1 as a cluster-wide dynamic default, so Kafka reports it as DYNAMIC_DEFAULT_BROKER_CONFIG; tkafka has no such record and reports Kafka's built-in default";

/**
 * Divergences that stay, each with its reason; the diff lines are asserted exactly. Scenario → reason + diffs.
 */
const DIVERGENCES: Record<string, { why: string; diffs: string[] }> = {
  'Metadata: auto-creates an unknown topic': {
    why: 'single node, synchronous creation: tkafka answers the creating Metadata request with the new topic (NONE); Kafka answers UNKNOWN_TOPIC_OR_PARTITION while its controller creates it, and the same topic on the retry',
    diffs: ['$.first[0]: kafka=3 tkafka=0'],
  },
  'Produce: v0 (advertised by both)': {
    why: 'intentional: Kafka 4.4 still advertises Produce v0 but closes the connection (KIP-896 removed v0-2); tkafka serves v0-2 for old clients',
    diffs: [
      '$.failed: kafka="connection closed by the broker" tkafka=undefined',
      `$.responses: kafka=undefined tkafka=[{"name":"${n('p0')}","partitionResponses":[{"index":0,"errorCode":0,"baseOffset":"0n","logAppendTimeMs":"-1n","logStartOffset":"-1n","recordErrors":[],"errorMessage":null,"currentLeader":{"leaderId":-1,"leaderEpoch":-1}}]}]`,
      '$.throttleTimeMs: kafka=undefined tkafka="<throttle>"',
      '$.nodeEndpoints: kafka=undefined tkafka=[]',
    ],
  },
  ...Object.fromEntries(
    ['CreateTopics: default partitions and replication factor (-1, -1)', 'CreateTopics: validateOnly success', 'CreateTopics: success returns the topic configs'].map((name) => [
      name,
      { why: MIN_ISR_WHY, diffs: ['$.topics[0].configs[23].configSource: kafka=3 tkafka=5'] },
    ]),
  ),
  'DescribeConfigs: every config of a topic with overrides': {
    why: MIN_ISR_WHY,
    diffs: ['$.results[0].configs[23].configSource: kafka=3 tkafka=5', '$.results[0].configs[23].synonyms.length: kafka=2 tkafka=1'],
  },
  'IncrementalAlterConfigs: unknown operation': {
    why: 'intentional: Kafka 4.4 fails on an unknown operation id with UNKNOWN_SERVER_ERROR (an internal exception); tkafka answers INVALID_REQUEST with a reason',
    diffs: ['$.responses[0].errorCode: kafka=-1 tkafka=42', '$.responses[0].errorMessage: kafka=null tkafka="Unknown operations type 9"'],
  },
  'ApiVersions v4: supported and finalized features': {
    why:
      'intentional: tkafka advertises only the features it serves, at the levels it serves (README): transaction.version 0 (level 2 makes Java 4.x clients use KIP-890 part 2 transactions, Produce v12 / EndTxn v5, not served), kraft.version 0 (a static one-voter quorum); ' +
      'share groups, KIP-1071 streams groups and eligible leader replicas are not served, so share.version, streams.version and eligible.leader.replicas.version are not listed',
    diffs: [
      '$.supported.kraft.version: kafka="0-1" tkafka="0-0"',
      '$.supported.share.version: kafka="0-2" tkafka=undefined',
      '$.supported.streams.version: kafka="0-1" tkafka=undefined',
      '$.supported.transaction.version: kafka="0-2" tkafka="0-0"',
      '$.supported.eligible.leader.replicas.version: kafka="0-1" tkafka=undefined',
      '$.finalized.eligible.leader.replicas.version: kafka="1-1" tkafka=undefined',
      '$.finalized.share.version: kafka="2-2" tkafka=undefined',
      '$.finalized.streams.version: kafka="1-1" tkafka=undefined',
      '$.finalized.transaction.version: kafka="2-2" tkafka=undefined',
    ],
  },
  'DescribeConfigs: broker configs both serve': {
    why:
      'intentional: group.initial.rebalance.delay.ms defaults to 0 (README); min.insync.replicas: see the topic rows; ' +
      'tkafka defaults node.id to 1 (a node.id DEFAULT synonym) where Kafka requires it and copies it into broker.id as a static config. ' +
      'Kafka serves 300 more broker configs (listeners, threads, quotas, SSL/SASL, KRaft) that tkafka does not have',
    diffs: [
      '$.configs.broker.id.configSource: kafka=4 tkafka=5',
      '$.configs.broker.id.synonyms.length: kafka=2 tkafka=1',
      '$.configs.group.initial.rebalance.delay.ms.synonyms[1].value: kafka="3000" tkafka="0"',
      '$.configs.min.insync.replicas.configSource: kafka=3 tkafka=5',
      '$.configs.min.insync.replicas.synonyms.length: kafka=2 tkafka=1',
      '$.configs.node.id.synonyms.length: kafka=1 tkafka=2',
    ],
  },
};

type Ranges = Map<number, [number, number]>;
let kafka: Side;
let ours: Side;
let broker: TestBroker;
const discovered: Record<string, string[]> = {};


function batch(records: { key?: string; value: string; ts?: bigint }[], opts: { producerId?: bigint; producerEpoch?: number; baseSequence?: number; isTransactional?: boolean } = {}): Buffer {
  return encodeRecordBatch({
    records: records.map((r, i) => ({ key: r.key ?? null, value: r.value, timestamp: r.ts ?? T0 + BigInt(i) })),
    timestamp: records[0]?.ts ?? T0,
    ...opts,
  });
}

async function rangesOf(w: Wire): Promise<Ranges> {
  const res = await w.call(A.ApiVersions, 3, { clientSoftwareName: 'differential', clientSoftwareVersion: '1' });
  return new Map(res.apiKeys.map((k) => [k.apiKey, [k.minVersion, k.maxVersion]]));
}

async function sides(): Promise<void> {
  broker = await startTestBroker({
    config: { 'node.id': '1', 'auto.create.topics.enable': 'true', 'num.partitions': '1', 'default.replication.factor': '1', 'offsets.topic.num.partitions': '50', 'group.initial.rebalance.delay.ms': '0' },
  });
  const kw = await Wire.connect(kafka1.bootstrap);
  const tw = await Wire.connect(broker.bootstrap);
  const [kr, tr] = await Promise.all([rangesOf(kw), rangesOf(tw)]);
  const hi = (a: Api<unknown, unknown>): number => Math.min(a.maxVersion, kr.get(a.apiKey)?.[1] ?? -1, tr.get(a.apiKey)?.[1] ?? -1);
  const lo = (a: Api<unknown, unknown>): number => Math.max(a.minVersion, kr.get(a.apiKey)?.[0] ?? 99, tr.get(a.apiKey)?.[0] ?? 99);
  if (process.env['TKAFKA_DIFF_DISCOVER'] === '1') fs.writeFileSync('/tmp/differential-versions.json', JSON.stringify(Object.values(A).map((a) => [a.name, lo(a), hi(a), kr.get(a.apiKey), tr.get(a.apiKey)])));
  kafka = { name: 'kafka', w: kw, bootstrap: kafka1.bootstrap, nodeId: kafka1.nodes[0]?.nodeId ?? 1, hi, lo };
  ours = { name: 'tkafka', w: tw, bootstrap: broker.bootstrap, nodeId: 1, hi, lo };
}

/** `f()` again every 100 ms, for about 10 s, until `ok` accepts its answer; the last answer names the failure. */
function retry<T>(what: string, f: () => Promise<T>, ok: (t: T) => boolean): Promise<T> {
  return waitFor(
    what,
    async () => {
      const r = await f();
      if (ok(r)) return { r };
      throw new Error(JSON.stringify(plain(r)));
    },
    10_000,
    100,
  ).then(({ r }) => r);
}

/** Creates `name` and waits until every partition has a leader (Kafka publishes it asynchronously). */
async function topic(s: Side, name: string, partitions = 1, configs: Record<string, string> = {}): Promise<string> {
  const r = await s.w.call(A.CreateTopics, s.hi(A.CreateTopics), {
    topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: Object.entries(configs).map(([k, v]) => ({ name: k, value: v })) }],
    timeoutMs: 30_000,
    validateOnly: false,
  });
  if (r.topics[0]?.errorCode !== 0) throw new Error(`create ${name} on ${s.name}: ${JSON.stringify(plain(r))}`);
  const md = await retry(
    `metadata ${name}`,
    () => s.w.call(A.Metadata, 12, { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }),
    (m) => m.topics[0]?.errorCode === 0 && m.topics[0].partitions.length === partitions && m.topics[0].partitions.every((p) => p.leaderId >= 0),
  );
  // Kafka's metadata can name the leader before its replica manager serves the partition.
  await retry(
    `list offsets ${name}`,
    () => s.w.call(A.ListOffsets, s.hi(A.ListOffsets), { replicaId: -1, isolationLevel: 0, timeoutMs: 30_000, topics: [{ name, partitions: Array.from({ length: partitions }, (_, i) => ({ partitionIndex: i, currentLeaderEpoch: -1, timestamp: -1n, maxNumOffsets: 1 })) }] }),
    (r) => r.topics[0]?.partitions.every((p) => p.errorCode === 0) === true,
  );
  return md.topics[0]?.topicId ?? '';
}

async function produce(s: Side, name: string, partition: number, records: Buffer, extra: { transactionalId?: string | null; acks?: number; version?: number } = {}): Promise<unknown> {
  return s.w.call(A.Produce, extra.version ?? s.hi(A.Produce), {
    transactionalId: extra.transactionalId ?? null,
    acks: extra.acks ?? -1,
    timeoutMs: 30_000,
    topicData: [{ name, partitionData: [{ index: partition, records }] }],
  });
}

async function initPid(s: Side, transactionalId: string | null, timeoutMs = 60_000): Promise<{ producerId: bigint; producerEpoch: number; errorCode: number }> {
  return retry(
    `InitProducerId ${transactionalId}`,
    () => s.w.call(A.InitProducerId, s.hi(A.InitProducerId), { transactionalId, transactionTimeoutMs: timeoutMs, producerId: -1n, producerEpoch: -1 }),
    (r) => r.errorCode !== 15 && r.errorCode !== 14 && r.errorCode !== 51,
  );
}

/** Joins `group` as one classic member (MEMBER_ID_REQUIRED round first); returns the member id and generation. */
async function join(s: Side, group: string, topics: string[] = []): Promise<{ memberId: string; generationId: number }> {
  const v = s.hi(A.JoinGroup);
  const req = {
    groupId: group,
    sessionTimeoutMs: 30_000,
    rebalanceTimeoutMs: 30_000,
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription(topics) }],
    reason: null,
  };
  const first = await s.w.call(A.JoinGroup, v, req);
  const second = await s.w.call(A.JoinGroup, v, { ...req, memberId: first.memberId });
  if (second.errorCode !== 0) throw new Error(`join ${group} on ${s.name}: ${JSON.stringify(plain(second))}`);
  return { memberId: second.memberId, generationId: second.generationId };
}

async function joinAndSync(s: Side, group: string, topics: string[] = []): Promise<{ memberId: string; generationId: number }> {
  const m = await join(s, group, topics);
  const r = await s.w.call(A.SyncGroup, s.hi(A.SyncGroup), { groupId: group, generationId: m.generationId, memberId: m.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId: m.memberId, assignment: Buffer.alloc(0) }] });
  if (r.errorCode !== 0) throw new Error(`sync ${group} on ${s.name}: ${JSON.stringify(plain(r))}`);
  return m;
}

/** A ConsumerProtocolSubscription v0 for `topics`. */
function subscription(topics: string[]): Buffer {
  const parts = [Buffer.from([0, 0]), int32(topics.length)];
  for (const t of topics) parts.push(int16(Buffer.byteLength(t)), Buffer.from(t));
  parts.push(int32(-1));
  return Buffer.concat(parts);
}
function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
}
function int16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
}

function commit(s: Side, group: string, t: string, generation: number, memberId: string, offset = 1n): Promise<unknown> {
  return s.w.call(A.OffsetCommit, s.hi(A.OffsetCommit), {
    groupId: group,
    generationIdOrMemberEpoch: generation,
    memberId,
    groupInstanceId: null,
    retentionTimeMs: -1n,
    topics: [{ name: t, partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: '' }] }],
  });
}

function listOffsets(s: Side, t: string, partition: number, timestamp: bigint, version = s.hi(A.ListOffsets)): Promise<unknown> {
  return s.w.call(A.ListOffsets, version, { replicaId: -1, isolationLevel: 0, timeoutMs: 30_000, topics: [{ name: t, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 1 }] }] });
}

function fetch(s: Side, t: string, topicId: string, partition: number, offset: bigint, version = s.hi(A.Fetch)): Promise<unknown> {
  return s.w.call(A.Fetch, version, {
    clusterId: null,
    replicaId: -1,
    replicaState: { replicaId: -1, replicaEpoch: -1n },
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic: t, topicId, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }] }],
    forgottenTopicsData: [],
    rackId: '',
  });
}

function createTopics(s: Side, topics: { name: string; numPartitions?: number; replicationFactor?: number; configs?: Record<string, string | null>; assignments?: { partitionIndex: number; brokerIds: number[] }[] }[], validateOnly = false, version = s.hi(A.CreateTopics)): Promise<unknown> {
  return s.w.call(A.CreateTopics, version, {
    topics: topics.map((t) => ({ name: t.name, numPartitions: t.numPartitions ?? 1, replicationFactor: t.replicationFactor ?? 1, assignments: t.assignments ?? [], configs: Object.entries(t.configs ?? {}).map(([k, v]) => ({ name: k, value: v })) })),
    timeoutMs: 30_000,
    validateOnly,
  });
}

function iac(s: Side, resourceType: number, resourceName: string, configs: [string, number, string | null][], validateOnly = false): Promise<unknown> {
  return s.w.call(A.IncrementalAlterConfigs, s.hi(A.IncrementalAlterConfigs), { resources: [{ resourceType, resourceName, configs: configs.map(([name, configOperation, value]) => ({ name, configOperation, value })) }], validateOnly });
}

function alterConfigs(s: Side, resourceName: string, configs: Record<string, string | null>, validateOnly = false): Promise<unknown> {
  return s.w.call(A.AlterConfigs, s.hi(A.AlterConfigs), { resources: [{ resourceType: 2, resourceName, configs: Object.entries(configs).map(([name, value]) => ({ name, value })) }], validateOnly });
}

function describeConfigs(s: Side, resourceType: number, resourceName: string, keys: string[] | null, version = s.hi(A.DescribeConfigs)): Promise<{ results: { errorCode: number; errorMessage: string | null; resourceType: number; resourceName: string; configs: { name: string }[] }[] }> {
  return s.w.call(A.DescribeConfigs, version, { resources: [{ resourceType, resourceName, configurationKeys: keys }], includeSynonyms: true, includeDocumentation: false });
}

/**
 * DescribeConfigs once the alteration before it shows: Kafka answers an alter once its controller
 * has the change, and the broker that describes learns of it a moment later (a CI run once read
 * cleanup.policy before an APPEND). `value` is the expected value of `key`; at most 10 s.
 */
async function describeConfigsSettled(s: Side, resourceType: number, resourceName: string, keys: string[], key: string, value: string): Promise<Awaited<ReturnType<typeof describeConfigs>>> {
  const shows = (r: Awaited<ReturnType<typeof describeConfigs>>): boolean => (r.results[0]?.configs as Array<{ name: string; value?: string | null }> | undefined)?.some((c) => c.name === key && c.value === value) === true;
  return settle(() => describeConfigs(s, resourceType, resourceName, keys), shows);
}

function metadata(s: Side, names: string[], allowAutoTopicCreation = false, version = s.hi(A.Metadata)): Promise<unknown> {
  return s.w.call(A.Metadata, version, { topics: names.map((name) => ({ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name })), allowAutoTopicCreation, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
}

/** Runs `f` on Kafka then on our broker, compares the normalised answers and logs one parity row. */
function scenario(name: string, f: (s: Side) => Promise<unknown>, post?: (v: unknown, s: Side) => unknown): void {
  it(name, async () => {
    const run = (s: Side): Promise<unknown> => f(s).catch((err: unknown) => ({ failed: err instanceof Error ? err.message : String(err) }));
    const kRaw = await run(kafka);
    const tRaw = await run(ours);
    const k = normalise(post === undefined ? kRaw : post(kRaw, kafka), kafka);
    const t = normalise(post === undefined ? tRaw : post(tRaw, ours), ours);
    const d = diff(k, t);
    const known = DIVERGENCES[name];
    if (process.env['TKAFKA_DIFF_DISCOVER'] === '1') {
      discovered[name] = d;
      fs.appendFileSync('/tmp/differential-values.jsonl', `${JSON.stringify({ name, k, t })}\n`);
      if (d.length > 0) process.stdout.write(`\n### ${name}\n${d.join('\n')}\n`);
      return;
    }
    if (known !== undefined) {
      expect(d).toEqual(known.diffs);
      logParity({ tier: TIER, scenario: name, result: 'differs', why: known.why });
      return;
    }
    expect(d).toEqual([]);
    const same = JSON.stringify(plain(kRaw)) === JSON.stringify(plain(tRaw));
    logParity({ tier: TIER, scenario: name, result: same ? 'identical' : 'normalised-identical' });
  });
}

describe('differential corpus: Apache Kafka 4.4 vs tkafka', () => {
  beforeAll(async () => {
    await sides();
    for (const s of [kafka, ours]) {
      // Warm the coordinators up so that the scenarios do not see Kafka's COORDINATOR_NOT_AVAILABLE.
      await retry('group coordinator', () => s.w.call(A.FindCoordinator, s.hi(A.FindCoordinator), { key: '', keyType: 0, coordinatorKeys: [n('warm')] }), (r) => r.coordinators[0]?.errorCode === 0);
      await retry('txn coordinator', () => s.w.call(A.FindCoordinator, s.hi(A.FindCoordinator), { key: '', keyType: 1, coordinatorKeys: [n('warm')] }), (r) => r.coordinators[0]?.errorCode === 0);
      await initPid(s, n('warm'));
      await topic(s, n('t3'), 3);
      const seeded = (await produce(s, n('t3'), 0, batch([{ value: 'a', ts: T0 + 1000n }, { value: 'b', ts: T0 + 3000n }, { value: 'c', ts: T0 + 2000n }]))) as { responses: { partitionResponses: { errorCode: number }[] }[] };
      expect(seeded.responses[0]?.partitionResponses[0]?.errorCode).toBe(0);
      const bc = await describeConfigs(s, 4, '1', null);
      brokerNames[s.name] = new Set(bc.results[0]?.configs.map((c) => c.name));
    }
    // Every broker config tkafka serves, Kafka serves too.
    expect([...brokerNames.tkafka].filter((x) => !brokerNames.kafka.has(x))).toEqual([]);
  });
  afterAll(async () => {
    kafka.w.close();
    ours.w.close();
    await broker.dispose();
    if (process.env['TKAFKA_DIFF_DISCOVER'] === '1') fs.writeFileSync('/tmp/differential-discovered.json', JSON.stringify(discovered, null, 2));
  });

  // --- Metadata
  scenario('Metadata: unknown topic, no auto-create', (s) => metadata(s, [n('nope')]));
  scenario('Metadata: existing 3-partition topic', (s) => metadata(s, [n('t3')]));
  scenario('Metadata: existing topic at the lowest common version', (s) => metadata(s, [n('t3')], false, s.lo(A.Metadata)));
  scenario('Metadata: invalid topic name with auto-create', (s) => metadata(s, ['bad name!'], true));
  scenario('Metadata: auto-creates an unknown topic', async (s) => {
    const first = await metadata(s, [n('auto')], true);
    const md = await retry('auto', () => s.w.call(A.Metadata, s.hi(A.Metadata), { topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: n('auto') }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }), (m) => m.topics[0]?.errorCode === 0 && (m.topics[0]?.partitions[0]?.leaderId ?? -1) >= 0);
    return { first: (first as { topics: { errorCode: number }[] }).topics.map((t) => t.errorCode), then: md };
  });

  // --- Produce
  scenario('Produce: unknown topic', (s) => produce(s, n('nope'), 0, batch([{ value: 'x' }])));
  scenario('Produce: unknown partition', (s) => produce(s, n('t3'), 7, batch([{ value: 'x' }])));
  scenario('Produce: appends to a new topic', async (s) => {
    await topic(s, n('p1'));
    return [await produce(s, n('p1'), 0, batch([{ value: 'x' }, { value: 'y' }])), await produce(s, n('p1'), 0, batch([{ value: 'z' }]))];
  });
  scenario('Produce: v3, the lowest version Kafka 4 serves', async (s) => {
    await topic(s, n('p2'));
    return produce(s, n('p2'), 0, batch([{ value: 'x' }]), { version: 3 });
  });
  scenario('Produce: v0 (advertised by both)', async (s) => {
    await topic(s, n('p0'));
    return produce(s, n('p0'), 0, batch([{ value: 'x' }]), { version: s.lo(A.Produce) });
  });
  scenario('Produce: acks=2', (s) => produce(s, n('t3'), 1, batch([{ value: 'x' }]), { acks: 2 }));
  scenario('Produce: corrupt CRC', async (s) => {
    const b = batch([{ value: 'x' }]);
    b.writeUInt32BE((b.readUInt32BE(17) ^ 1) >>> 0, 17);
    return produce(s, n('t3'), 2, b);
  });
  scenario('Produce: keyless record to a compacted topic', async (s) => {
    await topic(s, n('compact'), 1, { 'cleanup.policy': 'compact' });
    return produce(s, n('compact'), 0, batch([{ key: 'k', value: 'x' }, { value: 'no key' }]));
  });

  // --- ListOffsets
  scenario('ListOffsets: unknown topic', (s) => listOffsets(s, n('nope'), 0, -1n));
  scenario('ListOffsets: unknown partition', (s) => listOffsets(s, n('t3'), 9, -1n));
  scenario('ListOffsets: earliest', (s) => listOffsets(s, n('t3'), 0, -2n));
  scenario('ListOffsets: latest', (s) => listOffsets(s, n('t3'), 0, -1n));
  scenario('ListOffsets: max-timestamp', (s) => listOffsets(s, n('t3'), 0, -3n));
  scenario('ListOffsets: exact timestamp between records', (s) => listOffsets(s, n('t3'), 0, T0 + 1500n));
  scenario('ListOffsets: timestamp after every record', (s) => listOffsets(s, n('t3'), 0, T0 + 9999n));
  scenario('ListOffsets: empty partition, latest and max-timestamp', async (s) => [await listOffsets(s, n('t3'), 1, -1n), await listOffsets(s, n('t3'), 1, -3n)]);
  scenario('ListOffsets: lowest common version, latest', (s) => listOffsets(s, n('t3'), 0, -1n, s.lo(A.ListOffsets)));

  // --- Fetch
  const tid = async (s: Side, t: string): Promise<string> => {
    const m = (await metadata(s, [t])) as { topics: { topicId: string }[] };
    return m.topics[0]?.topicId ?? '';
  };
  scenario('Fetch: records from offset 0', async (s) => fetch(s, n('t3'), await tid(s, n('t3')), 0, 0n));
  scenario('Fetch: offset out of range', async (s) => fetch(s, n('t3'), await tid(s, n('t3')), 0, 100n));
  scenario('Fetch: unknown topic id', (s) => fetch(s, n('nope'), 'AAAAAAAAAAAAAAAAAAAAAQ', 0, 0n));
  scenario('Fetch: unknown partition', async (s) => fetch(s, n('t3'), await tid(s, n('t3')), 8, 0n));
  scenario('Fetch: lowest common version, unknown topic name', (s) => fetch(s, n('nope'), 'AAAAAAAAAAAAAAAAAAAAAA', 0, 0n, s.lo(A.Fetch)));
  scenario('Fetch: v12 (names), offset out of range', (s) => fetch(s, n('t3'), 'AAAAAAAAAAAAAAAAAAAAAA', 0, 100n, 12));

  // --- CreateTopics
  scenario('CreateTopics: 0 partitions', (s) => createTopics(s, [{ name: n('ct0'), numPartitions: 0 }]));
  scenario('CreateTopics: -2 partitions', (s) => createTopics(s, [{ name: n('ct-2'), numPartitions: -2 }]));
  scenario('CreateTopics: replication factor 2', (s) => createTopics(s, [{ name: n('rf2'), replicationFactor: 2 }]));
  scenario('CreateTopics: replication factor 0', (s) => createTopics(s, [{ name: n('rf0'), replicationFactor: 0 }]));
  scenario('CreateTopics: default partitions and replication factor (-1, -1)', (s) => createTopics(s, [{ name: n('dflt'), numPartitions: -1, replicationFactor: -1 }]));
  scenario('CreateTopics: replica assignment naming an unknown broker', (s) => createTopics(s, [{ name: n('asg'), numPartitions: -1, replicationFactor: -1, assignments: [{ partitionIndex: 0, brokerIds: [42] }] }]));
  scenario('CreateTopics: duplicate create', async (s) => {
    await topic(s, n('dup'));
    return createTopics(s, [{ name: n('dup') }]);
  });
  scenario('CreateTopics: the same name twice in one request', (s) => createTopics(s, [{ name: n('twice') }, { name: n('twice') }]));
  scenario('CreateTopics: invalid names', (s) => createTopics(s, [{ name: 'bad name' }, { name: '.' }, { name: '..' }, { name: 'x'.repeat(250) }, { name: 'a/b' }, { name: '' }]));
  scenario('CreateTopics: bad config value', (s) => createTopics(s, [{ name: n('badval'), configs: { 'retention.ms': 'abc' } }]));
  scenario('CreateTopics: unknown config key', (s) => createTopics(s, [{ name: n('badkey'), configs: { 'no.such.config': '1' } }]));
  scenario('CreateTopics: null config value', (s) => createTopics(s, [{ name: n('nullval'), configs: { 'retention.ms': null } }]));
  scenario('CreateTopics: validateOnly success', (s) => createTopics(s, [{ name: n('vo'), numPartitions: 2, configs: { 'retention.ms': '1000' } }], true));
  scenario('CreateTopics: validateOnly with a bad value', (s) => createTopics(s, [{ name: n('vobad'), configs: { 'cleanup.policy': 'sometimes' } }], true));
  scenario('CreateTopics: success returns the topic configs', (s) => createTopics(s, [{ name: n('ok'), numPartitions: 2, configs: { 'retention.ms': '1000' } }]), sortCreateConfigs);
  scenario('CreateTopics: lowest common version, duplicate', (s) => createTopics(s, [{ name: n('t3') }], false, s.lo(A.CreateTopics)));
  scenario('DeleteTopics: unknown topic', (s) => s.w.call(A.DeleteTopics, s.hi(A.DeleteTopics), { topics: [{ name: n('nope'), topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }], topicNames: [n('nope')], timeoutMs: 30_000 }));

  // --- AlterConfigs / IncrementalAlterConfigs
  scenario('IncrementalAlterConfigs: set retention.ms', async (s) => {
    await topic(s, n('iac'));
    return iac(s, 2, n('iac'), [['retention.ms', 0, '5000']]);
  });
  scenario('IncrementalAlterConfigs: bad value', (s) => iac(s, 2, n('t3'), [['retention.ms', 0, 'abc']]));
  scenario('IncrementalAlterConfigs: unknown key', (s) => iac(s, 2, n('t3'), [['no.such.config', 0, '1']]));
  scenario('IncrementalAlterConfigs: unknown topic', (s) => iac(s, 2, n('nope'), [['retention.ms', 0, '1']]));
  scenario('IncrementalAlterConfigs: validateOnly', (s) => iac(s, 2, n('t3'), [['retention.ms', 0, '1']], true));
  scenario('IncrementalAlterConfigs: delete then append to cleanup.policy', async (s) => {
    await topic(s, n('iac2'), 1, { 'retention.ms': '1000' });
    const del = await iac(s, 2, n('iac2'), [['retention.ms', 1, null]]);
    const app = await iac(s, 2, n('iac2'), [['cleanup.policy', 2, 'compact']]);
    const d = await describeConfigsSettled(s, 2, n('iac2'), ['retention.ms', 'cleanup.policy'], 'cleanup.policy', 'delete,compact');
    return { del, app, d };
  });
  scenario('IncrementalAlterConfigs: unknown operation', (s) => iac(s, 2, n('t3'), [['retention.ms', 9, '1']]));
  scenario('IncrementalAlterConfigs: unknown broker config', (s) => iac(s, 4, '1', [['no.such.config', 0, '1']]));
  scenario('IncrementalAlterConfigs: broker keys that are not dynamic', (s) => iac(s, 4, '', [['num.partitions', 0, '3'], ['auto.create.topics.enable', 0, 'false']], true));
  scenario('IncrementalAlterConfigs: broker value out of range', (s) => iac(s, 4, '1', [['log.segment.bytes', 0, '5']], true));
  scenario('IncrementalAlterConfigs: APPEND to a non-list broker key', (s) => iac(s, 4, '1', [['log.retention.ms', 2, '5']], true));
  const qe = (entityType: string, entityName: string | null): { entityType: string; entityName: string | null } => ({ entityType, entityName });
  const qop = (key: string, value: number): { key: string; value: number; remove: boolean } => ({ key, value, remove: false });
  scenario('AlterClientQuotas: refusals and successes in one request (validateOnly)', (s) =>
    s.w.call(A.AlterClientQuotas, s.hi(A.AlterClientQuotas), {
      validateOnly: true,
      entries: [
        { entity: [qe('client-id', 'dq-c'), qe('user', 'dq-u')], ops: [qop('producer_byte_rate', 2048), qop('request_percentage', 50)] },
        { entity: [qe('user', null)], ops: [qop('producer_byte_rate', 1000)] },
        { entity: [qe('user', 'dq-u'), qe('client-id', null)], ops: [qop('consumer_byte_rate', 3000)] },
        { entity: [qe('ip', '10.0.0.1')], ops: [qop('connection_creation_rate', 7)] },
        { entity: [qe('user', 'dq-bad')], ops: [qop('producer_byte_rate', 7), qop('foo', 1)] },
        { entity: [qe('user', 'dq-frac')], ops: [qop('producer_byte_rate', 1.5)] },
        { entity: [qe('user', 'dq-zero')], ops: [qop('consumer_byte_rate', 0)] },
        { entity: [qe('user', 'dq-ip'), qe('ip', '1.2.3.4')], ops: [qop('producer_byte_rate', 1)] },
        { entity: [qe('foo', 'x')], ops: [qop('producer_byte_rate', 1)] },
        { entity: [qe('client-id', '')], ops: [qop('producer_byte_rate', 1)] },
      ],
    }),
  );
  for (const [label, components] of [
    ['all (none set)', []],
    ['empty entity type', [{ entityType: '', matchType: 0, match: 'x' }]],
    ['unknown entity type', [{ entityType: 'foo', matchType: 0, match: 'x' }]],
    ['EXACT without a name', [{ entityType: 'user', matchType: 0, match: null }]],
    ['unknown match type', [{ entityType: 'user', matchType: 7, match: null }]],
    ['ip with user', [{ entityType: 'ip', matchType: 2, match: null }, { entityType: 'user', matchType: 1, match: null }]],
  ] as const) {
    scenario(`DescribeClientQuotas: ${label}`, (s) => s.w.call(A.DescribeClientQuotas, s.hi(A.DescribeClientQuotas), { components: components.map((c) => ({ ...c })), strict: false }));
  }
  scenario('AlterConfigs: bad value', (s) => alterConfigs(s, n('t3'), { 'retention.ms': 'abc' }));
  scenario('AlterConfigs: unknown topic', (s) => alterConfigs(s, n('nope'), { 'retention.ms': '1' }));
  scenario('AlterConfigs: validateOnly success', (s) => alterConfigs(s, n('t3'), { 'retention.ms': '1' }, true));
  scenario('AlterConfigs: set then describe', async (s) => {
    await topic(s, n('ac'));
    const r = await alterConfigs(s, n('ac'), { 'retention.ms': '7000', 'max.message.bytes': '2000' });
    return { r, d: sortConfigs(await describeConfigsSettled(s, 2, n('ac'), ['retention.ms', 'max.message.bytes', 'segment.bytes'], 'max.message.bytes', '2000')) };
  });

  // --- DescribeConfigs
  scenario('DescribeConfigs: every config of a topic with overrides', async (s) => {
    await topic(s, n('dc'), 1, { 'retention.ms': '1234', 'cleanup.policy': 'compact' });
    return describeConfigs(s, 2, n('dc'), null);
  }, sortConfigs);
  scenario('DescribeConfigs: unknown topic', (s) => describeConfigs(s, 2, n('nope'), null));
  scenario('DescribeConfigs: selected keys at the lowest common version', (s) => describeConfigs(s, 2, n('t3'), ['retention.ms', 'cleanup.policy'], s.lo(A.DescribeConfigs)), sortConfigs);
  scenario('DescribeConfigs: broker configs both serve', (s) => describeConfigs(s, 4, '1', null), brokerShared);
  scenario('DescribeConfigs: unknown broker id', (s) => describeConfigs(s, 4, '77', null));

  // --- DeleteRecords
  const deleteRecords = (s: Side, t: string, partition: number, offset: bigint): Promise<unknown> => s.w.call(A.DeleteRecords, s.hi(A.DeleteRecords), { topics: [{ name: t, partitions: [{ partitionIndex: partition, offset }] }], timeoutMs: 30_000 });
  scenario('DeleteRecords: beyond the high watermark', (s) => deleteRecords(s, n('t3'), 0, 50n));
  scenario('DeleteRecords: unknown topic', (s) => deleteRecords(s, n('nope'), 0, 0n));
  scenario('DeleteRecords: to offset 1, then -1 (high watermark)', async (s) => {
    await topic(s, n('dr'));
    await produce(s, n('dr'), 0, batch([{ value: 'a' }, { value: 'b' }, { value: 'c' }]));
    return [await deleteRecords(s, n('dr'), 0, 1n), await listOffsets(s, n('dr'), 0, -2n), await deleteRecords(s, n('dr'), 0, -1n)];
  });

  // --- Groups
  scenario('FindCoordinator: group', (s) => s.w.call(A.FindCoordinator, s.hi(A.FindCoordinator), { key: '', keyType: 0, coordinatorKeys: [n('g')] }));
  scenario('FindCoordinator: lowest common version', (s) => s.w.call(A.FindCoordinator, s.lo(A.FindCoordinator), { key: n('g'), keyType: 0, coordinatorKeys: [] }));
  scenario('FindCoordinator: v3, transactional id', (s) => s.w.call(A.FindCoordinator, 3, { key: n('warm'), keyType: 1, coordinatorKeys: [] }));
  scenario('FindCoordinator: v3, unknown key type', (s) => s.w.call(A.FindCoordinator, 3, { key: n('g'), keyType: 5, coordinatorKeys: [] }));
  scenario('FindCoordinator: unknown key type', (s) => s.w.call(A.FindCoordinator, s.hi(A.FindCoordinator), { key: '', keyType: 5, coordinatorKeys: [n('g')] }));
  scenario('JoinGroup: without member id (MEMBER_ID_REQUIRED)', (s) =>
    s.w.call(A.JoinGroup, s.hi(A.JoinGroup), { groupId: n('jg'), sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 30_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription([]) }], reason: null }),
  );
  scenario('JoinGroup: session timeout out of range', (s) =>
    s.w.call(A.JoinGroup, s.hi(A.JoinGroup), { groupId: n('jg2'), sessionTimeoutMs: 1, rebalanceTimeoutMs: 30_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription([]) }], reason: null }),
  );
  scenario('JoinGroup: full join, then SyncGroup', async (s) => {
    const m = await join(s, n('jg3'), [n('t3')]);
    const sync = await s.w.call(A.SyncGroup, s.hi(A.SyncGroup), { groupId: n('jg3'), generationId: m.generationId, memberId: m.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId: m.memberId, assignment: Buffer.from('x') }] });
    return { generationId: m.generationId, sync };
  });
  scenario('SyncGroup: unknown member', async (s) => {
    const m = await join(s, n('sg1'));
    return s.w.call(A.SyncGroup, s.hi(A.SyncGroup), { groupId: n('sg1'), generationId: m.generationId, memberId: 'nobody', groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [] });
  });
  scenario('SyncGroup: stale generation', async (s) => {
    const m = await join(s, n('sg2'));
    return s.w.call(A.SyncGroup, s.hi(A.SyncGroup), { groupId: n('sg2'), generationId: m.generationId + 5, memberId: m.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [] });
  });
  scenario('Heartbeat: unknown group', (s) => s.w.call(A.Heartbeat, s.hi(A.Heartbeat), { groupId: n('hb0'), generationId: 1, memberId: 'nobody', groupInstanceId: null }));
  scenario('Heartbeat: unknown member and stale generation', async (s) => {
    const m = await joinAndSync(s, n('hb1'));
    const hb = (generationId: number, memberId: string): Promise<unknown> => s.w.call(A.Heartbeat, s.hi(A.Heartbeat), { groupId: n('hb1'), generationId, memberId, groupInstanceId: null });
    return { ok: await hb(m.generationId, m.memberId), unknown: await hb(m.generationId, 'nobody'), stale: await hb(m.generationId - 1, m.memberId) };
  });
  scenario('OffsetCommit: stale generation and unknown member', async (s) => {
    const m = await joinAndSync(s, n('oc1'), [n('t3')]);
    return { ok: await commit(s, n('oc1'), n('t3'), m.generationId, m.memberId), stale: await commit(s, n('oc1'), n('t3'), m.generationId + 1, m.memberId), unknown: await commit(s, n('oc1'), n('t3'), m.generationId, 'nobody') };
  });
  scenario('OffsetCommit: simple commit to an unknown topic', (s) => commit(s, n('oc2'), n('nope'), -1, ''));
  scenario('OffsetCommit: simple commit then OffsetFetch', async (s) => {
    const c = await commit(s, n('oc3'), n('t3'), -1, '', 2n);
    const f = await s.w.call(A.OffsetFetch, s.hi(A.OffsetFetch), { groupId: '', topics: null, groups: [{ groupId: n('oc3'), memberId: null, memberEpoch: -1, topics: [{ name: n('t3'), partitionIndexes: [0, 1] }] }], requireStable: true });
    return { c, f };
  });
  scenario('OffsetFetch: unknown group', (s) => s.w.call(A.OffsetFetch, s.hi(A.OffsetFetch), { groupId: '', topics: null, groups: [{ groupId: n('of-nope'), memberId: null, memberEpoch: -1, topics: null }], requireStable: false }));
  scenario('LeaveGroup: unknown member', async (s) => {
    await joinAndSync(s, n('lg'));
    return s.w.call(A.LeaveGroup, s.hi(A.LeaveGroup), { groupId: n('lg'), memberId: '', members: [{ memberId: 'nobody', groupInstanceId: null, reason: null }] });
  });
  scenario('LeaveGroup: unknown group', (s) => s.w.call(A.LeaveGroup, s.hi(A.LeaveGroup), { groupId: n('lg-nope'), memberId: '', members: [{ memberId: 'nobody', groupInstanceId: null, reason: 'bye' }] }));
  scenario('DescribeGroups: unknown group', (s) => s.w.call(A.DescribeGroups, s.hi(A.DescribeGroups), { groups: [n('dg-nope')], includeAuthorizedOperations: false }));
  scenario('DescribeGroups: a stable group', async (s) => {
    await joinAndSync(s, n('dg'), [n('t3')]);
    return s.w.call(A.DescribeGroups, s.hi(A.DescribeGroups), { groups: [n('dg')], includeAuthorizedOperations: false });
  });
  scenario('ListGroups: this run’s groups, filtered by state', async (s) => {
    const r = await s.w.call(A.ListGroups, s.hi(A.ListGroups), { statesFilter: ['Stable', 'Empty'], typesFilter: [] });
    return { errorCode: r.errorCode, groups: r.groups.filter((g) => g.groupId.startsWith(n(''))).sort((a, b) => a.groupId.localeCompare(b.groupId)) };
  });
  scenario('DeleteGroups: non-empty, unknown and empty groups', async (s) => {
    await joinAndSync(s, n('del1'));
    await commit(s, n('del2'), n('t3'), -1, '');
    const r = await s.w.call(A.DeleteGroups, s.hi(A.DeleteGroups), { groupsNames: [n('del1'), n('del-nope'), n('del2')] });
    // Kafka answers shard by shard: the order of the results is not meaningful.
    return { ...r, results: r.results.sort((a, b) => a.groupId.localeCompare(b.groupId)) };
  });
  scenario('OffsetDelete: empty group, subscribed group, unknown group', async (s) => {
    await commit(s, n('od1'), n('t3'), -1, '');
    const m = await joinAndSync(s, n('od2'), [n('t3')]);
    await commit(s, n('od2'), n('t3'), m.generationId, m.memberId);
    const od = (g: string): Promise<unknown> => s.w.call(A.OffsetDelete, 0, { groupId: g, topics: [{ name: n('t3'), partitions: [{ partitionIndex: 0 }] }] });
    return { empty: await od(n('od1')), subscribed: await od(n('od2')), unknown: await od(n('od-nope')) };
  });

  // --- KIP-848 consumer groups (ConsumerGroupHeartbeat, ConsumerGroupDescribe, member epochs in the offset APIs)
  const cgh = (s: Side, req: Partial<ConsumerGroupHeartbeatRequest>): Promise<unknown> =>
    s.w.call(A.ConsumerGroupHeartbeat, s.hi(A.ConsumerGroupHeartbeat), { ...defaultConsumerGroupHeartbeatRequest(), ...req });
  const cgJoin = (s: Side, groupId: string, memberId: string, over: Partial<ConsumerGroupHeartbeatRequest> = {}): Promise<unknown> =>
    cgh(s, { groupId, memberId, memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: [n('t3')], topicPartitions: [], ...over });
  const cgDescribe = (s: Side, groupIds: string[]): Promise<unknown> => s.w.call(A.ConsumerGroupDescribe, 0, { groupIds, includeAuthorizedOperations: false });
  scenario('ConsumerGroupHeartbeat: invalid requests', async (s) => ({
    emptyGroupId: await cgJoin(s, '', 'm'),
    emptyMemberId: await cgJoin(s, n('cg-inv'), ''),
    emptyInstanceId: await cgJoin(s, n('cg-inv'), 'm', { instanceId: '' }),
    emptyRackId: await cgJoin(s, n('cg-inv'), 'm', { rackId: '' }),
    noRebalanceTimeout: await cgJoin(s, n('cg-inv'), 'm', { rebalanceTimeoutMs: -1 }),
    ownedPartitionsOnJoin: await cgJoin(s, n('cg-inv'), 'm', { topicPartitions: null }),
    noSubscription: await cgJoin(s, n('cg-inv'), 'm', { subscribedTopicNames: null }),
    epochBelowMinus2: await cgh(s, { groupId: n('cg-inv'), memberId: 'm', memberEpoch: -3 }),
    staticLeaveWithoutInstance: await cgh(s, { groupId: n('cg-inv'), memberId: 'm', memberEpoch: -2 }),
    badRegex: await cgJoin(s, n('cg-inv'), 'm', { subscribedTopicNames: null, subscribedTopicRegex: '(' }),
    unknownAssignor: await cgJoin(s, n('cg-inv'), 'm', { serverAssignor: 'foo' }),
    unknownGroup: await cgh(s, { groupId: n('cg-nope'), memberId: 'm', memberEpoch: 3 }),
  }));
  scenario('ConsumerGroupHeartbeat: join, heartbeat, unknown member, fenced epochs, leave', async (s) => ({
    join: await cgJoin(s, n('cg1'), 'm1'),
    heartbeat: await cgh(s, { groupId: n('cg1'), memberId: 'm1', memberEpoch: 2 }),
    rejoinWithEpoch0: await cgJoin(s, n('cg1'), 'm1'),
    unknownMember: await cgh(s, { groupId: n('cg1'), memberId: 'm9', memberEpoch: 2 }),
    greaterEpoch: await cgh(s, { groupId: n('cg1'), memberId: 'm1', memberEpoch: 5 }),
    smallerEpoch: await cgh(s, { groupId: n('cg1'), memberId: 'm1', memberEpoch: 1 }),
    leave: await cgh(s, { groupId: n('cg1'), memberId: 'm1', memberEpoch: -1 }),
    leaveAgain: await cgh(s, { groupId: n('cg1'), memberId: 'm1', memberEpoch: -1 }),
    emptySubscription: await cgJoin(s, n('cg1-empty'), 'mx', { subscribedTopicNames: [] }),
  }));
  scenario('ConsumerGroupHeartbeat: static members (temporary leave, unreleased and fenced instance ids)', async (s) => ({
    join: await cgJoin(s, n('cg-s'), 's1', { instanceId: 'i1' }),
    unreleased: await cgJoin(s, n('cg-s'), 's2', { instanceId: 'i1' }),
    leaveStatic: await cgh(s, { groupId: n('cg-s'), memberId: 's1', instanceId: 'i1', memberEpoch: -2 }),
    described: await cgDescribe(s, [n('cg-s')]),
    takeOver: await cgJoin(s, n('cg-s'), 's2', { instanceId: 'i1' }),
    fenced: await cgh(s, { groupId: n('cg-s'), memberId: 's1', instanceId: 'i1', memberEpoch: 2 }),
    unknownInstance: await cgh(s, { groupId: n('cg-s'), memberId: 's3', instanceId: 'i9', memberEpoch: 2 }),
  }));
  scenario('ConsumerGroupHeartbeat: a static member rejoins with its own member id (active, then after a temporary leave)', async (s) => ({
    join: await cgJoin(s, n('cg-sr'), 's1', { instanceId: 'i1' }),
    rejoinActive: await cgJoin(s, n('cg-sr'), 's1', { instanceId: 'i1' }),
    leaveStatic: await cgh(s, { groupId: n('cg-sr'), memberId: 's1', instanceId: 'i1', memberEpoch: -2 }),
    rejoinAfterLeave: await cgJoin(s, n('cg-sr'), 's1', { instanceId: 'i1' }),
    heartbeat: await cgh(s, { groupId: n('cg-sr'), memberId: 's1', instanceId: 'i1', memberEpoch: 2 }),
    described: await cgDescribe(s, [n('cg-sr')]),
  }));
  // Kafka answers the groups in the order of a Java HashMap over their __consumer_offsets partitions
  // (so the order changes with the run's random names): compared by group id.
  scenario(
    'ConsumerGroupDescribe: a one-member group and an unknown group',
    async (s) => {
      await cgJoin(s, n('cgd'), 'm1');
      return cgDescribe(s, [n('cgd'), n('cgd-nope')]);
    },
    (v) => {
      const r = v as { groups?: { groupId: string }[] };
      return r.groups === undefined ? v : { ...r, groups: [...r.groups].sort((a, b) => a.groupId.localeCompare(b.groupId)) };
    },
  );
  scenario('OffsetCommit and OffsetFetch: member epochs of a consumer group', async (s) => {
    await cgJoin(s, n('cg-oc'), 'm1');
    const fetch = (memberId: string | null, memberEpoch: number): Promise<unknown> =>
      s.w.call(A.OffsetFetch, s.hi(A.OffsetFetch), { groupId: '', topics: null, groups: [{ groupId: n('cg-oc'), memberId, memberEpoch, topics: null }], requireStable: false });
    return {
      stale: await commit(s, n('cg-oc'), n('t3'), 1, 'm1'),
      ok: await commit(s, n('cg-oc'), n('t3'), 2, 'm1', 5n),
      unknownMember: await commit(s, n('cg-oc'), n('t3'), 2, 'zz'),
      noMemberWhileNotEmpty: await commit(s, n('cg-oc'), n('t3'), -1, ''),
      v8: await s.w.call(A.OffsetCommit, 8, {
        groupId: n('cg-oc'),
        generationIdOrMemberEpoch: 2,
        memberId: 'm1',
        groupInstanceId: null,
        retentionTimeMs: -1n,
        topics: [{ name: n('t3'), partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: '' }] }],
      }),
      fetchStale: await fetch('m1', 1),
      fetchOk: await fetch('m1', 2),
      fetchWithoutMember: await fetch(null, -1),
    };
  });
  scenario('DescribeGroups, ListGroups and DeleteGroups: a consumer group', async (s) => {
    await cgJoin(s, n('cg-dg'), 'm1');
    const listed = await s.w.call(A.ListGroups, s.hi(A.ListGroups), { statesFilter: [], typesFilter: ['consumer'] });
    return {
      described: await s.w.call(A.DescribeGroups, s.hi(A.DescribeGroups), { groups: [n('cg-dg')], includeAuthorizedOperations: false }),
      listed: listed.groups.filter((g) => g.groupId === n('cg-dg')),
      listedClassic: (await s.w.call(A.ListGroups, s.hi(A.ListGroups), { statesFilter: [], typesFilter: ['classic'] })).groups.filter((g) => g.groupId === n('cg-dg')),
      deleteNonEmpty: await s.w.call(A.DeleteGroups, s.hi(A.DeleteGroups), { groupsNames: [n('cg-dg')] }),
      leave: await cgh(s, { groupId: n('cg-dg'), memberId: 'm1', memberEpoch: -1 }),
      deleteEmpty: await s.w.call(A.DeleteGroups, s.hi(A.DeleteGroups), { groupsNames: [n('cg-dg')] }),
      describedAfter: await cgDescribe(s, [n('cg-dg')]),
    };
  });

  // --- Idempotent producers
  scenario('InitProducerId: idempotent producer', (s) => initPid(s, null));
  scenario('InitProducerId: transaction timeout too large', (s) => s.w.call(A.InitProducerId, s.hi(A.InitProducerId), { transactionalId: n('tx-big'), transactionTimeoutMs: 2_000_000_000, producerId: -1n, producerEpoch: -1 }));
  scenario('Produce: idempotent in-order, duplicate and out-of-sequence', async (s) => {
    await topic(s, n('idem'));
    const p = await initPid(s, null);
    const b = (seq: number, epoch = p.producerEpoch): Buffer => batch([{ value: `s${seq}` }], { producerId: p.producerId, producerEpoch: epoch, baseSequence: seq });
    return { first: await produce(s, n('idem'), 0, b(0)), dup: await produce(s, n('idem'), 0, b(0)), next: await produce(s, n('idem'), 0, b(1)), gap: await produce(s, n('idem'), 0, b(5)), stale: await produce(s, n('idem'), 0, b(2, p.producerEpoch - 1)) };
  });
  scenario('Produce: unknown producer id with a non-zero sequence', async (s) => produce(s, n('t3'), 2, batch([{ value: 'x' }], { producerId: 987_654n, producerEpoch: 0, baseSequence: 3 })));
  scenario('Produce: fenced transactional producer (old epoch)', async (s) => {
    await topic(s, n('fence'));
    const a = await initPid(s, n('fence'));
    await initPid(s, n('fence'));
    await s.w.call(A.AddPartitionsToTxn, 3, { transactions: [], v3AndBelowTransactionalId: n('fence'), v3AndBelowProducerId: a.producerId, v3AndBelowProducerEpoch: a.producerEpoch, v3AndBelowTopics: [{ name: n('fence'), partitions: [0] }] });
    return produce(s, n('fence'), 0, batch([{ value: 'x' }], { producerId: a.producerId, producerEpoch: a.producerEpoch, baseSequence: 0, isTransactional: true }), { transactionalId: n('fence') });
  });
  scenario('DescribeProducers: after idempotent writes', async (s) => {
    await topic(s, n('dp'));
    const p = await initPid(s, null);
    await produce(s, n('dp'), 0, batch([{ value: 'a', ts: T0 + 5n }, { value: 'b', ts: T0 + 7n }], { producerId: p.producerId, producerEpoch: p.producerEpoch, baseSequence: 0 }));
    return s.w.call(A.DescribeProducers, 0, { topics: [{ name: n('dp'), partitionIndexes: [0, 4] }] });
  });
  scenario('DescribeProducers: unknown topic', (s) => s.w.call(A.DescribeProducers, 0, { topics: [{ name: n('nope'), partitionIndexes: [0] }] }));

  // --- Transactions
  const addParts = (s: Side, txn: string, pid: bigint, epoch: number, t: string, version = 3): Promise<unknown> =>
    version >= 4
      ? s.w.call(A.AddPartitionsToTxn, version, { transactions: [{ transactionalId: txn, producerId: pid, producerEpoch: epoch, verifyOnly: false, topics: [{ name: t, partitions: [0] }] }], v3AndBelowTransactionalId: '', v3AndBelowProducerId: 0n, v3AndBelowProducerEpoch: 0, v3AndBelowTopics: [] })
      : s.w.call(A.AddPartitionsToTxn, version, { transactions: [], v3AndBelowTransactionalId: txn, v3AndBelowProducerId: pid, v3AndBelowProducerEpoch: epoch, v3AndBelowTopics: [{ name: t, partitions: [0] }] });
  const endTxn = (s: Side, txn: string, pid: bigint, epoch: number, committed: boolean): Promise<unknown> => s.w.call(A.EndTxn, s.hi(A.EndTxn), { transactionalId: txn, producerId: pid, producerEpoch: epoch, committed });
  scenario('AddPartitionsToTxn: without InitProducerId', (s) => addParts(s, n('tx-none'), 4242n, 0, n('t3')));
  scenario('AddPartitionsToTxn v4 (broker batch), without InitProducerId', (s) => addParts(s, n('tx-none4'), 4242n, 0, n('t3'), s.hi(A.AddPartitionsToTxn)));
  scenario('AddPartitionsToTxn: wrong epoch and unknown topic', async (s) => {
    const p = await initPid(s, n('tx-ep'));
    return { epoch: await addParts(s, n('tx-ep'), p.producerId, p.producerEpoch + 3, n('t3')), topic: await addParts(s, n('tx-ep'), p.producerId, p.producerEpoch, n('nope')) };
  });
  scenario('EndTxn: without InitProducerId', (s) => endTxn(s, n('tx-none'), 4242n, 0, true));
  scenario('EndTxn: wrong epoch, and commit of an empty transaction', async (s) => {
    const p = await initPid(s, n('tx-end'));
    return { epoch: await endTxn(s, n('tx-end'), p.producerId, p.producerEpoch + 1, true), empty: await endTxn(s, n('tx-end'), p.producerId, p.producerEpoch, true), abort: await endTxn(s, n('tx-end'), p.producerId, p.producerEpoch, false) };
  });
  scenario('AddOffsetsToTxn: without InitProducerId', (s) => s.w.call(A.AddOffsetsToTxn, s.hi(A.AddOffsetsToTxn), { transactionalId: n('tx-none'), producerId: 4242n, producerEpoch: 0, groupId: n('txg') }));
  scenario('TxnOffsetCommit v3: without AddOffsetsToTxn', async (s) => {
    const p = await initPid(s, n('tx-toc3'));
    return s.w.call(A.TxnOffsetCommit, 3, { transactionalId: n('tx-toc3'), groupId: n('txg'), producerId: p.producerId, producerEpoch: p.producerEpoch, generationId: -1, memberId: '', groupInstanceId: null, topics: [{ name: n('t3'), partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' }] }] });
  });
  scenario('TxnOffsetCommit: without AddOffsetsToTxn', async (s) => {
    const p = await initPid(s, n('tx-toc'));
    return s.w.call(A.TxnOffsetCommit, s.hi(A.TxnOffsetCommit), { transactionalId: n('tx-toc'), groupId: n('txg'), producerId: p.producerId, producerEpoch: p.producerEpoch, generationId: -1, memberId: '', groupInstanceId: null, topics: [{ name: n('t3'), partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' }] }] });
  });
  scenario('Transactions: a committed transaction end to end', async (s) => {
    await topic(s, n('txt'));
    const p = await initPid(s, n('tx-full'));
    const add = await addParts(s, n('tx-full'), p.producerId, p.producerEpoch, n('txt'));
    const prod = await produce(s, n('txt'), 0, batch([{ value: 'x' }], { producerId: p.producerId, producerEpoch: p.producerEpoch, baseSequence: 0, isTransactional: true }), { transactionalId: n('tx-full') });
    const offs = await s.w.call(A.AddOffsetsToTxn, s.hi(A.AddOffsetsToTxn), { transactionalId: n('tx-full'), producerId: p.producerId, producerEpoch: p.producerEpoch, groupId: n('txg2') });
    const toc = await s.w.call(A.TxnOffsetCommit, s.hi(A.TxnOffsetCommit), { transactionalId: n('tx-full'), groupId: n('txg2'), producerId: p.producerId, producerEpoch: p.producerEpoch, generationId: -1, memberId: '', groupInstanceId: null, topics: [{ name: n('txt'), partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: 'm' }] }] });
    const describe = await s.w.call(A.DescribeTransactions, 0, { transactionalIds: [n('tx-full')] });
    const end = await endTxn(s, n('tx-full'), p.producerId, p.producerEpoch, true);
    const lso = await retry('lso', () => s.w.call(A.ListOffsets, s.hi(A.ListOffsets), { replicaId: -1, isolationLevel: 1, timeoutMs: 30_000, topics: [{ name: n('txt'), partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n, maxNumOffsets: 1 }] }] }), (r) => r.topics[0]?.partitions[0]?.offset === 2n);
    return { add, prod, offs, toc, describe: txnStable(describe), end, lso };
  });
  scenario('DescribeTransactions: unknown id and an empty transaction', async (s) => {
    await initPid(s, n('tx-desc'));
    return txnStable(await s.w.call(A.DescribeTransactions, 0, { transactionalIds: [n('tx-desc-nope'), n('tx-desc')] }));
  });
  scenario('ListTransactions: this run’s ids, filtered by state', async (s) => {
    const r = await s.w.call(A.ListTransactions, s.hi(A.ListTransactions), { stateFilters: ['Empty', 'CompleteCommit', 'CompleteAbort'], producerIdFilters: [], durationFilter: -1n, transactionalIdPattern: null });
    return { errorCode: r.errorCode, unknownStateFilters: r.unknownStateFilters, states: r.transactionStates.filter((t) => t.transactionalId.startsWith(n('tx-'))).map((t) => [t.transactionalId, t.transactionState]).sort() };
  });
  scenario('ListTransactions: unknown state filter', async (s) => {
    const r = await s.w.call(A.ListTransactions, s.hi(A.ListTransactions), { stateFilters: ['Bogus'], producerIdFilters: [], durationFilter: -1n, transactionalIdPattern: null });
    return { errorCode: r.errorCode, unknownStateFilters: r.unknownStateFilters, n: r.transactionStates.length };
  });
  // v2 (KIP-1152): an RE2/J pattern matched against the whole id; one that does not compile is an error.
  scenario('ListTransactions v2: transactional id patterns', async (s) => {
    await initPid(s, n('tx-pat-a'));
    await initPid(s, n('tx-pat-b'));
    const list = async (pattern: string | null): Promise<unknown> => {
      const r = await s.w.call(A.ListTransactions, 2, { stateFilters: [], producerIdFilters: [], durationFilter: -1n, transactionalIdPattern: pattern });
      return { errorCode: r.errorCode, ids: r.transactionStates.map((t) => t.transactionalId).filter((id) => id.startsWith(n('tx-pat-'))).sort() };
    };
    const prefix = n('tx-pat-').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const r = {
      exact: await list(`${prefix}a`),
      partial: await list('pat-a'),
      alternation: await list(`${prefix}(a|b)`),
      quoted: await list(`\\Q${n('tx-pat-')}\\E.*`),
      all: await list(null),
      empty: await list(''),
      invalid: await list('tx-(['),
    };
    // Not only the same on both sides: the filter really filters.
    expect([r.exact, r.partial, r.alternation, r.invalid]).toEqual([
      { errorCode: 0, ids: [n('tx-pat-a')] },
      { errorCode: 0, ids: [] },
      { errorCode: 0, ids: [n('tx-pat-a'), n('tx-pat-b')] },
      { errorCode: 128, ids: [] },
    ]);
    return r;
  });

  // --- Cluster and partitions
  scenario('DescribeCluster', (s) => s.w.call(A.DescribeCluster, s.hi(A.DescribeCluster), { includeClusterAuthorizedOperations: false, endpointType: 1 }));
  scenario('DescribeCluster: lowest common version', (s) => s.w.call(A.DescribeCluster, s.lo(A.DescribeCluster), { includeClusterAuthorizedOperations: false, endpointType: 1 }));
  const createPartitions = (s: Side, t: string, count: number, validateOnly = false, assignments: { brokerIds: number[] }[] | null = null): Promise<unknown> =>
    s.w.call(A.CreatePartitions, s.hi(A.CreatePartitions), { topics: [{ name: t, count, assignments }], timeoutMs: 30_000, validateOnly });
  scenario('CreatePartitions: fewer, same, unknown topic', async (s) => ({ fewer: await createPartitions(s, n('t3'), 2), same: await createPartitions(s, n('t3'), 3), unknown: await createPartitions(s, n('nope'), 4) }));
  scenario('CreatePartitions: validateOnly, then grow', async (s) => {
    await topic(s, n('cp'));
    const vo = await createPartitions(s, n('cp'), 3, true);
    const grow = await createPartitions(s, n('cp'), 3);
    // Kafka's broker learns of new partitions from its controller a moment after answering (a busy
    // CI machine once caught it with 1): compare the metadata once it shows the growth, or after 10 s.
    let md: unknown;
    for (let i = 0; i < 100; i++) {
      md = await metadata(s, [n('cp')]);
      if ((md as { topics: { partitions: unknown[] }[] }).topics[0]?.partitions.length === 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return { vo, grow, md };
  });
  scenario('CreatePartitions: assignment naming an unknown broker', (s) => createPartitions(s, n('t3'), 4, false, [{ brokerIds: [42] }]));
  // --- Topic ids, fetch sessions, DescribeTopicPartitions, cluster-shaped answers (issue 12)
  const fetchIds = (s: Side, sessionId: number, sessionEpoch: number, topics: { id: string; parts: number[]; offset?: bigint }[], forgotten: { id: string; parts: number[] }[] = []): Promise<unknown> =>
    s.w.call(A.Fetch, 17, {
      clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1n }, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId, sessionEpoch,
      topics: topics.map((t) => ({ topic: '', topicId: t.id, partitions: t.parts.map((partition) => ({ partition, currentLeaderEpoch: -1, fetchOffset: t.offset ?? 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' })) })),
      forgottenTopicsData: forgotten.map((f) => ({ topic: '', topicId: f.id, partitions: f.parts })),
      rackId: '',
    });
  const UNKNOWN_ID = 'AQIDBAUGBwgJCgsMDQ4PEA';
  // Its own topic: on the shared t3 Kafka once answered OFFSET_OUT_OF_RANGE with every offset -1 for
  // partition 0 (a state another scenario left), which is not what this scenario compares.
  scenario('Fetch v17: an unknown topic id answers after the partitions read', async (s) => {
    const id = await topic(s, n('fu'), 2);
    await produce(s, n('fu'), 0, batch([{ value: 'a' }, { value: 'b' }]));
    return fetchIds(s, 0, -1, [{ id: UNKNOWN_ID, parts: [0] }, { id, parts: [0, 1] }]);
  });
  scenario('Fetch v17: a session by topic id (full, incremental with only the news, forgotten, errors)', async (s) => {
    const id = await topic(s, n('fs'), 2);
    await produce(s, n('fs'), 0, batch([{ value: 'a' }]));
    const full = (await fetchIds(s, 0, 0, [{ id: UNKNOWN_ID, parts: [0] }, { id, parts: [0, 1] }])) as { sessionId: number };
    const sid = full.sessionId;
    const steps: unknown[] = [full];
    steps.push(await fetchIds(s, sid, 1, []));
    steps.push(await fetchIds(s, sid, 2, [{ id, parts: [0], offset: 1n }]));
    await produce(s, n('fs'), 1, batch([{ value: 'b' }]));
    steps.push(await fetchIds(s, sid, 3, []));
    steps.push(await fetchIds(s, sid, 4, [{ id, parts: [1], offset: 1n }], [{ id: UNKNOWN_ID, parts: [0] }]));
    steps.push(await fetchIds(s, sid, 99, []));
    steps.push(await s.w.call(A.Fetch, 12, { clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1n }, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: sid, sessionEpoch: 5, topics: [], forgottenTopicsData: [], rackId: '' }));
    steps.push(await fetchIds(s, 123_456, 1, []));
    steps.push(await fetchIds(s, sid, 5, [], [{ id, parts: [0, 1] }]));
    steps.push(await fetchIds(s, sid, 6, []));
    return steps;
  });
  scenario('Fetch v17: delete and re-create (old id unknown sessionless, INCONSISTENT_TOPIC_ID in a session)', async (s) => {
    const oldId = await topic(s, n('fr'), 2);
    await produce(s, n('fr'), 0, batch([{ value: 'old' }]));
    const full = (await fetchIds(s, 0, 0, [{ id: oldId, parts: [0, 1] }])) as { sessionId: number };
    await s.w.call(A.DeleteTopics, s.hi(A.DeleteTopics), { topicNames: [], topics: [{ name: n('fr'), topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }], timeoutMs: 30_000 });
    // Kafka drops the topic from its metadata asynchronously.
    await retry('topic gone', () => metadata(s, [n('fr')]) as Promise<{ topics: { errorCode: number }[] }>, (m) => m.topics[0]?.errorCode === 3);
    const afterDelete = [await fetchIds(s, full.sessionId, 1, []), await fetchIds(s, 0, -1, [{ id: oldId, parts: [0] }])];
    const newId = await topic(s, n('fr'), 2);
    return { newIdDiffers: newId !== oldId, afterDelete, afterRecreate: [await fetchIds(s, full.sessionId, 2, []), await fetchIds(s, 0, -1, [{ id: oldId, parts: [0] }]), await fetchIds(s, 0, -1, [{ id: newId, parts: [0] }])] };
  });

  const DTP = DescribeTopicPartitionsApi;
  const dtp = (s: Side, topics: string[], limit: number, cursor: { topicName: string; partitionIndex: number } | null = null): Promise<unknown> => s.w.call(DTP, 0, { topics: topics.map((name) => ({ name })), responsePartitionLimit: limit, cursor });
  scenario('DescribeTopicPartitions: named topics sorted, a missing one and an illegal name', (s) => dtp(s, [n('t3'), 'bad name!', n('nope'), n('t3')], 2000));
  scenario('DescribeTopicPartitions: paging with a cursor and a partition limit', async (s) => {
    await topic(s, n('dtp-a'), 3);
    await topic(s, n('dtp-b'), 1);
    await topic(s, n('dtp-c'), 2);
    const all = [n('dtp-a'), n('dtp-b'), n('dtp-c')];
    return [
      await dtp(s, all, 2),
      await dtp(s, all, 2, { topicName: n('dtp-a'), partitionIndex: 2 }),
      await dtp(s, all, 2, { topicName: n('dtp-c'), partitionIndex: 0 }),
      await dtp(s, [n('dtp-a'), n('dtp-b')], 3),
      await dtp(s, [n('dtp-a')], 0),
      await dtp(s, [], 3, { topicName: n('dtp-a'), partitionIndex: 1 }),
      await dtp(s, [], 2000, { topicName: n('dtp-bb'), partitionIndex: 0 }).then((r) => (r as { topics: { name: string }[] }).topics.filter((t) => t.name.startsWith(n('dtp')))),
    ];
  });
  scenario('DescribeTopicPartitions: a cursor outside the named topics', (s) => dtp(s, [n('t3'), n('nope')], 2000, { topicName: n('zzz'), partitionIndex: 0 }));

  const DQ = DescribeQuorumApi;
  /** The metadata log's offset is Kafka's record count (tkafka keeps no metadata log: 0), the epoch Kafka's election count, and "last fetched" is now: kept only as facts. */
  const quorumFacts = (v: unknown): unknown => {
    const r = v as { topics: { partitions: { highWatermark: bigint; leaderEpoch: number; currentVoters: { logEndOffset: bigint; lastFetchTimestamp: bigint; lastCaughtUpTimestamp: bigint }[] }[] }[] };
    for (const p of r.topics.flatMap((t) => t.partitions)) {
      for (const voter of p.currentVoters) {
        Object.assign(voter, { logEndOffset: voter.logEndOffset === p.highWatermark ? '<high watermark>' : voter.logEndOffset, lastFetchTimestamp: voter.lastFetchTimestamp > 0n ? '<now>' : voter.lastFetchTimestamp, lastCaughtUpTimestamp: voter.lastCaughtUpTimestamp > 0n ? '<now>' : voter.lastCaughtUpTimestamp });
      }
      // The leader's epoch counts the quorum's elections: Kafka's grows with each restart of the node.
      Object.assign(p, { highWatermark: p.highWatermark >= 0n ? '<metadata offset>' : p.highWatermark, leaderEpoch: p.leaderEpoch >= 1 ? '<epoch>' : p.leaderEpoch });
    }
    return r;
  };
  for (const v of [0, 1, 2]) scenario(`DescribeQuorum v${v}: the metadata partition, one voter`, (s) => s.w.call(DQ, v, { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] }), quorumFacts);
  scenario('DescribeQuorum: another partition', (s) => s.w.call(DQ, 2, { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 1 }] }, { topicName: n('t3'), partitions: [{ partitionIndex: 0 }] }] }));

  const EL = ElectLeadersApi;
  for (const v of [0, 2]) scenario(`ElectLeaders v${v}: preferred, the leader already is`, (s) => s.w.call(EL, v, { electionType: 0, topicPartitions: [{ topic: n('t3'), partitions: [0, 2] }], timeoutMs: 30_000 }));
  scenario('ElectLeaders: unclean, unknown topic and partition', (s) => s.w.call(EL, 2, { electionType: 1, topicPartitions: [{ topic: n('t3'), partitions: [1, 7] }, { topic: n('nope'), partitions: [0] }], timeoutMs: 30_000 }));
  scenario('ElectLeaders: unknown election type', (s) => s.w.call(EL, 2, { electionType: 5, topicPartitions: [{ topic: n('t3'), partitions: [0] }], timeoutMs: 30_000 }));

  const AP = AlterPartitionReassignmentsApi;
  const LP = ListPartitionReassignmentsApi;
  scenario('AlterPartitionReassignments: the current replicas, an unknown broker, a duplicate, none, cancel, unknown topic and partition', (s) =>
    s.w.call(AP, 0, {
      timeoutMs: 30_000,
      topics: [
        { name: n('t3'), partitions: [{ partitionIndex: 0, replicas: [s.nodeId] }, { partitionIndex: 1, replicas: [s.nodeId, 42] }, { partitionIndex: 2, replicas: [s.nodeId, s.nodeId] }] },
        { name: n('t3'), partitions: [{ partitionIndex: 0, replicas: [] }, { partitionIndex: 1, replicas: null }, { partitionIndex: 9, replicas: [s.nodeId] }] },
        { name: n('nope'), partitions: [{ partitionIndex: 0, replicas: [s.nodeId] }] },
      ],
    }),
  );
  scenario('ListPartitionReassignments: all, and named partitions', async (s) => [await s.w.call(LP, 0, { timeoutMs: 30_000, topics: null }), await s.w.call(LP, 0, { timeoutMs: 30_000, topics: [{ name: n('t3'), partitionIndexes: [0, 5] }, { name: n('nope'), partitionIndexes: [0] }] })]);
  // SCRAM credentials (50/51). Kafka orders results by hash maps: compared sorted by user.
  const DU = DescribeUserScramCredentialsApi;
  const AU = AlterUserScramCredentialsApi;
  const ups = (name: string, mechanism: number, iterations = 4096): { name: string; mechanism: number; iterations: number; salt: Buffer; saltedPassword: Buffer } => ({
    name,
    mechanism,
    iterations,
    salt: Buffer.from('differential-salt'),
    saltedPassword: Buffer.alloc(mechanism === 2 ? 64 : 32, 7),
  });
  // Kafka answers AlterUserScramCredentials once its controller has the change, and its broker's
  // metadata cache (which DescribeUserScramCredentials reads) learns of it a moment later (a CI run
  // once caught a deleted credential still listed): describe until `settled`, or for 10 s.
  type Described = Awaited<ReturnType<typeof describeScram>>;
  const describeScram = (s: Side, users: string[]) => s.w.call(DU, 0, { users: users.map((name) => ({ name })) });
  const describeSettled = (s: Side, users: string[], settled: (r: Described) => boolean): Promise<Described> => settle(() => describeScram(s, users), settled);
  const mechanisms = (r: Described, user: string): number[] => (r.results.find((x) => x.user === user)?.credentialInfos.map((c) => c.mechanism) ?? []).sort();
  const byUser = (v: unknown): unknown => {
    const r = v as { results?: { user: string }[] };
    return r.results === undefined ? v : { ...r, results: [...r.results].sort((a, b) => a.user.localeCompare(b.user)) };
  };
  scenario(
    'AlterUserScramCredentials: empty name, unknown mechanism, iterations bounds, a user altered twice, a missing deletion',
    (s) =>
      s.w.call(AU, 0, {
        deletions: [{ name: n('scram-nobody'), mechanism: 1 }],
        upsertions: [ups('', 1), ups(n('scram-mech0'), 0), ups(n('scram-few'), 1, 4095), ups(n('scram-many'), 2, 16385), ups(n('scram-dup'), 1), ups(n('scram-dup'), 2), ups(n('scram-ok'), 2, 16384)],
      }),
    byUser,
  );
  scenario('AlterUserScramCredentials: one user deleted and upserted in one request', async (s) => {
    await s.w.call(AU, 0, { deletions: [], upsertions: [ups(n('scram-both'), 1)] });
    await describeSettled(s, [n('scram-both')], (r) => mechanisms(r, n('scram-both')).length === 1);
    // Refused (one user altered twice in a request: DUPLICATE_RESOURCE), so the describe has nothing to wait for.
    return [await s.w.call(AU, 0, { deletions: [{ name: n('scram-both'), mechanism: 1 }], upsertions: [ups(n('scram-both'), 2)] }), await s.w.call(DU, 0, { users: [{ name: n('scram-both') }] })];
  });
  scenario(
    'DescribeUserScramCredentials: an existing user (two mechanisms), an unknown one, a duplicate',
    async (s) => {
      await s.w.call(AU, 0, { deletions: [], upsertions: [ups(n('scram-d1'), 1, 8192)] });
      await s.w.call(AU, 0, { deletions: [], upsertions: [ups(n('scram-d1'), 2)] });
      await describeSettled(s, [n('scram-d1')], (r) => mechanisms(r, n('scram-d1')).length === 2);
      return s.w.call(DU, 0, { users: [{ name: n('scram-d1') }, { name: n('scram-unknown') }, { name: n('scram-twice') }, { name: n('scram-twice') }] });
    },
    (v) => {
      const r = byUser(v) as { results?: { credentialInfos: { mechanism: number }[] }[] };
      return r.results === undefined ? r : { ...r, results: r.results.map((x) => ({ ...x, credentialInfos: [...x.credentialInfos].sort((a, b) => a.mechanism - b.mechanism) })) };
    },
  );
  scenario('AlterUserScramCredentials: deletes a credential', async (s) => {
    await s.w.call(AU, 0, { deletions: [], upsertions: [ups(n('scram-del'), 2)] });
    await describeSettled(s, [n('scram-del')], (r) => mechanisms(r, n('scram-del')).length === 1);
    const deleted = await s.w.call(AU, 0, { deletions: [{ name: n('scram-del'), mechanism: 2 }], upsertions: [] });
    return [deleted, await describeSettled(s, [n('scram-del')], (r) => r.results[0]?.errorCode !== 0)];
  });
  scenario('ApiVersions v4: supported and finalized features', async (s) => {
    const r = await s.w.call(A.ApiVersions, 4, { clientSoftwareName: 'differential', clientSoftwareVersion: '1' });
    // Per feature, so that each difference is one line (Kafka lists finalized features from a hash map).
    return {
      supported: Object.fromEntries(r.supportedFeatures.map((f) => [f.name, `${f.minVersion}-${f.maxVersion}`])),
      finalized: Object.fromEntries([...r.finalizedFeatures].sort((a, b) => a.name.localeCompare(b.name)).map((f) => [f.name, `${f.minVersionLevel}-${f.maxVersionLevel}`])),
      epochKnown: r.finalizedFeaturesEpoch >= 0n,
      zkMigrationReady: r.zkMigrationReady,
    };
  });
});

function sortCreateConfigs(v: unknown): unknown {
  const r = v as { topics: { configs: { name: string }[] }[] };
  for (const t of r.topics) t.configs.sort((a, b) => a.name.localeCompare(b.name));
  return r;
}

function sortConfigs(v: unknown): unknown {
  const r = v as { results: { configs: { name: string }[] }[] };
  for (const x of r.results) x.configs.sort((a, b) => a.name.localeCompare(b.name));
  return r;
}

/** The broker configs whose names both brokers serve (values that name hosts, paths or ids normalised). */
const BROKER_LOCAL = new Set(['log.dirs', 'log.dir', 'listeners', 'advertised.listeners', 'node.id', 'broker.id']);
/** Broker config names each side serves (read in beforeAll). */
const brokerNames = { kafka: new Set<string>(), tkafka: new Set<string>() };
function brokerShared(v: unknown): unknown {
  const r = v as { results: { errorCode: number; errorMessage: string | null; configs: { name: string; value: string | null; synonyms: { name: string; value: string | null }[] }[] }[] };
  const res = r.results[0];
  if (res === undefined) return r;
  const configs: Record<string, unknown> = {};
  for (const c of res.configs.filter((x) => brokerNames.kafka.has(x.name) && brokerNames.tkafka.has(x.name)).sort((a, b) => a.name.localeCompare(b.name))) {
    const { name, ...rest } = c;
    configs[name] = BROKER_LOCAL.has(name) ? { ...rest, value: '<local>', synonyms: c.synonyms.map((x) => ({ ...x, value: '<local>' })) } : rest;
  }
  return { errorCode: res.errorCode, errorMessage: res.errorMessage, configs };
}

function txnStable(v: unknown): unknown {
  const r = v as { transactionStates: { transactionTimeoutMs: number; transactionStartTimeMs: bigint; topics: { topic: string }[] }[] };
  for (const t of r.transactionStates) {
    t.transactionStartTimeMs = t.transactionStartTimeMs === -1n ? -1n : 1n;
    // Kafka lists a transaction's partitions from a hash set: the order is not meaningful.
    t.topics.sort((a, b) => a.topic.localeCompare(b.topic));
  }
  return r;
}
