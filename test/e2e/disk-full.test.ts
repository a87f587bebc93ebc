// Disk full, on a real file system that fills: the data dir lives on an 8 MiB tmpfs mounted here
// (root only; skipped with the reason otherwise). Produce is answered KAFKA_STORAGE_ERROR and nothing
// acknowledged is damaged; reads and other topics go on; OffsetCommit answers NOT_COORDINATOR (as Kafka's
// group coordinator maps a storage error); CreateTopics and the console producer fail with a clear error.
// Once space returns, produce works again without a restart and offsets continue without a gap; a
// restart (also after kill -9 while full, and while still full) finds every acknowledged record.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { offsetsPartitionFor } from '../../src/broker/group/records.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { CreateTopicsRequestVersions, defaultCreateTopicsRequest, encodeCreateTopicsRequest } from '../../src/protocol/generated/messages/create-topics-request.js';
import { decodeCreateTopicsResponse } from '../../src/protocol/generated/messages/create-topics-response.js';
import { OffsetCommitRequestVersions, defaultOffsetCommitRequest, encodeOffsetCommitRequest } from '../../src/protocol/generated/messages/offset-commit-request.js';
import { decodeOffsetCommitResponse } from '../../src/protocol/generated/messages/offset-commit-response.js';
import { ProduceRequestVersions, defaultProduceRequest, encodeProduceRequest } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { spawnBroker, type BrokerProcess } from '../helpers/broker-process.js';
import { runCli } from '../helpers/cli.js';
import { kcat } from '../helpers/kcat.js';
import { within } from '../helpers/wait.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const Produce = api(ProduceRequestVersions, encodeProduceRequest, decodeProduceResponse);
const OffsetCommit = api(OffsetCommitRequestVersions, encodeOffsetCommitRequest, decodeOffsetCommitResponse);
const CreateTopics = api(CreateTopicsRequestVersions, encodeCreateTopicsRequest, decodeCreateTopicsResponse);

const VALUE_BYTES = 32 * 1024;
const OFFSETS_PARTITIONS = 50;

function mountTmpfs(): { dir: string; skip: string | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-disk-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', dir], { stdio: 'pipe' });
    return { dir, skip: null };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return { dir, skip: `cannot mount a tmpfs here (${stderr !== undefined && stderr !== '' ? stderr : (err as Error).message}); needs root and mount permission` };
  }
}

const mount = mountTmpfs();
if (mount.skip !== null) console.log(`skipping the disk-full tests: ${mount.skip}`);
const mnt = mount.dir;
const dataDir = path.join(mnt, 'data');
const procs: BrokerProcess[] = [];

afterAll(() => {
  for (const p of procs) p.child.kill('SIGKILL');
  if (mount.skip !== null) return;
  // The broker must be gone before the mount can go: wait for each exit synchronously enough.
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('umount', [mnt], { stdio: 'pipe' });
      break;
    } catch {
      execFileSync('sleep', ['0.1']);
    }
  }
  fs.rmSync(mnt, { recursive: true, force: true });
});

/** Space the test holds and gives back: a file of `bytes` in the tmpfs, outside the data dir. */
function ballast(name: string, bytes: number): void {
  fs.writeFileSync(path.join(mnt, name), Buffer.alloc(bytes, 1));
}

