// The broker fuzzer: random valid and mutated requests of every advertised API and version, sent
// over several connections with pipelining to a live broker, judged by these oracles:
//  - the broker process never dies;
//  - every request gets a response that decodes at its version with its correlation id, in order,
//    within a deadline, or its connection is closed: never a hang;
//  - the broker's log shows no exception from a handler (answered UNKNOWN_SERVER_ERROR) and no
//    connection closed by a JavaScript error (TypeError, RangeError...) or an unencodable response;
//  - a canary connection's Produce+Fetch round trips keep being served exactly throughout, and at the
//    end every canary record reads back at the offset it was acknowledged at.
// Frames come from (seed, iteration) alone, so a finding's seed and iteration rebuild its frame.
import net from 'node:net';
import { FrameSplitter } from '../../src/protocol/codec/frame.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { apiInfo, responseHeaderVersion } from '../../src/protocol/generated/api-keys.js';
import { apis } from '../../src/protocol/generated/index.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { defaultPools, generateRequest, harvest, requestFrame, Rng, type GeneratedRequest, type Pools } from './generate.js';

export interface Finding {
  /** crash | hang | bad-response | out-of-order | handler-exception | connection-exception | canary | data */
  readonly kind: string;
  readonly detail: string;
  readonly iteration?: number;
  readonly apiKey?: number;
  readonly version?: number;
  /** The request frame (size prefix included), hex. */
  readonly frameHex?: string;
}

export interface FuzzOptions {
  readonly port: number;
  readonly seed: number;
  /** Stop after this many requests... */
  readonly iterations?: number;
  /** ...or after this long, whichever comes first. */
  readonly durationMs?: number;
  readonly connections?: number;
  /** Most requests in flight on one connection. */
  readonly pipeline?: number;
  /** Share of requests that are mutated frames. */
  readonly mutateRate?: number;
  /** A request unanswered this long on an open connection is a hang. */
  readonly deadlineMs?: number;
  /** Whether the broker still runs (checked after every burst). */
  readonly brokerAlive: () => boolean;
  /** The broker's log so far. */
  readonly brokerLog: () => string;
  readonly progress?: (line: string) => void;
  /**
   * Ids the broker hands out (members, producers, epochs, topic ids) feed later requests (default
   * true). Deeper paths, but frames then depend on answers too: a finding's frame is its repro.
   */
  readonly feedback?: boolean;
  /**
   * A SASL_PLAINTEXT listener with PLAIN user `user`: a share of the connections go there, half of
   * them fuzzing before authentication (mostly SaslHandshake, SaslAuthenticate and ApiVersions), half
   * after authenticating.
   */
  readonly sasl?: { readonly port: number; readonly user: string; readonly password: string };
  /** Stop at the first finding (CI) or collect all (benchmark). */
  readonly stopOnFinding?: boolean;
}

export interface FuzzResult {
  readonly seed: number;
  readonly requests: number;
  readonly answered: number;
  /** Requests whose connection the broker closed instead of answering. */
  readonly closed: number;
  readonly mutated: number;
  readonly unknownServerErrors: number;
  /** "Name vN" → how many answers to it carried UNKNOWN_SERVER_ERROR (without an exception: Kafka's own uses). */
  readonly unknownServerErrorApis: ReadonlyMap<string, number>;
  readonly connections: number;
  /** Connections given up on while a mutated request legitimately waited (a long-poll of days). */
  readonly abandoned: number;
  readonly canaryRounds: number;
  readonly elapsedMs: number;
  /** "apiKey/version" pairs a valid request was answered for. */
  readonly pairsAnswered: ReadonlySet<string>;
  readonly pairsAdvertised: number;
  /** API keys the broker advertises. */
  readonly apisAdvertised: number;
  readonly findings: readonly Finding[];
}

/** APIs whose requests carry how long the broker may wait before answering. */
const MAY_WAIT = new Set([1, 11, 14]);

const hashSeed = (seed: number, i: number): number => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35)) >>> 0;

