import { spawnSync, spawn } from 'node:child_process';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';

// librdkafka through Debian's python3-confluent-kafka (apt-get install python3-confluent-kafka); it
// lives in the system interpreter, not in whatever python3 comes first on PATH.
const PYTHON = '/usr/bin/python3';
const hasConfluent = spawnSync(PYTHON, ['-c', 'import confluent_kafka'], { stdio: 'ignore' }).status === 0;

const SCRIPT = String.raw`
import json, sys
from confluent_kafka import Consumer, Producer, TopicPartition

bootstrap, mode, topic = sys.argv[1], sys.argv[2], sys.argv[3]
base = {'bootstrap.servers': bootstrap, 'broker.address.family': 'v4'}

def check(err, msg):
    if err is not None:
        raise SystemExit('delivery failed: %s' % err)

def consume(isolation, partitions):
    c = Consumer(dict(base, **{'group.id': 'py-' + isolation + '-' + topic, 'isolation.level': isolation,
                               'enable.partition.eof': True, 'auto.offset.reset': 'earliest', 'enable.auto.commit': False}))
    c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    seen, eof = [], set()
    while len(eof) < partitions:
        m = c.poll(10.0)
        if m is None:
            raise SystemExit('consumer stalled')
        if m.error():
            if m.error().code() == -191:
                eof.add(m.partition())
                continue
            raise SystemExit(str(m.error()))
        seen.append(m.value().decode())
    c.close()
    return sorted(seen)

if mode == 'txn':
    p = Producer(dict(base, **{'transactional.id': 'py-tx', 'transaction.timeout.ms': 10000}))
    p.init_transactions(10)
    p.begin_transaction()
    for i in range(4):
        p.produce(topic, ('pc%d' % i).encode(), partition=i % 2, on_delivery=check)
    p.commit_transaction(10)
    p.begin_transaction()
    for i in range(4):
        p.produce(topic, ('pa%d' % i).encode(), partition=i % 2, on_delivery=check)
    p.flush(10)
    p.abort_transaction(10)
    print(json.dumps({'committed': consume('read_committed', 2), 'uncommitted': consume('read_uncommitted', 2)}))
elif mode == 'idem':
    p = Producer(dict(base, **{'enable.idempotence': True, 'acks': 'all'}))
    offsets = []
    def record(err, msg):
        check(err, msg)
        offsets.append(msg.offset())
    for i in range(20):
        p.produce(topic, ('m%d' % i).encode(), partition=0, on_delivery=record)
    p.flush(10)
    print(json.dumps({'offsets': sorted(offsets), 'read': consume('read_committed', 1)}))
`;

function runPython(args: string[], timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ['-c', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('exactly-once with librdkafka', () => {
  let b: TestBroker;
  let kafka: Kafka;
  const producers: Producer[] = [];

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '3' } });
    kafka = new Kafka({ clientId: 'txn-lr', brokers: [b.bootstrap], logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 8 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: ['lr-txn', 'lr-idem', 'lr-open'].map((topic) => ({ topic, numPartitions: topic === 'lr-txn' ? 2 : 1 })) });
    await admin.disconnect();
  });

  afterAll(async () => {
    for (const p of producers) await p.disconnect().catch(() => undefined);
    await b.dispose();
  });

  it.skipIf(!hasConfluent)('a transactional producer and read_committed / read_uncommitted consumers agree', async () => {
    const r = await runPython([b.bootstrap, 'txn', 'lr-txn']);
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { committed: string[]; uncommitted: string[] };
    expect(out.committed).toEqual(['pc0', 'pc1', 'pc2', 'pc3']);
    expect(out.uncommitted).toEqual(['pa0', 'pa1', 'pa2', 'pa3', 'pc0', 'pc1', 'pc2', 'pc3']);
    // kcat is read_committed: it must reach the end (-e) and show only the committed records.
    const k = await kcat(['-b', b.bootstrap, '-C', '-t', 'lr-txn', '-e', '-q', '-f', '%s\n']);
    expect(k.exitCode).toBe(0);
    expect(k.stdout.trim().split('\n').sort()).toEqual(['pc0', 'pc1', 'pc2', 'pc3']);
  });

  it.skipIf(!hasConfluent)('an enable.idempotence=true producer gets consecutive offsets', async () => {
    const r = await runPython([b.bootstrap, 'idem', 'lr-idem']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { offsets: number[]; read: string[] };
    expect(out.offsets).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(out.read).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
    const partition = b.running.broker.topics.partition('lr-idem', 0);
    if (partition === undefined) throw new Error('no partition');
    const entries = [...b.running.broker.txn.producers.get(partition.log).entries()];
    expect(entries.map((e) => [e.epoch, e.lastSeq])).toEqual([[0, 19]]);
  });

  it('kcat (read_committed) returns at the last stable offset while a transaction is open', async () => {
    const plain = kafka.producer();
    const txnProducer = kafka.producer({ transactionalId: 'kcat-open', maxInFlightRequests: 1, idempotent: true });
    producers.push(plain, txnProducer);
    await plain.connect();
    await txnProducer.connect();
    await plain.send({ topic: 'lr-open', messages: [{ value: 'before' }] });
    const txn = await txnProducer.transaction();
    await txn.send({ topic: 'lr-open', messages: [{ value: 'open1' }, { value: 'open2' }] });
    await plain.send({ topic: 'lr-open', messages: [{ value: 'behind' }] });
    // kcat -e ends at the last stable offset; were it waiting for the high watermark it would be killed (exit code null).
    const k = await kcat(['-b', b.bootstrap, '-C', '-t', 'lr-open', '-e', '-q', '-f', '%s\n'], undefined, 15_000);
    expect(k).toMatchObject({ exitCode: 0, stdout: 'before\n' });
    await txn.commit();
    const after = await kcat(['-b', b.bootstrap, '-C', '-t', 'lr-open', '-e', '-q', '-f', '%s\n']);
    expect(after).toMatchObject({ exitCode: 0, stdout: 'before\nopen1\nopen2\nbehind\n' });
  });
});
