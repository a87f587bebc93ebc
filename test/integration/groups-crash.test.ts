import fs from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { NativeGroupAdmin } from '../../src/core/consumer-groups/admin.js';
import { spawnBroker, type BrokerProcess } from '../helpers/broker-process.js';
import { tempDataDir } from '../helpers/broker.js';
import { loopUntilKilled, within } from '../helpers/wait.js';

const procs: BrokerProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) p.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('committed offsets across kill -9', () => {
  it('keeps every acknowledged commit when the broker is killed during a commit loop', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await spawnBroker(dataDir);
    procs.push(first);
    const setup = new Kafka({ brokers: [first.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await setup.connect();
    await setup.createTopics({ topics: [{ topic: 'commits', numPartitions: 2 }] });
    await setup.disconnect();
    // Standalone commits (generation -1), as admin tools send them, one acknowledged after another.
    const admin = new NativeGroupAdmin(await NativeClient.connect({ brokers: [first.bootstrap], clientId: 'committer' }));
    let lastAcked = -1;
    const commits = loopUntilKilled(async (i) => {
      const results = await admin.commitOffsets('crash-group', [
        { topic: 'commits', partition: 0, offset: BigInt(i) },
        { topic: 'commits', partition: 1, offset: BigInt(i * 2) },
      ]);
      const failed = results.filter((r) => r.errorCode !== 0);
      if (failed.length > 0) throw new Error(`commit ${i} refused: ${JSON.stringify(failed)}`);
      lastAcked = i;
    });
    await commits.until('300 acknowledged commits', () => lastAcked >= 300);
    commits.markKilled();
    first.child.kill('SIGKILL');
    await within('the killed broker to exit', first.exited);
    await commits.ended();
    await admin.close().catch(() => undefined); // its broker is gone

    const second = await spawnBroker(dataDir);
    procs.push(second);
    const admin2 = new Kafka({ brokers: [second.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin2.connect();
    const [topic] = await admin2.fetchOffsets({ groupId: 'crash-group', topics: ['commits'] });
    await admin2.disconnect();
    const byPartition = new Map(topic?.partitions.map((p) => [p.partition, Number(p.offset)]));
    // The commit in flight at the kill may or may not have landed; everything acknowledged did.
    const p0 = byPartition.get(0) ?? -1;
    expect([lastAcked, lastAcked + 1]).toContain(p0);
    expect(byPartition.get(1)).toBe(p0 * 2);
  });
});