/** A sequential request/response client over the generated codecs (setup and the canary). */
export class SimpleClient {
  private readonly socket: net.Socket;
  private readonly splitter = new FrameSplitter(256 * 1024 * 1024);
  private waiting: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  private closedError: Error | null = null;
  private corr = 0;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.splitter.push(chunk)) {
        const w = this.waiting;
        this.waiting = null;
        w?.resolve(f);
      }
    });
    const fail = (e: Error): void => {
      this.closedError ??= e;
      this.waiting?.reject(e);
      this.waiting = null;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the broker')));
  }

  static connect(port: number): Promise<SimpleClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('error', reject);
      s.once('connect', () => {
        s.off('error', reject);
        resolve(new SimpleClient(s));
      });
    });
  }

  async request<T = Record<string, unknown>>(apiKey: number, version: number, body: unknown, timeoutMs = 30_000): Promise<T> {
    if (this.closedError !== null) throw this.closedError;
    const api = apis.get(apiKey);
    if (api === undefined) throw new Error(`no API ${apiKey}`);
    const w = new Writer(256);
    api.request.encode(w, { ...(api.request.create() as object), ...(body as object) }, version);
    const corr = ++this.corr;
    const frame = requestFrame(apiKey, version, corr, 'fuzz-setup', w.toBuffer());
    const res = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${api.name} v${version} unanswered after ${timeoutMs} ms`)), timeoutMs);
      this.waiting = {
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.socket.write(frame);
    });
    const r = new Reader(res);
    if (r.int32() !== corr) throw new Error(`${api.name}: wrong correlation id`);
    if (responseHeaderVersion(apiKey, version) >= 1) r.rawTaggedFields();
    return api.response.decode(r, version) as T;
  }

  close(): void {
    this.socket.destroy();
  }
}

interface Pending {
  readonly req: GeneratedRequest;
  readonly iteration: number;
  /** Produce frames whose acks we cannot be sure of (mutated): an answer may or may not come. */
  readonly maybe: boolean;
  readonly sentAt: number;
  answered: boolean;
}

/** Walks a decoded response for error codes (UNKNOWN_SERVER_ERROR anywhere counts). */
export function hasErrorCode(v: unknown, code: number, depth = 0): boolean {
  if (depth > 8 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => hasErrorCode(x, code, depth + 1));
  for (const [k, x] of Object.entries(v)) {
    if (k === 'errorCode' && x === code) return true;
    if (typeof x === 'object' && hasErrorCode(x, code, depth + 1)) return true;
  }
  return false;
}

/** Decodes a response frame for `req`; a string says why it is not a valid response. */
export function checkResponse(req: { readonly apiKey: number; readonly version: number }, frame: Buffer): { ok: true; body: unknown } | { ok: false; why: string } {
  const api = apis.get(req.apiKey);
  if (api === undefined) return { ok: false, why: `answered an unknown API key ${req.apiKey}` };
  const tryDecode = (version: number, headerV: number): { ok: true; body: unknown } | { ok: false; why: string } => {
    try {
      const r = new Reader(frame);
      r.int32();
      if (headerV >= 1) r.rawTaggedFields();
      const body = api.response.decode(r, version);
      if (r.remaining !== 0) return { ok: false, why: `${r.remaining} bytes left after the ${api.name} v${version} response` };
      return { ok: true, body };
    } catch (e) {
      return { ok: false, why: `${api.name} v${version} response does not decode: ${(e as Error).message}` };
    }
  };
  if (req.version < api.request.min || req.version > api.request.max) {
    // Only ApiVersions answers a version it does not know (KIP-511: a v0 body).
    if (req.apiKey === 18) return tryDecode(0, 0);
    return { ok: false, why: `answered ${api.name} at unknown version ${req.version}` };
  }
  const got = tryDecode(req.version, responseHeaderVersion(req.apiKey, req.version));
  if (!got.ok && req.apiKey === 18) return tryDecode(0, 0);
  return got;
}

/** Exceptions in the broker's log: lines the dispatcher and connections write for them. */
export function logFindings(log: string): { kind: string; detail: string; remote: string | null; api: string | null }[] {
  const out: { kind: string; detail: string; remote: string | null; api: string | null }[] = [];
  // A handler exception: its whole stack follows on the next lines (indented "    at ...").
  for (const m of log.matchAll(/error handling (\S+) v(\d+) from (\S+), answered UNKNOWN_SERVER_ERROR: ([^\n]*(?:\n {4}at [^\n]*)*)/g)) {
    out.push({ kind: 'handler-exception', detail: `${m[1]} v${m[2]}: ${m[4]}`, remote: m[3] ?? null, api: `${m[1]} v${m[2]}` });
  }
  // A connection closed by a programming error (decoders must throw ProtocolDecodeError, responses must encode).
  for (const m of log.matchAll(/closing connection (\S+): ((?:TypeError|RangeError|ReferenceError|SyntaxError|ProtocolEncodeError|AssertionError|InternalError)[^\n]*)/g)) {
    out.push({ kind: 'connection-exception', detail: m[2] as string, remote: m[1] ?? null, api: null });
  }
  // Anything else that looks like a stack trace or an uncaught error.
  for (const m of log.matchAll(/^(?!\s+at )([^\n]*(?:Uncaught|uncaught|UnhandledPromiseRejection|FATAL|Maximum call stack)[^\n]*)$/gm)) {
    out.push({ kind: 'crash', detail: m[1] as string, remote: null, api: null });
  }
  return out;
}

interface Advertised {
  readonly pairs: readonly (readonly [number, number])[];
  readonly byKey: ReadonlyMap<number, readonly [number, number]>;
}

async function setup(port: number, seed: number): Promise<{ pools: Pools; advertised: Advertised; canaryTopic: string; canaryId: string }> {
  const c = await SimpleClient.connect(port);
  try {
    const av = await c.request<{ errorCode: number; apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[] }>(18, 3, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' });
    if (av.errorCode !== 0) throw new Error(`ApiVersions: error ${av.errorCode}`);
    const pairs: [number, number][] = [];
    const byKey = new Map<number, readonly [number, number]>();
    for (const k of av.apiKeys) {
      byKey.set(k.apiKey, [k.minVersion, k.maxVersion]);
      for (let v = k.minVersion; v <= k.maxVersion; v++) pairs.push([k.apiKey, v]);
    }
    const canaryTopic = `canary-${(seed >>> 0).toString(16)}-${Date.now().toString(36)}`;
    const topics = [
      { name: 'fuzz-a', numPartitions: 3, replicationFactor: -1, assignments: [], configs: [] },
      { name: 'fuzz-b', numPartitions: 1, replicationFactor: -1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }] },
      { name: 'fuzz-c', numPartitions: 2, replicationFactor: -1, assignments: [], configs: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
      { name: canaryTopic, numPartitions: 1, replicationFactor: -1, assignments: [], configs: [] },
    ];
    const ct = await c.request<{ topics: { name: string; errorCode: number }[] }>(19, 4, { topics, timeoutMs: 30_000, validateOnly: false });
    for (const t of ct.topics) if (t.errorCode !== 0 && t.errorCode !== ErrorCode.TOPIC_ALREADY_EXISTS) throw new Error(`CreateTopics ${t.name}: error ${t.errorCode}`);
    const md = await c.request<{ topics: { name: string; topicId: string }[] }>(3, 12, { topics: null, allowAutoTopicCreation: false });
    const pools = defaultPools();
    // The canary's name and id stay out of the pools: no fuzzed request may name it.
    pools.topicIds.push(...md.topics.filter((t) => t.name !== canaryTopic).map((t) => t.topicId));
    const pid = await c.request<{ errorCode: number; producerId: bigint }>(22, 4, { transactionalId: null, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
    if (pid.errorCode === 0) pools.producerIds.push(pid.producerId);
    const tx = await c.request<{ errorCode: number; producerId: bigint }>(22, 4, { transactionalId: 'fuzz-tx1', transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
    if (tx.errorCode === 0) pools.producerIds.push(tx.producerId);
    const canaryId = md.topics.find((t) => t.name === canaryTopic)?.topicId ?? '';
    return { pools, advertised: { pairs, byKey }, canaryTopic, canaryId };
  } finally {
    c.close();
  }
}

/** The canary: one Produce + Fetch round trip after another on its own connection, checked exactly. */
class Canary {
  rounds = 0;
  private stopped = false;
  private readonly done: Promise<void>;
  readonly values: string[] = [];

  private readonly port: number;
  private readonly topic: string;
  private readonly deadlineMs: number;
  private readonly report: (f: Finding) => void;

  constructor(port: number, topic: string, deadlineMs: number, report: (f: Finding) => void) {
    this.port = port;
    this.topic = topic;
    this.deadlineMs = deadlineMs;
    this.report = report;
    this.done = this.run();
  }

  private async run(): Promise<void> {
    let c: SimpleClient;
    try {
      c = await SimpleClient.connect(this.port);
    } catch (e) {
      this.report({ kind: 'canary', detail: `cannot connect: ${(e as Error).message}` });
      return;
    }
    try {
      while (!this.stopped) {
        const i = this.rounds;
        const value = `canary-${i}`;
        const batch = encodeRecordBatch({ records: [{ key: `k${i}`, value }] });
        const pr = await c.request<{ responses: { partitionResponses: { errorCode: number; baseOffset: bigint }[] }[] }>(
          0,
          8,
          { acks: -1, timeoutMs: 10_000, topicData: [{ name: this.topic, partitionData: [{ index: 0, records: batch }] }] },
          this.deadlineMs,
        );
        const p = pr.responses[0]?.partitionResponses[0];
        if (p === undefined || p.errorCode !== 0 || p.baseOffset !== BigInt(i)) {
          this.report({ kind: 'canary', detail: `Produce #${i}: ${JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))} (expected error 0 at offset ${i})` });
          return;
        }
        this.values.push(value);
        const got = await fetchValues(c, this.topic, BigInt(i), this.deadlineMs);
        if (got[0] !== value) {
          this.report({ kind: 'canary', detail: `Fetch #${i} at offset ${i} read ${JSON.stringify(got.slice(0, 2))}, expected ${value}` });
          return;
        }
        this.rounds++;
        // Paced, so an idle canary does not take the CPU the fuzzed connections need.
        await new Promise((r) => setTimeout(r, 5));
      }
    } catch (e) {
      this.report({ kind: 'canary', detail: `round ${this.rounds}: ${(e as Error).message}` });
    } finally {
      c.close();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

/** The record values of partition 0 of `topic` from `offset` (one Fetch v11, read_uncommitted). */
async function fetchValues(c: SimpleClient, topic: string, offset: bigint, deadlineMs: number): Promise<string[]> {
  const fr = await c.request<{ errorCode: number; responses: { partitions: { errorCode: number; records: Buffer | null }[] }[] }>(
    1,
    11,
    {
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 16 * 1024 * 1024,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1n, partitionMaxBytes: 16 * 1024 * 1024 }] }],
      forgottenTopicsData: [],
      rackId: '',
    },
    deadlineMs,
  );
  const p = fr.responses[0]?.partitions[0];
  if (fr.errorCode !== 0 || p === undefined || p.errorCode !== 0) throw new Error(`Fetch at ${offset}: error ${fr.errorCode}/${p?.errorCode ?? 'no partition'}`);
  const out: string[] = [];
  for (const b of decodeRecordBatches(p.records ?? Buffer.alloc(0))) {
    if (b.isControl) continue;
    for (const r of b.records) if (r.offset >= offset) out.push(r.value?.toString('utf8') ?? '<null>');
  }
  return out;
}

