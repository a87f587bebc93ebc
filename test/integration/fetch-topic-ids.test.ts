// Fetch v13+ by topic id (KIP-516) and fetch sessions (KIP-227), raw requests against the broker. The
// expected answers are Apache Kafka 4.4's, taken from the same requests to a real Kafka (the differential
// corpus replays the sessionless and re-create cases against it): UNKNOWN_TOPIC_ID per partition after
// the partitions that were read, INCONSISTENT_TOPIC_ID once a session's topic was re-created under a new
// id, the session error codes, and incremental responses that carry only partitions with news.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchSessions } from '../../src/broker/fetch/sessions.js';
import type { FetchResponse } from '../../src/protocol/generated/messages/fetch-response.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { A, Wire } from '../reference/differential.js';

const ZERO = 'AAAAAAAAAAAAAAAAAAAAAA';
const UNKNOWN = 'AQIDBAUGBwgJCgsMDQ4PEA';
let broker: TestBroker;
let w: Wire;

beforeAll(async () => {
  broker = await startTestBroker({ config: { 'num.partitions': '1' } });
  w = await Wire.connect(broker.bootstrap);
});
afterAll(async () => {
  w.close();
  await broker.dispose();
});

async function create(name: string, partitions: number): Promise<string> {
  const r = await w.call(A.CreateTopics, 7, { topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 30_000, validateOnly: false });
  expect(r.topics[0]?.errorCode).toBe(0);
  return r.topics[0]?.topicId ?? '';
}

async function remove(name: string): Promise<void> {
  const r = await w.call(A.DeleteTopics, 6, { topicNames: [], topics: [{ name, topicId: ZERO }], timeoutMs: 30_000 });
  expect(r.responses[0]?.errorCode).toBe(0);
}

async function produce(name: string, partition: number, values: string[]): Promise<void> {
  const records = encodeRecordBatch({ records: values.map((v, i) => ({ key: null, value: v, timestamp: BigInt(i + 1) })), timestamp: 1n });
  const r = await w.call(A.Produce, 11, { transactionalId: null, acks: -1, timeoutMs: 30_000, topicData: [{ name, partitionData: [{ index: partition, records }] }] });
  expect(r.responses[0]?.partitionResponses[0]?.errorCode).toBe(0);
}

interface Want {
  id: string;
  parts: number[];
  offset?: bigint;
}

function fetch(version: number, sessionId: number, sessionEpoch: number, topics: Want[], forgotten: Want[] = [], wait: { maxWaitMs: number; minBytes: number } = { maxWaitMs: 0, minBytes: 0 }, conn = w): Promise<FetchResponse> {
  return conn.call(A.Fetch, version, {
    clusterId: null,
    replicaId: -1,
    replicaState: { replicaId: -1, replicaEpoch: -1n },
    ...wait,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId,
    sessionEpoch,
    topics: topics.map((t) => ({ topic: '', topicId: t.id, partitions: t.parts.map((partition) => ({ partition, currentLeaderEpoch: -1, fetchOffset: t.offset ?? 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20, replicaDirectoryId: ZERO })) })),
    forgottenTopicsData: forgotten.map((f) => ({ topic: '', topicId: f.id, partitions: f.parts })),
    rackId: '',
  });
}

/** The partitions of a response as [topic id, partition, error code, high watermark, record count or "null aborted"]. */
function shape(r: FetchResponse): string[] {
  return r.responses.flatMap((t) =>
    t.partitions.map((p) => `${t.topicId === UNKNOWN ? 'unknown' : t.topicId}/${p.partitionIndex} e${p.errorCode} hw${p.highWatermark} ${p.records?.length ?? 'null'}B aborted=${p.abortedTransactions === null ? 'null' : JSON.stringify(p.abortedTransactions)}`),
  );
}

/** An error partition as Kafka answers it: offsets unknown, empty records, no aborted list (null) only when the read failed. */
function errorPartition(index: number, errorCode: number, abortedTransactions: [] | null): unknown {
  return {
    partitionIndex: index,
    errorCode,
    highWatermark: -1n,
    lastStableOffset: -1n,
    logStartOffset: -1n,
    divergingEpoch: { epoch: -1, endOffset: -1n },
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1n, epoch: -1 },
    abortedTransactions,
    preferredReadReplica: -1,
    records: Buffer.alloc(0),
  };
}

