import fs from 'node:fs';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeInitProducerIdResponse } from '../../src/protocol/generated/messages/init-producer-id-response.js';
import { defaultInitProducerIdRequest, encodeInitProducerIdRequest, InitProducerIdRequestVersions } from '../../src/protocol/generated/messages/init-producer-id-request.js';
import { decodeProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { defaultProduceRequest, encodeProduceRequest, ProduceRequestVersions } from '../../src/protocol/generated/messages/produce-request.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { spawnBroker, type BrokerProcess } from '../helpers/broker-process.js';
import { tempDataDir } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';
import { waitFor, within } from '../helpers/wait.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const InitProducerId = api(InitProducerIdRequestVersions, encodeInitProducerIdRequest, decodeInitProducerIdResponse);
const Produce = api(ProduceRequestVersions, encodeProduceRequest, decodeProduceResponse);

async function readCommitted(bootstrap: string, topic: string): Promise<string[]> {
  const r = await kcat(['-b', bootstrap, '-C', '-t', topic, '-e', '-q', '-f', '%s\n'], undefined, 15_000);
  expect(r.exitCode).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '').sort();
}

async function produceRaw(port: number, producerId: bigint, seq: number, value: string): Promise<{ errorCode: number; baseOffset: bigint }> {
  const raw = await RawClient.connect(port);
  try {
    const records = encodeRecordBatch({ records: [{ value: Buffer.from(value) }], producerId, producerEpoch: 0, baseSequence: seq });
    const res = await raw.call(Produce, 9, {
      ...defaultProduceRequest(),
      acks: -1,
      timeoutMs: 5000,
      topicData: [{ name: 'dedup', partitionData: [{ index: 0, records }] }],
    });
    const p = res.responses[0]?.partitionResponses[0];
    return { errorCode: p?.errorCode ?? -1, baseOffset: p?.baseOffset ?? -2n };
  } finally {
    raw.close();
  }
}

describe('transactions across a broker kill -9', () => {
  const dirs: string[] = [];
  const procs: BrokerProcess[] = [];
  const producers: Producer[] = [];

  afterAll(async () => {
    for (const p of producers) await p.disconnect().catch(() => undefined);
    for (const p of procs) p.child.kill('SIGKILL');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('an open transaction is never half-visible: it can be committed after the restart, or times out and is aborted', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await spawnBroker(dataDir);
    procs.push(first);
    const kafka = new Kafka({ clientId: 'crash', brokers: [first.bootstrap], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 100, retries: 12 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'keep', numPartitions: 2 }, { topic: 'lost', numPartitions: 1 }, { topic: 'dedup', numPartitions: 1 }] });
    await admin.disconnect();

    const keeper = kafka.producer({ transactionalId: 'keeper', maxInFlightRequests: 1, idempotent: true, transactionTimeout: 60_000 });
    const loser = kafka.producer({ transactionalId: 'loser', maxInFlightRequests: 1, idempotent: true, transactionTimeout: 3000 });
    producers.push(keeper, loser);
    await keeper.connect();
    await loser.connect();
    const keep = await keeper.transaction();
    await keep.send({ topic: 'keep', messages: [{ value: 'k0', partition: 0 }, { value: 'k1', partition: 1 }] });
    const lose = await loser.transaction();
    await lose.send({ topic: 'lost', messages: [{ value: 'l0' }] });

    // An idempotent batch acknowledged before the crash is still recognised when retried after it.
    const init = await RawClient.connect(first.port);
    const pid = (await init.call(InitProducerId, 4, { ...defaultInitProducerIdRequest(), transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 })).producerId;
    init.close();
    expect(await produceRaw(first.port, pid, 0, 'd0')).toEqual({ errorCode: 0, baseOffset: 0n });
    expect(await produceRaw(first.port, pid, 1, 'd1')).toEqual({ errorCode: 0, baseOffset: 1n });

    first.child.kill('SIGKILL');
    await within('the killed broker to exit', first.exited);
    const second = await spawnBroker(dataDir, first.port);
    procs.push(second);

    expect(await produceRaw(second.port, pid, 1, 'd1')).toEqual({ errorCode: 0, baseOffset: 1n });
    expect(await produceRaw(second.port, pid, 3, 'd3')).toEqual({ errorCode: 45, baseOffset: -1n });
    expect(await produceRaw(second.port, pid, 2, 'd2')).toEqual({ errorCode: 0, baseOffset: 2n });

    // Nothing of either transaction is visible to read_committed readers, and they do not stall.
    expect(await readCommitted(second.bootstrap, 'keep')).toEqual([]);
    expect(await readCommitted(second.bootstrap, 'lost')).toEqual([]);

    // The surviving producer finishes its transaction against the restarted broker.
    await keep.commit();
    expect(await readCommitted(second.bootstrap, 'keep')).toEqual(['k0', 'k1']);

    // The other one times out (its timeout counts from before the crash) and is aborted: the last
    // stable offset (kafkajs lists offsets read_committed) moves past its ABORT marker.
    const admin2 = new Kafka({ brokers: [second.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin2.connect();
    await waitFor("the timed-out transaction's ABORT marker (read_committed high watermark 2)", async () => (await admin2.fetchTopicOffsets('lost'))[0]?.high === '2', 15_000, 100);
    await admin2.disconnect();
    const r = await kcat(['-b', second.bootstrap, '-C', '-t', 'lost', '-e', '-q', '-f', '%s|%o\n', '-X', 'isolation.level=read_uncommitted']);
    expect(r.exitCode, r.stderr).toBe(0);
    const visible = r.stdout.split('\n').filter((l) => l !== '');
    expect(visible).toEqual(['l0|0']);
    expect(await readCommitted(second.bootstrap, 'lost')).toEqual([]);
    // Its epoch was bumped by the abort; kafkajs's EndTxn version learns that as INVALID_PRODUCER_EPOCH.
    await expect(lose.commit()).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH', code: 47 });
  });
});