/** Fills what is left of the tmpfs (in 4 KiB pages) so that even a small new page cannot be had. */
function fillUp(name: string): void {
  const fd = fs.openSync(path.join(mnt, name), 'a');
  const page = Buffer.alloc(4096, 2);
  try {
    for (;;) fs.writeSync(fd, page);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
}

function valueFor(i: number): string {
  return `v${i}-`.padEnd(VALUE_BYTES, String.fromCharCode(97 + (i % 26)));
}

async function produce(c: RawClient, topic: string, value: string): Promise<{ errorCode: number; baseOffset: bigint; logStartOffset: bigint; errorMessage: string | null }> {
  const records = encodeRecordBatch({ records: [{ value: Buffer.from(value) }] });
  const res = await c.call(Produce, 9, { ...defaultProduceRequest(), acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
  const p = res.responses[0]?.partitionResponses[0];
  if (p === undefined) throw new Error('no partition in the Produce response');
  return { errorCode: p.errorCode, baseOffset: p.baseOffset, logStartOffset: p.logStartOffset, errorMessage: p.errorMessage };
}

/** Produces distinct 32 KiB records until the broker refuses one; returns that refusal. */
async function produceUntilFull(c: RawClient, acked: string[]): Promise<Awaited<ReturnType<typeof produce>>> {
  for (let n = 0; n < 1000; n++) {
    const value = valueFor(acked.length);
    const r = await produce(c, 'full', value);
    if (r.errorCode !== 0) return r;
    expect(r.baseOffset).toBe(BigInt(acked.length));
    acked.push(value);
  }
  throw new Error('the 8 MiB tmpfs never filled');
}

async function commit(c: RawClient, groupId: string, offset: bigint): Promise<number | undefined> {
  const res = await c.call(OffsetCommit, 8, {
    ...defaultOffsetCommitRequest(),
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    topics: [{ name: 'other', partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: '' }] }],
  });
  return res.topics[0]?.partitions[0]?.errorCode;
}

async function readTopic(bootstrap: string, topic: string): Promise<string[]> {
  const r = await kcat(['-b', bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-C', '-e', '-q', '-f', '%o %s\n'], undefined, 60_000);
  expect(r.exitCode, r.stderr).toBe(0);
  const values: string[] = [];
  for (const line of r.stdout.split('\n')) {
    if (line === '') continue;
    const sp = line.indexOf(' ');
    // Exact offsets: record n is at offset n.
    expect(Number(line.slice(0, sp))).toBe(values.length);
    values.push(line.slice(sp + 1));
  }
  return values;
}

async function start(): Promise<{ bp: BrokerProcess; c: RawClient }> {
  const bp = await spawnBroker(dataDir);
  procs.push(bp);
  return { bp, c: await RawClient.connect(bp.port) };
}

// Two groups in different __consumer_offsets partitions: the second one's partition holds no page yet,
// so its first commit needs a new page, which a full disk cannot give.
const GROUP_BEFORE = 'g-before';
const GROUP_FULL = ['g-full', 'g-full-2', 'g-full-3'].find((g) => offsetsPartitionFor(g, OFFSETS_PARTITIONS) !== offsetsPartitionFor(GROUP_BEFORE, OFFSETS_PARTITIONS)) as string;

describe.skipIf(mount.skip !== null)('a full disk (8 MiB tmpfs)', () => {
  const acked: string[] = [];
  let broker: { bp: BrokerProcess; c: RawClient };

  it('answers KAFKA_STORAGE_ERROR, damages nothing acknowledged and keeps reads, other topics and the process going', async () => {
    fs.mkdirSync(dataDir);
    ballast('ballast-1', 1024 * 1024);
    ballast('ballast-2', 1024 * 1024);
    broker = await start();
    const { bp, c } = broker;
    const created = await c.call(CreateTopics, 5, { ...defaultCreateTopicsRequest(), timeoutMs: 5000, topics: ['full', 'other'].map((name) => ({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] })) });
    expect(created.topics.map((t) => [t.name, t.errorCode])).toEqual([['full', 0], ['other', 0]]);
    for (let i = 0; i < 3; i++) expect((await produce(c, 'other', `o${i}`)).errorCode).toBe(0);
    expect(await commit(c, GROUP_BEFORE, 1n)).toBe(0);

    const refused = await produceUntilFull(c, acked);
    expect(acked.length).toBeGreaterThan(50);
    // ReplicaManager's answer to a KafkaStorageException: the code, no message, no offsets.
    expect(refused).toEqual({ errorCode: ErrorCode.KAFKA_STORAGE_ERROR, baseOffset: -1n, logStartOffset: -1n, errorMessage: null });
    fillUp('filler');
    expect((await produce(c, 'full', valueFor(acked.length))).errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    // A commit that needs a new page: Kafka's group coordinator answers a storage error NOT_COORDINATOR.
    expect(await commit(c, GROUP_FULL, 2n)).toBe(ErrorCode.NOT_COORDINATOR);
    const topic = await c.call(CreateTopics, 5, { ...defaultCreateTopicsRequest(), timeoutMs: 5000, topics: [{ name: 'new-topic', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }] });
    expect(topic.topics[0]?.errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    expect(topic.topics[0]?.errorMessage).toMatch(/^Error while creating topic new-topic: .*ENOSPC/);
    expect(fs.existsSync(path.join(dataDir, 'new-topic-0'))).toBe(false);

    // The console producer: the record's error in one line, the count of records not written, exit 1.
    const cli = await runCli(['console-producer', '--bootstrap-server', bp.bootstrap, '--topic', 'full', '--producer-property', 'retries=0'], { input: `${valueFor(9999)}\n` });
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr.trim().split('\n')).toEqual([
      'Error when sending the record on line 1 to full-0: KAFKA_STORAGE_ERROR (56): A disk error occurred while accessing the log.',
      'tkafka: 1 of 1 record(s) were not written to full.',
    ]);

    // Every acknowledged record is there, byte for byte at its offset, and other topics read on.
    expect(await readTopic(bp.bootstrap, 'full')).toEqual(acked);
    expect(await readTopic(bp.bootstrap, 'other')).toEqual(['o0', 'o1', 'o2']);
    expect(bp.child.exitCode).toBeNull();
  });

  it('takes produce and commits again once space returns, without a restart and without an offset gap', async () => {
    const { bp, c } = broker;
    fs.rmSync(path.join(mnt, 'filler'));
    fs.rmSync(path.join(mnt, 'ballast-1'));
    const r = await produce(c, 'full', valueFor(acked.length));
    expect(r.errorCode).toBe(0);
    expect(r.baseOffset).toBe(BigInt(acked.length));
    acked.push(valueFor(acked.length));
    expect(await commit(c, GROUP_FULL, 2n)).toBe(0);
    expect(await readTopic(bp.bootstrap, 'full')).toEqual(acked);
  });

  it('keeps everything across a clean restart', async () => {
    broker.c.close();
    broker.bp.child.kill('SIGTERM');
    expect(await within('the broker to stop', broker.bp.exited)).toBe(0);
    broker = await start();
    expect(await readTopic(broker.bp.bootstrap, 'full')).toEqual(acked);
    expect(await readTopic(broker.bp.bootstrap, 'other')).toEqual(['o0', 'o1', 'o2']);
  });

  it('recovers after kill -9 while full, starting while still full, and takes produce once space returns', async () => {
    const refused = await produceUntilFull(broker.c, acked);
    expect(refused.errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);
    fillUp('filler');
    broker.c.close();
    broker.bp.child.kill('SIGKILL');
    await within('the killed broker to exit', broker.bp.exited);

    broker = await start();
    expect(await readTopic(broker.bp.bootstrap, 'full')).toEqual(acked);
    expect((await produce(broker.c, 'full', valueFor(acked.length))).errorCode).toBe(ErrorCode.KAFKA_STORAGE_ERROR);

    fs.rmSync(path.join(mnt, 'filler'));
    fs.rmSync(path.join(mnt, 'ballast-2'));
    const r = await produce(broker.c, 'full', valueFor(acked.length));
    expect(r.errorCode).toBe(0);
    expect(r.baseOffset).toBe(BigInt(acked.length));
    acked.push(valueFor(acked.length));
    expect(await readTopic(broker.bp.bootstrap, 'full')).toEqual(acked);
    broker.c.close();
    broker.bp.child.kill('SIGTERM');
    expect(await within('the broker to stop', broker.bp.exited)).toBe(0);
  });
});