describe('Fetch by topic id', () => {
  it('an unknown id is UNKNOWN_TOPIC_ID on its partition, answered after the partitions that were read (v13 and v17)', async () => {
    const id = await create('ids-a', 1);
    await produce('ids-a', 0, ['x']);
    for (const v of [13, 17]) {
      const r = await fetch(v, 0, -1, [{ id: UNKNOWN, parts: [0] }, { id, parts: [0] }]);
      expect(r.errorCode).toBe(0);
      expect(r.sessionId).toBe(0);
      expect(r.responses.map((t) => t.topicId)).toEqual([id, UNKNOWN]);
      expect(r.responses[1]?.partitions).toEqual([errorPartition(0, 100, [])]);
      expect(r.responses[0]?.partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 1n, lastStableOffset: 1n, logStartOffset: 0n, abortedTransactions: null });
      expect(r.responses[0]?.partitions[0]?.records?.length).toBeGreaterThan(0);
    }
    // The zero id is just another unknown one.
    expect(shape(await fetch(17, 0, -1, [{ id: ZERO, parts: [0] }]))).toEqual([`${ZERO}/0 e100 hw-1 0B aborted=[]`]);
    // A partition the topic does not have: UNKNOWN_TOPIC_OR_PARTITION.
    expect(shape(await fetch(17, 0, -1, [{ id, parts: [7] }]))).toEqual([`${id}/7 e3 hw-1 0B aborted=[]`]);
  });

  it('a deleted topic id is unknown, and a re-created topic has a new id that the old one does not reach', async () => {
    const oldId = await create('ids-b', 1);
    await produce('ids-b', 0, ['old-1', 'old-2']);
    await remove('ids-b');
    expect(shape(await fetch(17, 0, -1, [{ id: oldId, parts: [0] }]))).toEqual([`${oldId}/0 e100 hw-1 0B aborted=[]`]);
    const newId = await create('ids-b', 1);
    expect(newId).not.toBe(oldId);
    expect(shape(await fetch(17, 0, -1, [{ id: oldId, parts: [0] }]))).toEqual([`${oldId}/0 e100 hw-1 0B aborted=[]`]);
    expect(shape(await fetch(17, 0, -1, [{ id: newId, parts: [0] }]))).toEqual([`${newId}/0 e0 hw0 0B aborted=null`]);
    // Metadata names the new id.
    const md = await w.call(A.Metadata, 12, { topics: [{ topicId: ZERO, name: 'ids-b' }], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    expect(md.topics[0]?.topicId).toBe(newId);
  });

  it('a parked fetch is not cut short by an unknown id: it waits for data on the partitions it can read', async () => {
    const id = await create('ids-park', 1);
    const b = broker.running.broker;
    const parked = new Promise<void>((resolve) => {
      const orig = b.waitForAppend.bind(b);
      vi.spyOn(b, 'waitForAppend').mockImplementation((...args) => {
        resolve();
        return orig(...args);
      });
    });
    const other = await Wire.connect(broker.bootstrap);
    try {
      const pending = fetch(17, 0, -1, [{ id: UNKNOWN, parts: [0] }, { id, parts: [0] }], [], { maxWaitMs: 30_000, minBytes: 1 }, other);
      await parked;
      await produce('ids-park', 0, ['late']);
      const r = await pending;
      expect(r.responses.map((t) => t.topicId)).toEqual([id, UNKNOWN]);
      expect(r.responses[0]?.partitions[0]?.highWatermark).toBe(1n);
      expect(r.responses[0]?.partitions[0]?.records?.length).toBeGreaterThan(0);
      expect(r.responses[1]?.partitions[0]?.errorCode).toBe(100);
    } finally {
      vi.restoreAllMocks();
      other.close();
    }
    // Nothing the broker can read: answered at once, whatever maxWaitMs says.
    expect(shape(await fetch(17, 0, -1, [{ id: UNKNOWN, parts: [0] }], [], { maxWaitMs: 30_000, minBytes: 1 }))).toEqual(['unknown/0 e100 hw-1 0B aborted=[]']);
  });
});

describe('fetch sessions by topic id', () => {
  it('full, incremental with only the news, forgotten by id, delete and re-create, close', async () => {
    const id = await create('ids-s', 2);
    await produce('ids-s', 0, ['a']);
    const full = await fetch(17, 0, 0, [{ id: UNKNOWN, parts: [0] }, { id, parts: [0, 1] }]);
    expect(full.sessionId).toBeGreaterThan(0);
    const sid = full.sessionId;
    expect(shape(full)).toEqual([`${id}/0 e0 hw1 ${full.responses[0]?.partitions[0]?.records?.length}B aborted=null`, `${id}/1 e0 hw0 0B aborted=null`, 'unknown/0 e100 hw-1 0B aborted=[]']);
    const batchBytes = full.responses[0]?.partitions[0]?.records?.length ?? 0;
    expect(batchBytes).toBeGreaterThan(0);
    // Epoch 1 names nothing: p0 still has records at its session offset, p1 has no news, the unknown id errs again.
    expect(shape(await fetch(17, sid, 1, []))).toEqual([`${id}/0 e0 hw1 ${batchBytes}B aborted=null`, 'unknown/0 e100 hw-1 0B aborted=[]']);
    // Moving p0 past its data leaves only the error.
    expect(shape(await fetch(17, sid, 2, [{ id, parts: [0], offset: 1n }]))).toEqual(['unknown/0 e100 hw-1 0B aborted=[]']);
    expect(shape(await fetch(17, sid, 3, []))).toEqual(['unknown/0 e100 hw-1 0B aborted=[]']);
    // A moved high watermark is news.
    await produce('ids-s', 1, ['b']);
    const withP1 = await fetch(17, sid, 4, []);
    expect(shape(withP1)).toEqual([`${id}/1 e0 hw1 ${withP1.responses[0]?.partitions[0]?.records?.length}B aborted=null`, 'unknown/0 e100 hw-1 0B aborted=[]']);
    expect(shape(await fetch(17, sid, 5, [{ id, parts: [1], offset: 1n }], [{ id: UNKNOWN, parts: [0] }]))).toEqual([]);
    // Session errors: nothing but the code, session id 0; the session stays.
    expect(await fetch(17, sid, 99, [])).toEqual({ throttleTimeMs: 0, errorCode: 71, sessionId: 0, responses: [], nodeEndpoints: [] });
    expect((await fetch(12, sid, 6, [])).errorCode).toBe(106);
    expect((await fetch(17, 123_456, 1, [])).errorCode).toBe(70);
    expect(await fetch(17, sid, 6, [])).toMatchObject({ errorCode: 0, sessionId: sid, responses: [] });
    // The topic goes: the session still knows its name, so UNKNOWN_TOPIC_OR_PARTITION (p1 moved to the end when it returned data).
    await remove('ids-s');
    expect(shape(await fetch(17, sid, 7, []))).toEqual([`${id}/0 e3 hw-1 0B aborted=[]`, `${id}/1 e3 hw-1 0B aborted=[]`]);
    // Re-created under a new id: the session's old id no longer matches the log's.
    const newId = await create('ids-s', 2);
    expect(shape(await fetch(17, sid, 8, []))).toEqual([`${id}/0 e103 hw-1 0B aborted=null`, `${id}/1 e103 hw-1 0B aborted=null`]);
    // Epoch -1 closes the session and answers sessionless.
    const closing = await fetch(17, sid, -1, [{ id: newId, parts: [0] }]);
    expect(closing.sessionId).toBe(0);
    expect(shape(closing)).toEqual([`${newId}/0 e0 hw0 0B aborted=null`]);
    expect((await fetch(17, sid, 9, [])).errorCode).toBe(70);
    // Forgetting every partition ends the session.
    const second = await fetch(17, 0, 0, [{ id: newId, parts: [0, 1] }]);
    expect(second.sessionId).toBeGreaterThan(0);
    expect(await fetch(17, second.sessionId, 1, [], [{ id: newId, parts: [0, 1] }])).toEqual({ throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [], nodeEndpoints: [] });
    expect((await fetch(17, second.sessionId, 2, [])).errorCode).toBe(70);
  });

  it('sessions by name before v13 and none before v7; the broker counts the versions it served', async () => {
    await create('ids-n', 1);
    const byName = await w.call(A.Fetch, 12, {
      clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1n }, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: 0,
      topics: [{ topic: 'ids-n', topicId: ZERO, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1000, replicaDirectoryId: ZERO }] }],
      forgottenTopicsData: [], rackId: '',
    });
    expect(byName.sessionId).toBeGreaterThan(0);
    expect(byName.responses.map((t) => t.topic)).toEqual(['ids-n']);
    // A session by names is not continued at v13+.
    expect((await fetch(13, byName.sessionId, 1, [])).errorCode).toBe(106);
    const cache = fetchSessions(broker.running.broker);
    const sessionsBefore = cache.size;
    const v6 = await w.call(A.Fetch, 6, {
      clusterId: null, replicaId: -1, replicaState: { replicaId: -1, replicaEpoch: -1n }, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: 0,
      topics: [{ topic: 'ids-n', topicId: ZERO, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1000, replicaDirectoryId: ZERO }] }],
      forgottenTopicsData: [], rackId: '',
    });
    expect(v6.responses[0]?.partitions[0]?.errorCode).toBe(0);
    expect(cache.size).toBe(sessionsBefore);
    expect(cache.versionsSeen.get(6)).toBe(1);
    expect(cache.versionsSeen.get(17)).toBeGreaterThan(0);
    expect(cache.incrementalRequests).toBeGreaterThan(0);
  });
});
