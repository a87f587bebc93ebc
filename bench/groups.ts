// Consumer-group benchmarks: `node --import tsx bench/groups.ts`.
// The broker runs in its own process (the test fixture under tsx, which sets
// group.initial.rebalance.delay.ms=0); kafkajs members and the commit generator run here.
// 1. Rebalance latency: 10 kafkajs members joining together, and a 10th member joining a Stable
//    group of 9, until every member holds an assignment of the new generation.
// 2. Offset commits: one member commits 1,000 times a second (OffsetCommit v8, one partition each)
//    in four 5 s windows: the first from cold, then three warm; broker CPU from /proc, generator
//    CPU from process.cpuUsage.
// Figures only, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { decodeJoinGroupResponse } from '../src/protocol/generated/messages/join-group-response.js';
import { encodeJoinGroupRequest, JoinGroupRequestVersions, type JoinGroupRequest } from '../src/protocol/generated/messages/join-group-request.js';
import { decodeOffsetCommitResponse } from '../src/protocol/generated/messages/offset-commit-response.js';
import { encodeOffsetCommitRequest, OffsetCommitRequestVersions } from '../src/protocol/generated/messages/offset-commit-request.js';
import { decodeSyncGroupResponse } from '../src/protocol/generated/messages/sync-group-response.js';
import { encodeSyncGroupRequest, SyncGroupRequestVersions } from '../src/protocol/generated/messages/sync-group-request.js';
import { spawnBroker, type BrokerProcess } from './lib/broker-process.js';
import { figure, fixed, heading, int, note, percentile } from './lib/report.js';
import { WireClient } from './lib/wire.js';

const TOPIC = 'bench-groups';
const PARTITIONS = 20;
const MEMBERS = 10;
const COMMIT_RATE = 1000;
const COMMIT_SECONDS = 5;
/** Measured windows after the first: CPU ticks are 10 ms, so a single 5 s window is coarse. */
const STEADY_WINDOWS = 3;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Member {
  consumer: Consumer;
  /** When the member last got an assignment (kafkajs GROUP_JOIN, after its SyncGroup). */
  joinedAt: number;
  partitions: number[];
}

/** Starts a kafkajs member that records when it last received an assignment, and what it was. */
function member(kafka: Kafka, groupId: string, heartbeatInterval: number): Member {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval, rebalanceTimeout: 30_000, maxWaitTimeInMs: 100 });
  const m: Member = { consumer, joinedAt: -1, partitions: [] };
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    m.joinedAt = performance.now();
    m.partitions = e.payload.memberAssignment[TOPIC] ?? [];
  });
  return m;
}

async function start(m: Member): Promise<void> {
  await m.consumer.connect();
  await m.consumer.subscribe({ topic: TOPIC, fromBeginning: false });
  await m.consumer.run({ eachMessage: () => Promise.resolve() });
}

/** Resolves once every member got an assignment after `since` and together they own each partition once. */
async function allAssigned(members: readonly Member[], since: number): Promise<void> {
  for (;;) {
    const all = members.flatMap((m) => m.partitions);
    if (members.every((m) => m.joinedAt >= since && m.partitions.length > 0) && all.length === PARTITIONS && new Set(all).size === PARTITIONS) return;
    await sleep(2);
  }
}

async function rebalanceLatency(kafka: Kafka, heartbeatInterval: number): Promise<{ together: number; lastJoin: number }> {
  const g1 = `together-${heartbeatInterval}`;
  const ten = Array.from({ length: MEMBERS }, () => member(kafka, g1, heartbeatInterval));
  const t0 = performance.now();
  await Promise.all(ten.map(start));
  await allAssigned(ten, t0);
  const together = performance.now() - t0;
  await Promise.all(ten.map((m) => m.consumer.disconnect()));

  const g2 = `last-join-${heartbeatInterval}`;
  const nine = Array.from({ length: MEMBERS - 1 }, () => member(kafka, g2, heartbeatInterval));
  await Promise.all(nine.map(start));
  await allAssigned(nine, 0);
  await sleep(1000); // let the group settle into Stable with steady heartbeats
  const tenth = member(kafka, g2, heartbeatInterval);
  const t1 = performance.now();
  await start(tenth);
  await allAssigned([...nine, tenth], t1);
  const lastJoin = performance.now() - t1;
  await Promise.all([...nine, tenth].map((m) => m.consumer.disconnect()));
  return { together, lastJoin };
}

