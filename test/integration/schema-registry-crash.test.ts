// The registry's state lives in _schemas: after kill -9 of `tkafka broker start --foreground`, a
// restarted broker answers every acknowledged id, subject and version, and the topic holds
// Confluent's key/value JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers/broker.js';
import { freePort } from '../helpers/ports.js';
import { sr } from '../helpers/schema-registry.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/tkafka.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Starts the CLI broker in the foreground and waits for its registry and listener lines. */
function startCliBroker(dataDir: string, registryPort: number): Promise<{ child: ChildProcess; bootstrap: string; exited: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'broker', 'start', '--foreground', '--port', '0', '--data-dir', dataDir, '--config', `schema.registry.port=${registryPort}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    let err = '';
    const timer = setTimeout(() => reject(new Error(`broker not up after 30 s: ${err}`)), 30_000);
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m !== null && err.includes('schema registry listening')) {
        clearTimeout(timer);
        resolve({ child, bootstrap: `127.0.0.1:${m[1]}`, exited });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`broker exited before it was up: ${err}`));
    });
  });
}

const schemaOf = (i: number): string => `{"type":"record","name":"R${i}","fields":[{"name":"f","type":"int"}]}`;

describe('schema registry across kill -9', () => {
  it('keeps every acknowledged id, subject and version', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await startCliBroker(dataDir, port);
    const acked: { subject: string; id: number; version: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const subject = `s${i % 4}`;
      const res = await sr(url, 'POST', `/subjects/${subject}/versions?normalize=false`, { schema: schemaOf(i) });
      expect(res.status).toBe(200);
      // NONE so every record schema is accepted as a new version.
      if (i < 4) await sr(url, 'PUT', `/config/${subject}`, { compatibility: 'NONE' });
      acked.push({ subject, id: (res.json as { id: number }).id, version: Math.floor(i / 4) + 1 });
    }
    expect((await sr(url, 'DELETE', '/subjects/s3/versions/1')).json).toBe(1);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startCliBroker(dataDir, port);
    for (const a of acked) {
      const got = await sr(url, 'GET', `/subjects/${a.subject}/versions/${a.version}?deleted=true`);
      expect(got.json).toEqual({ subject: a.subject, version: a.version, id: a.id, schema: schemaOf(acked.indexOf(a)) });
    }
    expect((await sr(url, 'GET', '/subjects/s3/versions')).json).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await sr(url, 'GET', '/config/s0')).json).toEqual({ compatibilityLevel: 'NONE' });
    // A new schema gets the next id, never one given out before the crash.
    expect((await sr(url, 'POST', '/subjects/new/versions', { schema: schemaOf(99) })).json).toEqual({ id: 41 });

    // The topic: compacted, one partition, Confluent's key/value JSON.
    const kafka = new Kafka({ brokers: [second.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const cfg = await admin.describeConfigs({ resources: [{ type: 2, name: '_schemas', configNames: ['cleanup.policy'] }], includeSynonyms: false });
    expect(cfg.resources[0]?.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue).toBe('compact');
    await admin.disconnect();
    const consumer = kafka.consumer({ groupId: 'read-schemas' });
    await consumer.connect();
    await consumer.subscribe({ topic: '_schemas', fromBeginning: true });
    const records: { key: string; value: string | null }[] = [];
    await consumer.run({
      eachMessage: ({ message }) => {
        records.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? null });
        return Promise.resolve();
      },
    });
    const deadline = Date.now() + 30_000;
    while (records.length < 46 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await consumer.disconnect();
    expect(records[0]).toEqual({
      key: '{"keytype":"SCHEMA","subject":"s0","version":1,"magic":1}',
      value: `{"subject":"s0","version":1,"id":1,"schemaType":"AVRO","schema":${JSON.stringify(schemaOf(0))},"deleted":false}`,
    });
    expect(records[1]).toEqual({ key: '{"keytype":"CONFIG","subject":"s0","magic":0}', value: '{"subject":"s0","compatibilityLevel":"NONE"}' });
    expect(records.find((r) => r.value?.includes('"deleted":true'))).toEqual({
      key: '{"keytype":"SCHEMA","subject":"s3","version":1,"magic":1}',
      value: `{"subject":"s3","version":1,"id":4,"schemaType":"AVRO","schema":${JSON.stringify(schemaOf(3))},"deleted":true}`,
    });
    expect(records).toHaveLength(46);
  });
});