/** Reads the canary's whole partition back and compares it with what was acknowledged. */
async function verifyCanary(port: number, topic: string, expected: readonly string[], deadlineMs: number): Promise<string | null> {
  const c = await SimpleClient.connect(port);
  try {
    const got: string[] = [];
    while (got.length < expected.length) {
      const more = await fetchValues(c, topic, BigInt(got.length), deadlineMs);
      if (more.length === 0) break;
      for (const v of more) got.push(v);
    }
    for (let i = 0; i < expected.length; i++) if (got[i] !== expected[i]) return `offset ${i} holds ${JSON.stringify(got[i])}, acknowledged ${expected[i]}`;
    if (got.length !== expected.length) return `${got.length} records read back, ${expected.length} acknowledged`;
    return null;
  } finally {
    c.close();
  }
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzResult> {
  const t0 = performance.now();
  const seed = opts.seed >>> 0;
  const iterations = opts.iterations ?? Number.POSITIVE_INFINITY;
  const endAt = opts.durationMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.durationMs;
  const connections = opts.connections ?? 4;
  const pipeline = opts.pipeline ?? 4;
  const mutateRate = opts.mutateRate ?? 0.3;
  const deadlineMs = opts.deadlineMs ?? 30_000;
  const findings: Finding[] = [];
  const pairsAnswered = new Set<string>();
  const unknownServerErrorApis = new Map<string, number>();
  let stop = false;
  const report = (f: Finding): void => {
    findings.push(f);
    opts.progress?.(`FINDING ${f.kind}${f.iteration === undefined ? '' : ` (seed ${seed}, iteration ${f.iteration})`}: ${f.detail}${f.frameHex === undefined ? '' : `\n  frame ${f.frameHex.slice(0, 2000)}`}`);
    if (opts.stopOnFinding === true) stop = true;
  };
  const stats = { requests: 0, answered: 0, closed: 0, mutated: 0, unknownServerErrors: 0, connections: 0, abandoned: 0 };

  const { pools, advertised, canaryTopic, canaryId } = await setup(opts.port, seed);
  const notHarvested = new Set([canaryId]);
  const canary = new Canary(opts.port, canaryTopic, deadlineMs, report);
  // Requests per connection's local port, so a log line naming that port finds its frames.
  const history = new Map<string, Pending[]>();
  let next = 0;
  let logSeen = 0;

  const checkLog = (final = false): void => {
    const log = opts.brokerLog() + (final ? '\n' : '');
    if (log.length === logSeen) return;
    const fresh = log.slice(logSeen);
    // Only whole lines: a stack written in one piece ends with its last line's newline.
    const cut = fresh.lastIndexOf('\n');
    if (cut < 0) return;
    logSeen += cut + 1;
    for (const f of logFindings(fresh.slice(0, cut + 1))) {
      const sent = f.remote === null ? [] : (history.get(f.remote.replace(/^.*:/, '')) ?? []);
      // The request at fault: of the API the line names, else the first one left unanswered.
      const named = f.api ?? /^ProtocolEncodeError: (\w+)Response\./.exec(f.detail)?.[1] ?? null;
      const match = sent.filter((p) => named === null || `${apiInfo(p.req.apiKey)?.name ?? '?'} v${p.req.version}` === named || apiInfo(p.req.apiKey)?.name === named);
      const p = f.api !== null ? match[match.length - 1] : (match.find((x) => !x.answered) ?? match[match.length - 1]);
      report({ kind: f.kind, detail: f.detail, ...(p === undefined ? {} : { iteration: p.iteration, apiKey: p.req.apiKey, version: p.req.version, frameHex: p.req.frame.toString('hex') }) });
    }
  };

  const pickPair = (rng: Rng, preAuth: boolean): [number, number] => {
    if (rng.chance(0.03)) return [rng.range(-1, 90), rng.range(-1, 20)];
    if (preAuth && rng.chance(0.7)) {
      // SaslHandshake v0 would switch the connection to raw tokens, which are no Kafka responses.
      const key = rng.pick([17, 18, 36]);
      const [min, max] = advertised.byKey.get(key) as readonly [number, number];
      return [key, rng.range(key === 17 ? Math.max(1, min) : min, max)];
    }
    const key = rng.pick([...advertised.byKey.keys()]);
    const [min, max] = advertised.byKey.get(key) as readonly [number, number];
    return [key, rng.range(min, max)];
  };

  let connectionNo = 0;
  const worker = async (): Promise<void> => {
    while (!stop && next < iterations && Date.now() < endAt) {
      stats.connections++;
      const connRng = new Rng(hashSeed(seed ^ 0x1b873593, connectionNo++));
      const mode: 'plain' | 'sasl-pre' | 'sasl-auth' = opts.sasl === undefined || connRng.chance(0.7) ? 'plain' : connRng.chance(0.5) ? 'sasl-pre' : 'sasl-auth';
      await new Promise<void>((resolveConn) => {
        const socket = net.connect({ host: '127.0.0.1', port: mode === 'plain' ? opts.port : (opts.sasl?.port as number) });
        const splitter = new FrameSplitter(256 * 1024 * 1024);
        const queue: Pending[] = [];
        let closed = false;
        let localPort = '';
        let timer: NodeJS.Timeout | undefined;
        const sentHere: Pending[] = [];

        const finish = (): void => {
          if (closed) return;
          closed = true;
          if (timer !== undefined) clearTimeout(timer);
          socket.destroy();
          // Keep the frames a little longer: the broker's log line may come after the close.
          setTimeout(() => history.delete(localPort), 5000).unref();
          resolveConn();
        };
        const armDeadline = (): void => {
          if (timer !== undefined) clearTimeout(timer);
          const head = queue.find((p) => !p.maybe);
          if (head === undefined) return;
          timer = setTimeout(() => {
            if (closed) return;
            // A mutated Fetch, JoinGroup or SyncGroup may carry a wait of days, which the broker
            // rightly honours: the client gives up on that connection, nothing is wrong.
            if (head.req.kind !== 'valid' && MAY_WAIT.has(head.req.apiKey)) {
              stats.abandoned++;
              finish();
              return;
            }
            const name = (p: Pending): string => `${apiInfo(p.req.apiKey)?.name ?? p.req.apiKey} v${p.req.version} (${p.req.kind}, correlation id ${p.req.correlationId})`;
            const ahead = queue.slice(0, queue.indexOf(head)).map(name);
            const before = sentHere.filter((p) => p.answered).slice(-3).map(name);
            report({ kind: 'hang', detail: `${name(head)} unanswered after ${deadlineMs} ms on an open ${mode} connection${ahead.length > 0 ? `; unanswered before it: ${ahead.join(', ')}` : ''}; the last answered: ${before.join(', ') || 'none'}`, iteration: head.iteration, apiKey: head.req.apiKey, version: head.req.version, frameHex: head.req.frame.toString('hex') });
            finish();
          }, deadlineMs - (performance.now() - head.sentAt));
        };
        const sendBurst = (): void => {
          if (closed) return;
          if (stop || next >= iterations || Date.now() >= endAt || !opts.brokerAlive()) {
            finish();
            return;
          }
          const burst = 1 + (next % pipeline);
          const frames: Buffer[] = [];
          let desync = false;
          for (let b = 0; b < burst && next < iterations; b++) {
            const iteration = next++;
            const rng = new Rng(hashSeed(seed, iteration));
            const [apiKey, version] = pickPair(rng, mode === 'sasl-pre');
            // Odd and repeated correlation ids too, but not on Produce, whose answer may not come
            // (acks=0), so an answer can always be told apart.
            const special = rng.chance(0.05) ? rng.pick([0, -1, 2 ** 31 - 1, -(2 ** 31)]) : null;
            const corr = special !== null && apiKey !== 0 ? special : iteration & 0x7fffffff;
            const req = generateRequest(rng, pools, apiKey, version, corr, mutateRate);
            if (req === null) continue;
            stats.requests++;
            if (req.kind !== 'valid') stats.mutated++;
            const pending: Pending = { req, iteration, maybe: !req.expectsResponse || (req.apiKey === 0 && req.kind !== 'valid') || req.kind === 'frame-size', sentAt: performance.now(), answered: false };
            queue.push(pending);
            sentHere.push(pending);
            if (sentHere.length > 64) sentHere.shift();
            frames.push(req.frame);
            // A size prefix that lies desynchronises the stream: nothing after it can be judged.
            if (req.kind === 'frame-size') {
              desync = true;
              break;
            }
          }
          if (frames.length === 0) {
            setImmediate(sendBurst);
            return;
          }
          socket.write(frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames));
          if (desync) {
            socket.end();
            timer = setTimeout(finish, 2000);
            return;
          }
          armDeadline();
          maybeDone();
        };
        const maybeDone = (): void => {
          if (closed) return;
          // Only requests that may go unanswered are left: the next burst's answers show which were.
          if (queue.every((p) => p.maybe)) setImmediate(sendBurst);
        };
        socket.once('connect', () => {
          localPort = String(socket.localPort);
          history.set(localPort, sentHere);
          if (mode === 'sasl-auth' && opts.sasl !== undefined) {
            // Authenticate first (SaslHandshake v1 PLAIN, SaslAuthenticate v2); the fuzz frames that
            // follow in the same write are handled after it, in order.
            const token = Buffer.from(`\0${opts.sasl.user}\0${opts.sasl.password}`);
            const steps: [number, number, Record<string, unknown>][] = [
              [17, 1, { mechanism: 'PLAIN' }],
              [36, 2, { authBytes: token }],
            ];
            for (const [apiKey, version, body] of steps) {
              const api = apis.get(apiKey);
              if (api === undefined) continue;
              const w = new Writer(64);
              api.request.encode(w, body, version);
              const req: GeneratedRequest = { apiKey, version, correlationId: -1000 - apiKey, frame: requestFrame(apiKey, version, -1000 - apiKey, 'fuzz-sasl', w.toBuffer()), expectsResponse: true, kind: 'sasl-setup' };
              queue.push({ req, iteration: -1, maybe: false, sentAt: performance.now(), answered: false });
              socket.write(req.frame);
            }
          }
          sendBurst();
        });
        socket.on('data', (chunk: Buffer) => {
          let frames: Buffer[];
          try {
            frames = splitter.push(chunk);
          } catch (e) {
            report({ kind: 'bad-response', detail: `response framing: ${(e as Error).message}` });
            finish();
            return;
          }
          for (const f of frames) {
            if (f.length < 4) {
              report({ kind: 'bad-response', detail: `a ${f.length}-byte response frame` });
              finish();
              return;
            }
            const corr = f.readInt32BE(0);
            // Answerless requests before the one answered were indeed not answered.
            const idx = queue.findIndex((p) => p.req.correlationId === corr && (p.req.expectsResponse || p.req.kind !== 'valid'));
            if (idx > 0 && queue.slice(0, idx).some((p) => !p.maybe)) {
              const first = queue.find((p) => !p.maybe) as Pending;
              report({ kind: 'out-of-order', detail: `answer with correlation id ${corr} came before the answer to ${apiInfo(first.req.apiKey)?.name ?? first.req.apiKey} v${first.req.version} (correlation id ${first.req.correlationId})`, iteration: first.iteration, apiKey: first.req.apiKey, version: first.req.version, frameHex: first.req.frame.toString('hex') });
              finish();
              return;
            }
            if (idx < 0) {
              report({ kind: 'bad-response', detail: `a response with correlation id ${corr}, which no request in flight has` });
              finish();
              return;
            }
            const [p] = queue.splice(0, idx + 1).slice(-1) as [Pending];
            p.answered = true;
            stats.answered++;
            const check = checkResponse(p.req, f);
            if (!check.ok) {
              report({ kind: 'bad-response', detail: check.why, iteration: p.iteration, apiKey: p.req.apiKey, version: p.req.version, frameHex: p.req.frame.toString('hex') });
              finish();
              return;
            }
            if (p.req.kind === 'sasl-setup' && (check.body as { errorCode?: number }).errorCode !== 0) {
              report({ kind: 'sasl', detail: `authentication step ${apiInfo(p.req.apiKey)?.name ?? p.req.apiKey} answered error ${(check.body as { errorCode?: number }).errorCode}` });
              finish();
              return;
            }
            if (hasErrorCode(check.body, ErrorCode.UNKNOWN_SERVER_ERROR)) {
              stats.unknownServerErrors++;
              const k = `${apiInfo(p.req.apiKey)?.name ?? p.req.apiKey} v${p.req.version}`;
              unknownServerErrorApis.set(k, (unknownServerErrorApis.get(k) ?? 0) + 1);
            }
            if (p.req.kind === 'valid') pairsAnswered.add(`${p.req.apiKey}/${p.req.version}`);
            if (opts.feedback !== false) harvest(pools, check.body, notHarvested);
          }
          armDeadline();
          if (queue.every((p) => p.maybe)) {
            // Answerless entries before the last answer were popped with it; a long run of
            // acks=0 Produce requests alone is dropped (nothing is waited for on them).
            if (queue.length > 1000) queue.splice(0, queue.length - 1000);
            // Now and then the client goes away with requests in flight (parked fetches included).
            const rng = new Rng(hashSeed(seed ^ 0x5bd1e995, next));
            if (rng.chance(0.02)) finish();
            else sendBurst();
          }
        });
        socket.on('error', () => undefined);
        socket.on('close', () => {
          if (closed) return;
          stats.closed += queue.filter((p) => !p.maybe).length;
          finish();
        });
      });
      checkLog();
      if (!opts.brokerAlive()) break;
    }
  };

  const progressTimer = setInterval(() => {
    checkLog();
    opts.progress?.(`${stats.requests} requests, ${stats.answered} answered, ${stats.closed} closed, ${pairsAnswered.size}/${advertised.pairs.length} pairs, ${canary.rounds} canary rounds, ${findings.length} findings`);
  }, 10_000);
  progressTimer.unref();
  try {
    await Promise.all(Array.from({ length: connections }, () => worker()));
  } finally {
    clearInterval(progressTimer);
  }
  await canary.stop();
  if (!opts.brokerAlive()) report({ kind: 'crash', detail: 'the broker process died' });
  else {
    try {
      const bad = await verifyCanary(opts.port, canaryTopic, canary.values, deadlineMs);
      if (bad !== null) report({ kind: 'data', detail: `canary read-back: ${bad}` });
    } catch (e) {
      report({ kind: 'data', detail: `canary read-back failed: ${(e as Error).message}` });
    }
  }
  await new Promise((r) => setTimeout(r, 200));
  checkLog(true);
  return {
    seed,
    ...stats,
    unknownServerErrorApis,
    canaryRounds: canary.rounds,
    elapsedMs: performance.now() - t0,
    pairsAnswered,
    pairsAdvertised: advertised.pairs.length,
    apisAdvertised: advertised.byKey.size,
    findings,
  };
}

/** A one-line summary of a run. */
export function summary(r: FuzzResult): string {
  const s = r.elapsedMs / 1000;
  return `seed ${r.seed}: ${r.requests} requests (${r.mutated} mutated) in ${s.toFixed(1)} s = ${Math.round(r.requests / s)} req/s over ${r.connections} connections; ${r.answered} answered, ${r.closed} closed by the broker, ${r.unknownServerErrors} with UNKNOWN_SERVER_ERROR; ${r.pairsAnswered.size}/${r.pairsAdvertised} advertised (api, version) pairs answered to a valid request; ${r.canaryRounds} canary round trips; ${r.abandoned} connections left waiting on a mutated long-poll; ${r.findings.length} findings`;
}