async function commitLoad(b: BrokerProcess): Promise<void> {
  const c = await WireClient.connect(b.port, '127.0.0.1', 'commit-bench');
  const groupId = 'commit-bench';
  const join = (memberId: string): Promise<ReturnType<typeof decodeJoinGroupResponse>> => {
    const req: JoinGroupRequest = {
      groupId,
      sessionTimeoutMs: 30_000,
      rebalanceTimeoutMs: 30_000,
      memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]) }],
      reason: null,
    };
    return c.request(JoinGroupRequestVersions, 5, (w) => encodeJoinGroupRequest(w, req, 5)).then((r) => decodeJoinGroupResponse(r, 5));
  };
  const first = await join('');
  const joined = await join(first.memberId);
  const { memberId, generationId } = joined;
  const sync = await c
    .request(SyncGroupRequestVersions, 3, (w) => encodeSyncGroupRequest(w, { groupId, generationId, memberId, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] }, 3))
    .then((r) => decodeSyncGroupResponse(r, 3));
  if (joined.errorCode !== 0 || sync.errorCode !== 0) throw new Error(`could not join: ${joined.errorCode}/${sync.errorCode}`);

  let offset = 0n;
  let errors = 0;
  let latencies: number[] = [];
  const commitOne = async (): Promise<void> => {
    const t = performance.now();
    offset++;
    const req = {
      groupId,
      generationIdOrMemberEpoch: generationId,
      memberId,
      groupInstanceId: null,
      retentionTimeMs: -1n,
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: Number(offset % BigInt(PARTITIONS)), committedOffset: offset, committedLeaderEpoch: 0, commitTimestamp: -1n, committedMetadata: null }] }],
    };
    const res = decodeOffsetCommitResponse(await c.request(OffsetCommitRequestVersions, 8, (w) => encodeOffsetCommitRequest(w, req, 8)), 8);
    if (res.topics[0]?.partitions[0]?.errorCode !== 0) errors++;
    latencies.push(performance.now() - t);
  };

  /** One window of COMMIT_SECONDS at COMMIT_RATE; broker CPU from /proc (10 ms ticks). */
  const window = async (): Promise<{ ms: number; brokerMs: number; selfMs: number; latencies: number[] }> => {
    // Paced in 10 ms ticks of 10 commits so the rate holds at 1,000/s without bursts.
    const perTick = COMMIT_RATE / 100;
    const total = COMMIT_RATE * COMMIT_SECONDS;
    const inflight: Promise<void>[] = [];
    latencies = [];
    const broker0 = b.cpuMs();
    const self0 = process.cpuUsage();
    const t0 = performance.now();
    for (let sent = 0; sent < total; ) {
      for (let i = 0; i < perTick; i++, sent++) inflight.push(commitOne());
      const due = t0 + (sent / COMMIT_RATE) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    await Promise.all(inflight);
    const self = process.cpuUsage(self0);
    return { ms: performance.now() - t0, brokerMs: b.cpuMs() - broker0, selfMs: (self.user + self.system) / 1000, latencies: latencies.sort((x, y) => x - y) };
  };

  // The first window includes compiling the commit path (V8 optimizes it on helper threads while
  // it runs); the later ones show what a running broker pays per commit.
  const windows = [];
  for (let i = 0; i < 1 + STEADY_WINDOWS; i++) windows.push(await window());
  c.close();

  const total = COMMIT_RATE * COMMIT_SECONDS;
  const cpu = (w: { ms: number; brokerMs: number }): string => `${int(w.brokerMs)} ms = ${fixed((w.brokerMs / w.ms) * 100, 1)}% of a core, ${fixed((w.brokerMs * 1000) / total, 0)} µs per commit`;
  const [cold, ...steady] = windows as [(typeof windows)[number], ...typeof windows];
  const steadyMs = steady.reduce((a, w) => a + w.ms, 0);
  const steadyBrokerMs = steady.reduce((a, w) => a + w.brokerMs, 0);
  heading(`Offset commits: one member, ${int(COMMIT_RATE)}/s, windows of ${COMMIT_SECONDS} s (OffsetCommit v8, 1 partition each)`);
  figure('commits', `${int(total * windows.length)} in ${windows.length} windows (${windows.map((w) => int(total / (w.ms / 1000))).join(', ')}/s), ${errors} errors`);
  figure('broker CPU, first window (cold)', cpu(cold));
  for (const [i, w] of steady.entries()) figure(`broker CPU, window ${i + 2}`, cpu(w));
  figure(`broker CPU, windows 2-${windows.length} (warm)`, cpu({ ms: steadyMs / steady.length, brokerMs: steadyBrokerMs / steady.length }));
  figure('generator CPU (this process), per window', windows.map((w) => `${int(w.selfMs)} ms`).join(', '));
  figure('commit latency p50 / p99, warm', steady.map((w) => `${fixed(percentile(w.latencies, 50), 2)} / ${fixed(percentile(w.latencies, 99), 2)} ms`).join(', '));
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-groups-'));
  const b = await spawnBroker({ dataDir, flavor: 'src' });
  try {
    const kafka = new Kafka({ clientId: 'bench', brokers: [`127.0.0.1:${b.port}`], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
    await admin.disconnect();

    heading(`Rebalance: ${MEMBERS} kafkajs members on ${PARTITIONS} partitions (initial delay 0, maxWaitTimeInMs 100)`);
    for (const hb of [500, 100]) {
      const r = await rebalanceLatency(kafka, hb);
      figure(`${MEMBERS} join together, heartbeat ${hb} ms`, `${int(r.together)} ms from connect to all assigned`);
      figure(`10th joins a Stable 9, heartbeat ${hb} ms`, `${int(r.lastJoin)} ms from its start to all 10 reassigned`);
    }
    note('Members learn of a rebalance from their next heartbeat, so the heartbeat interval bounds the second figure.');

    await commitLoad(b);
  } finally {
    await b.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
