// The Python clients of the security matrix (confluent-kafka over librdkafka, kafka-python), driven
// through test/helpers/security_client.py: one process per round trip or expected failure, whose JSON
// lines this file parses. The interpreter is the caller's (/usr/bin/python3 has confluent_kafka; the
// reference tier's venv has kafka-python).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'security_client.py');

export type PythonClient = 'confluent-kafka' | 'kafka-python';

/** How the client connects: SASL_SSL with a mechanism and login, or SSL with an optional client certificate. */
export interface PythonSecurity {
  readonly protocol: 'SASL_SSL' | 'SSL';
  readonly ca: string;
  readonly mechanism?: string;
  readonly username?: string;
  readonly password?: string;
  readonly cert?: string;
  readonly key?: string;
}

/** A record as the clients send it: UTF-8 key, value and header values. */
export interface TextRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

export interface ConsumedTextRecord {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Array<[string, string | null]>;
}

export interface PythonFailure {
  /** confluent-kafka: the KafkaError name; kafka-python: the exception class, or 'logged' for its bootstrap log line. */
  type: string;
  message: string;
  /** kafka-python: attempts whose answer it dropped because the close arrived in the same read. */
  dropped?: number;
}

interface Run {
  exitCode: number | null;
  lines: Array<Record<string, unknown>>;
  stderr: string;
}

function run(python: string, client: PythonClient, op: 'roundtrip' | 'fail', spec: object, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [SCRIPT, client, op, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      try {
        const lines = stdout
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        resolve({ exitCode, lines, stderr });
      } catch {
        reject(new Error(`${client} ${op}: output is not JSON lines (exit ${String(exitCode)}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

/**
 * Produces `records` to partition 0 of `topic`, then reads partition 0 from offset 0 (assign, no
 * group) until as many came back: the delivery reports ([partition, offset]) and the records read.
 */
export async function pythonRoundTrip(
  python: string,
  client: PythonClient,
  bootstrap: string,
  topic: string,
  security: PythonSecurity,
  records: readonly TextRecord[],
): Promise<{ delivered: Array<[number, number]>; consumed: ConsumedTextRecord[] }> {
  const r = await run(python, client, 'roundtrip', { bootstrap, topic, security, records }, 90_000);
  const delivered = r.lines.find((l) => 'delivered' in l)?.['delivered'] as Array<[number, number]> | undefined;
  const consumed = r.lines.find((l) => 'consumed' in l)?.['consumed'] as ConsumedTextRecord[] | undefined;
  if (r.exitCode !== 0 || delivered === undefined || consumed === undefined) {
    throw new Error(`${client} round trip failed (exit ${String(r.exitCode)}): ${JSON.stringify(r.lines)}\n${r.stderr}`);
  }
  return { delivered, consumed };
}

/** Produces one record where that must fail: the first error the client reports. */
export async function pythonFailure(python: string, client: PythonClient, bootstrap: string, topic: string, security: PythonSecurity): Promise<PythonFailure> {
  const r = await run(python, client, 'fail', { bootstrap, topic, security, records: [] }, 60_000);
  const line = r.lines.find((l) => 'error' in l);
  if (r.exitCode !== 0 || line === undefined) throw new Error(`${client} was expected to fail (exit ${String(r.exitCode)}): ${JSON.stringify(r.lines)}\n${r.stderr}`);
  const failure = line['error'] as PythonFailure;
  return typeof line['dropped'] === 'number' ? { ...failure, dropped: line['dropped'] } : failure;
}

/**
 * librdkafka's and kafka-python's texts end with how long or how far the attempt went
 * ("(after 12ms in state AUTH_REQ)", "(backoff 0.05 secs)"): the state stays, the time goes.
 */
export function withoutTimings(message: string): string {
  return message.replace(/ \(after \d+ms in state (\w+)(, \d+ identical error\(s\) suppressed)?\)$/, ' (in state $1)').replace(/ \(backoff [\d.]+ secs\)$/, '');
}
