import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetForLeaderEpochApi } from '../../src/protocol/generated/apis/offset-for-leader-epoch.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';
import { RawClient } from '../unit/broker/group/raw-client.js';

// OffsetForLeaderEpoch (API 23, KIP-101/320): the end offset of a leader epoch. This node has led
// every partition since epoch 0 and its epoch never changes, so epoch 0 ends at the log end offset
// (as Kafka, which records epoch 0 at offset 0 when the partition gets its first leader).

let b: TestBroker;
let raw: RawClient;

beforeAll(async () => {
  b = await startTestBroker();
  raw = await RawClient.connect(b.running.port);
});
afterAll(async () => {
  raw?.close();
  await b?.dispose();
});

type Row = [topic: string, partition: number, errorCode: number, leaderEpoch: number, endOffset: bigint];

async function ask(version: number, partitions: { topic: string; partition: number; leaderEpoch: number; currentLeaderEpoch?: number }[]): Promise<Row[]> {
  const byTopic = new Map<string, typeof partitions>();
  for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
  const res = await raw.call(OffsetForLeaderEpochApi, version, {
    replicaId: -1,
    topics: [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps.map((p) => ({ partition: p.partition, leaderEpoch: p.leaderEpoch, currentLeaderEpoch: p.currentLeaderEpoch ?? -1 })) })),
  });
  return res.topics.flatMap((t) => t.partitions.map((p): Row => [t.topic, p.partition, p.errorCode, p.leaderEpoch, p.endOffset]));
}

describe('OffsetForLeaderEpoch', () => {
  it('answers each epoch with its end offset, at every version', async () => {
    if (!b.running.broker.topics.create('ofle', 2, {}).ok) throw new Error('cannot create ofle');
    const p = await kcat(['-b', b.bootstrap, '-t', 'ofle', '-p', '0', '-P'], 'a\nb\nc\nd\ne\n');
    expect(p.exitCode, p.stderr).toBe(0);
    for (let v = 0; v <= 4; v++) {
      const rows = await ask(v, [
        { topic: 'ofle', partition: 0, leaderEpoch: 0 }, // five records
        { topic: 'ofle', partition: 1, leaderEpoch: 0 }, // empty: epoch 0 starts and ends at 0
        { topic: 'ofle', partition: 0, leaderEpoch: 1 }, // an epoch this partition never had
        { topic: 'ofle', partition: 0, leaderEpoch: -1 },
        { topic: 'ofle', partition: 2, leaderEpoch: 0 },
        { topic: 'absent', partition: 0, leaderEpoch: 0 },
      ]);
      // v0 has no leaderEpoch field: it decodes as its default, -1.
      const epoch0 = v === 0 ? -1 : 0;
      expect(rows, `v${v}`).toEqual([
        ['ofle', 0, 0, epoch0, 5n],
        ['ofle', 1, 0, epoch0, 0n],
        ['ofle', 0, 0, -1, -1n],
        ['ofle', 0, 0, -1, -1n],
        ['ofle', 2, 3, -1, -1n],
        ['absent', 0, 3, -1, -1n],
      ]);
    }
  });

  it('checks the current leader epoch from v2: one newer than the partition\'s is UNKNOWN_LEADER_EPOCH', async () => {
    if (!b.running.broker.topics.create('ofle-fence', 1, {}).ok) throw new Error('cannot create ofle-fence');
    const p = await kcat(['-b', b.bootstrap, '-t', 'ofle-fence', '-P'], 'x\ny\n');
    expect(p.exitCode, p.stderr).toBe(0);
    const req = [
      { topic: 'ofle-fence', partition: 0, leaderEpoch: 0, currentLeaderEpoch: 0 },
      { topic: 'ofle-fence', partition: 0, leaderEpoch: 0, currentLeaderEpoch: -1 },
      { topic: 'ofle-fence', partition: 0, leaderEpoch: 0, currentLeaderEpoch: 1 },
    ];
    expect(await ask(4, req)).toEqual([
      ['ofle-fence', 0, 0, 0, 2n],
      ['ofle-fence', 0, 0, 0, 2n],
      ['ofle-fence', 0, 75, -1, -1n], // UNKNOWN_LEADER_EPOCH
    ]);
    // Before v2 there is no current epoch on the wire, so nothing is checked.
    expect(await ask(1, req)).toEqual([
      ['ofle-fence', 0, 0, 0, 2n],
      ['ofle-fence', 0, 0, 0, 2n],
      ['ofle-fence', 0, 0, 0, 2n],
    ]);
  });
});
