// The fault injection HTTP endpoint (fault.injection.port): exact status codes and bodies, and a
// non-Node client (python confluent-kafka over librdkafka) arming faults through it and recovering.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

const PY_CLIENT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'helpers', 'faults_client.py');
const PYTHON = '/usr/bin/python3';

interface Reply {
  status: number;
  text: string;
}

describe('fault injection over HTTP', () => {
  let b: TestBroker;
  let base: string;

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'fault.injection.port': '0', 'offsets.topic.num.partitions': '1' } });
    const admin = b.running.faultAdmin;
    if (admin === null) throw new Error('no fault injection endpoint');
    base = `http://127.0.0.1:${admin.port}`;
    for (const t of ['http-moved', 'py-faults']) if (!b.running.broker.topics.create(t, 1, {}).ok) throw new Error(`cannot create ${t}`);
  });

  afterAll(async () => {
    await b?.dispose();
  });

  async function call(method: string, route: string, body?: string): Promise<Reply> {
    const res = await fetch(`${base}${route}`, { method, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });
    return { status: res.status, text: await res.text() };
  }
  const json = (r: Reply): unknown => JSON.parse(r.text);

  it('is off by default', async () => {
    const other = await startTestBroker();
    try {
      expect(other.running.faultAdmin).toBeNull();
      expect(other.logs.some((l) => l.includes('fault injection at'))).toBe(false);
    } finally {
      await other.dispose();
    }
  });

  it('arms, lists and clears faults with exact bodies', async () => {
    expect(b.logs).toContain(`fault injection at ${base}/faults`);
    expect(await call('GET', '/faults')).toEqual({ status: 200, text: '{"active":[],"past":[]}\n' });
    const armed = await call('POST', '/faults', '{"type":"error","api":"Produce","count":2,"error":"NOT_LEADER_OR_FOLLOWER","topics":["t1"]}');
    expect(armed.status).toBe(201);
    const rec = json(armed) as { id: number; createdMs: number };
    expect(rec).toEqual({
      id: rec.id,
      type: 'error',
      spec: { type: 'error', api: 'Produce', error: 'NOT_LEADER_OR_FOLLOWER', topics: ['t1'], count: 2 },
      createdMs: rec.createdMs,
      state: 'active',
      remaining: 2,
      hits: [],
    });
    const latency = json(await call('POST', '/faults', '{"type":"latency","api":3,"latencyMs":100,"durationMs":60000}')) as { id: number };
    expect(b.running.faults.armed).toBe(true);
    const listed = json(await call('GET', '/faults')) as { active: { id: number; state: string }[]; past: unknown[] };
    expect(listed.active.map((f) => [f.id, f.state])).toEqual([
      [rec.id, 'active'],
      [latency.id, 'active'],
    ]);
    expect(await call('DELETE', `/faults/${latency.id}`)).toEqual({ status: 200, text: `{"removed":${latency.id}}\n` });
    expect(await call('DELETE', `/faults/${latency.id}`)).toEqual({ status: 404, text: `{"error":"no active fault #${latency.id}"}\n` });
    expect(await call('DELETE', '/faults')).toEqual({ status: 200, text: '{"cleared":1}\n' });
    expect(b.running.faults.armed).toBe(false);
    const after = json(await call('GET', '/faults')) as { active: unknown[]; past: { id: number; state: string }[] };
    expect(after.active).toEqual([]);
    expect(after.past.map((f) => [f.id, f.state])).toEqual([
      [latency.id, 'cleared'],
      [rec.id, 'cleared'],
    ]);
  });

  it('answers bad requests with 400 and one line', async () => {
    expect(await call('POST', '/faults', '{"type":"error",')).toEqual({ status: 400, text: `{"error":"bad JSON: ${jsonParseMessage('{"type":"error",')}"}\n` });
    expect(await call('POST', '/faults', '[1]')).toEqual({ status: 400, text: '{"error":"the body must be a JSON object"}\n' });
    expect(await call('POST', '/faults', '{"type":"error","api":"Produse","error":"NOT_LEADER_OR_FOLLOWER"}')).toEqual({
      status: 400,
      text: '{"error":"unknown API \\"Produse\\": give Kafka\'s name (e.g. \\"Produce\\", \\"FindCoordinator\\") or its key"}\n',
    });
    expect(await call('POST', '/faults', '{"type":"error","api":"Produce","error":"NOT_A_LEADER"}')).toEqual({
      status: 400,
      text: '{"error":"unknown error \\"NOT_A_LEADER\\": give Kafka\'s error name (e.g. \\"NOT_LEADER_OR_FOLLOWER\\") or code"}\n',
    });
    expect(await call('POST', '/faults', '{"type":"explode","api":"Produce"}')).toEqual({ status: 400, text: '{"error":"unknown fault type \\"explode\\": one of error, latency, drop, stall"}\n' });
    expect(await call('POST', '/faults', '{"type":"latency","api":"Produce"}')).toEqual({ status: 400, text: '{"error":"latencyMs is required (a number of milliseconds)"}\n' });
    expect(await call('POST', '/faults/leader-move', '{"topic":"http-moved"}')).toEqual({ status: 400, text: '{"error":"\\"partition\\" must be a non-negative integer"}\n' });
    expect(await call('POST', '/faults/leader-move', '{"topic":"nope","partition":0}')).toEqual({ status: 400, text: '{"error":"unknown partition nope-0"}\n' });
    expect(await call('PUT', '/faults')).toEqual({ status: 405, text: '{"error":"PUT is not allowed on /faults (allowed: GET, POST, DELETE)"}\n' });
    expect(await call('GET', '/nothing')).toEqual({ status: 404, text: '{"error":"no such endpoint /nothing (see GET /faults)"}\n' });
    expect(b.running.faults.armed).toBe(false);
  });

  it('runs the actions: leader move, rebalance, expire transaction, disk full', async () => {
    const moved = await call('POST', '/faults/leader-move', '{"topic":"http-moved","partition":0}');
    expect(moved.status).toBe(201);
    expect(json(moved)).toMatchObject({ type: 'leader-move', state: 'done', spec: { type: 'leader-move', topic: 'http-moved', partition: 0 }, result: { previousLeaderEpoch: 0, leaderEpoch: 1 } });
    expect(b.running.broker.topics.partition('http-moved', 0)?.leaderEpoch).toBe(1);
    expect(await call('POST', '/faults/rebalance', '{"groupId":"nobody"}')).toEqual({ status: 400, text: '{"error":"unknown group nobody"}\n' });
    expect(await call('POST', '/faults/expire-transaction', '{"transactionalId":"none"}')).toEqual({ status: 400, text: '{"error":"unknown transactional id none"}\n' });
    const full = await call('POST', '/faults/disk-full');
    expect(full.status).toBe(201);
    expect(json(full)).toMatchObject({ type: 'disk-full', state: 'active' });
    expect(b.running.broker.topics.disk.full).toBe(true);
    expect(await call('DELETE', '/faults/disk-full')).toEqual({ status: 200, text: '{"freed":true}\n' });
    expect(await call('DELETE', '/faults/disk-full')).toEqual({ status: 200, text: '{"freed":false}\n' });
    expect(b.running.broker.topics.disk.full).toBe(false);
  });

  it('python confluent-kafka arms faults over HTTP and recovers: every record once, the group consumes', async (ctx) => {
    if (!fs.existsSync(PYTHON)) ctx.skip(`${PYTHON} is not installed`);
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(PYTHON, [PY_CLIENT, b.bootstrap, `${base}/faults`, 'py-faults', '5'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    if (run.code !== 0 && run.stderr.includes("No module named 'confluent_kafka'")) ctx.skip('python3 has no confluent_kafka');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { armed: [number, { type: string }][]; delivery_errors: string[]; seen: string[] };
    expect(out.armed.map(([status, r]) => [status, r.type])).toEqual([
      [201, 'error'],
      [201, 'error'],
    ]);
    expect(out.delivery_errors).toEqual([]);
    expect(out.seen).toEqual(['py0', 'py1', 'py2', 'py3', 'py4']);
    expect(b.running.broker.topics.partition('py-faults', 0)?.log.logEndOffset).toBe(5);
    const past = b.running.faults.list().past.filter((f) => f.type === 'error').slice(-2);
    expect(past.map((f) => [f.spec['api'], f.state, f.hits.length, f.hits[0]?.clientId])).toEqual([
      ['Produce', 'done', 2, 'py-faults'],
      ['FindCoordinator', 'done', 2, 'py-faults'],
    ]);
  });
});

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}
