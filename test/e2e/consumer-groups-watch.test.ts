import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import kafkajs from 'kafkajs';
import type { Consumer, Kafka } from 'kafkajs';
import { NativeClient } from '../../src/client/native/client.js';
import { NativeGroupAdmin } from '../../src/core/consumer-groups/admin.js';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';

// `--describe --watch` while a kafkajs consumer drains a topic: one JSON line per interval on a
// pipe, and a screen redrawn in place on a terminal (tmux).

let b: TestBroker;
let kafka: Kafka;

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

async function seed(topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 100 }, (_, i) => ({ value: `v${i}`, partition: i % 3 })) });
  await producer.disconnect();
}

async function commitZero(groupId: string, topic: string): Promise<void> {
  const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'e2e-seed' });
  try {
    await new NativeGroupAdmin(client).commitOffsets(groupId, [0, 1, 2].map((partition) => ({ topic, partition, offset: 0n })));
  } finally {
    await client.close();
  }
}

async function committedTotal(groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const res = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return (res[0]?.partitions ?? []).reduce((acc, p) => acc + Math.max(0, Number(p.offset)), 0);
}

/** A member that works through the topic slowly (msPerRecord each), committing every 200 ms. */
async function startDrain(groupId: string, topic: string, msPerRecord: number): Promise<Consumer> {
  const c = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await c.connect();
  await c.subscribe({ topic });
  await c.run({
    autoCommitInterval: 200,
    eachMessage: async () => {
      await new Promise((r) => setTimeout(r, msPerRecord));
    },
  });
  return c;
}

beforeAll(async () => {
  b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
  kafka = new kafkajs.Kafka({ brokers: [b.bootstrap], clientId: 'e2e-watch', logLevel: kafkajs.logLevel.NOTHING });
});

afterAll(async () => {
  await b.dispose();
});

interface WatchLine {
  time: string;
  intervalSec: number | null;
  groups: Array<{ group: string; state: string; totalLag: number; consumedPerSec: number | null; partitions: Array<{ partition: number; lag: number }> }>;
}

describe('consumer-groups --describe --watch', () => {
  it('on a pipe prints one JSON line per interval, the lag falling while a consumer drains the topic', async () => {
    await seed('stream');
    await commitZero('drain', 'stream');
    const consumer = await startDrain('drain', 'stream', 25);
    try {
      await waitFor('the first commit', async () => (await committedTotal('drain', 'stream')) > 0);
      const r = await runCli(['consumer-groups', '--bootstrap-server', b.bootstrap, '--describe', '--group', 'drain', '--watch', '--interval', '400ms', '--watch-count', '4']);
      expect(r).toMatchObject({ exitCode: 0, stderr: '' });
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(4);
      const frames = lines.map((l) => JSON.parse(l) as WatchLine);
      expect(frames[0]?.intervalSec).toBeNull();
      for (const f of frames.slice(1)) expect(f.intervalSec).toBeGreaterThan(0.3);
      const lags = frames.map((f) => f.groups[0]?.totalLag ?? -1);
      for (let i = 1; i < lags.length; i++) expect(lags[i]).toBeLessThanOrEqual(lags[i - 1] ?? 0);
      expect(lags[lags.length - 1]).toBeLessThan(lags[0] ?? 0);
      expect(frames.slice(1).some((f) => (f.groups[0]?.consumedPerSec ?? 0) > 0)).toBe(true);
      expect(frames[0]?.groups[0]?.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    } finally {
      await consumer.disconnect();
    }
  });

  it.skipIf(!hasTmux)('on a terminal redraws the table in place and the lag falls; Ctrl-C ends it (needs tmux)', async () => {
    await seed('screen');
    await commitZero('drain2', 'screen');
    const socket = `tkafka-test-${process.pid}`;
    const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const cmd = [process.execPath, BIN, 'consumer-groups', '--bootstrap-server', b.bootstrap, '--describe', '--group', 'drain2', '--watch', '--interval', '300ms'].map((a) => `'${a}'`).join(' ');
    tmux('new-session', '-d', '-s', 'w', '-x', '200', '-y', '40', '-c', ROOT, `env NO_COLOR=1 ${cmd}`);
    let consumer: Consumer | undefined;
    try {
      const screen = (): string => tmux('capture-pane', '-p', '-t', 'w');
      const lagOnScreen = (): number | null => {
        const m = /GROUP drain2 +STATE \S+ +MEMBERS \d+ +LAG (\d+)/.exec(screen());
        return m === null ? null : Number(m[1]);
      };
      await waitFor('the first frame', () => lagOnScreen() === 100);
      consumer = await startDrain('drain2', 'screen', 30);
      const seen: number[] = [];
      await waitFor(
        'the lag to fall on screen',
        () => {
          const lag = lagOnScreen();
          if (lag !== null) seen.push(lag);
          return lag !== null && lag < 90;
        },
        15_000,
      );
      const text = screen();
      expect(text).toMatch(/^TOPIC +PARTITION +CURRENT-OFFSET +LOG-END-OFFSET +LAG +CONSUMED\/s +PRODUCED\/s +CONSUMER-ID +HOST$/m);
      expect(text).toMatch(/^screen +0 +\d+ +34 +\d+ /m);
      expect(text).toMatch(/LAG HISTORY [▁▂▃▄▅▆▇█]+/);
      // Redrawn in place: one frame on screen, not a scrolling log of them.
      expect(text.match(/GROUP drain2 /g)).toHaveLength(1);
      expect(seen[0]).toBe(100);
      tmux('send-keys', '-t', 'w', 'C-c');
      await waitFor('the watch to end', () => spawnSync('tmux', ['-L', socket, 'has-session', '-t', 'w']).status !== 0, 5000);
    } finally {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
      await consumer?.disconnect();
    }
  });
});
