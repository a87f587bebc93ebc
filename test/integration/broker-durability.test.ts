import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnBroker, type BrokerProcess } from '../helpers/broker-process.js';
import { startTestBroker, tempDataDir } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';
import { loopUntilKilled, within } from '../helpers/wait.js';

const dirs: string[] = [];
const procs: BrokerProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) p.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function consumeAll(bootstrap: string, topic: string): Promise<Map<number, string>> {
  const r = await kcat(['-b', bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-C', '-e', '-q', '-f', '%o %s\n'], undefined, 60_000);
  expect(r.exitCode, r.stderr).toBe(0);
  const m = new Map<number, string>();
  for (const line of r.stdout.split('\n')) {
    if (line === '') continue;
    const sp = line.indexOf(' ');
    m.set(Number(line.slice(0, sp)), line.slice(sp + 1));
  }
  return m;
}

describe('durability', () => {
  it('keeps every acknowledged record at its offset across a restart', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await startTestBroker({ dataDir });
    const kafka = new Kafka({ brokers: [first.bootstrap], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    const acked: [number, string][] = [];
    for (let i = 0; i < 20; i++) {
      const values = Array.from({ length: 5 }, (_, j) => `r${i}-${j}`);
      const [meta] = await producer.send({ topic: 'restart', messages: values.map((value) => ({ value })) });
      const base = Number(meta?.baseOffset);
      values.forEach((v, j) => acked.push([base + j, v]));
    }
    await producer.disconnect();
    await first.stop();
    const second = await startTestBroker({ dataDir });
    const got = await consumeAll(second.bootstrap, 'restart');
    await second.stop();
    expect(got.size).toBe(100);
    for (const [offset, value] of acked) expect(got.get(offset)).toBe(value);
  });

  it('loses nothing acknowledged when the broker is killed with SIGKILL during a produce loop', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const bp = await spawnBroker(dataDir);
    procs.push(bp);
    const kafka = new Kafka({ brokers: [bp.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    const acked: [number, string][] = [];
    const writes = loopUntilKilled(async (i) => {
      const values = Array.from({ length: 10 }, (_, j) => `k${i}-${j}`);
      const [meta] = await producer.send({ topic: 'crash', acks: 1, messages: values.map((value) => ({ value })) });
      const base = Number(meta?.baseOffset);
      values.forEach((v, j) => acked.push([base + j, v]));
    });
    await writes.until('500 acknowledged records', () => acked.length >= 500);
    writes.markKilled();
    bp.child.kill('SIGKILL');
    await within('the killed broker to exit', bp.exited);
    await writes.ended();
    await producer.disconnect().catch(() => undefined); // its broker is gone
    const restarted = await spawnBroker(dataDir);
    procs.push(restarted);
    const got = await consumeAll(restarted.bootstrap, 'crash');
    for (const [offset, value] of acked) expect(got.get(offset)).toBe(value);
    // Offsets stay dense after recovery: a new append continues right after the last record.
    const p = await kcat(['-b', restarted.bootstrap, '-t', 'crash', '-p', '0', '-P'], 'after-restart\n');
    expect(p.exitCode).toBe(0);
    const after = await consumeAll(restarted.bootstrap, 'crash');
    expect([...after.keys()]).toEqual(Array.from({ length: got.size + 1 }, (_, o) => o));
    expect(after.get(got.size)).toBe('after-restart');
  });

  it('truncates a torn last batch on recovery and keeps everything before it', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await startTestBroker({ dataDir });
    expect((await kcat(['-b', first.bootstrap, '-t', 'torn', '-P'], 'one\ntwo\nthree\n')).exitCode).toBe(0);
    await first.stop();
    const segment = path.join(dataDir, 'torn-0', '00000000000000000000.log');
    const size = fs.statSync(segment).size;
    // A batch header that promises 500 bytes, followed by only 20: a write cut short by a crash.
    const torn = Buffer.alloc(32);
    torn.writeBigInt64BE(3n, 0);
    torn.writeInt32BE(500, 8);
    fs.appendFileSync(segment, torn);
    const second = await startTestBroker({ dataDir });
    expect(fs.statSync(segment).size).toBe(size);
    const got = await consumeAll(second.bootstrap, 'torn');
    expect([...got.entries()]).toEqual([
      [0, 'one'],
      [1, 'two'],
      [2, 'three'],
    ]);
    expect((await kcat(['-b', second.bootstrap, '-t', 'torn', '-P'], 'four\n')).exitCode).toBe(0);
    const again = await consumeAll(second.bootstrap, 'torn');
    expect([...again.entries()]).toEqual([
      [0, 'one'],
      [1, 'two'],
      [2, 'three'],
      [3, 'four'],
    ]);
    await second.stop();
  });
});
