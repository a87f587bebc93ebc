// Fault injection (franz-go kfake's Control, over the wire): faults armed on a running broker that
// the dispatcher applies to matching requests (an error answer, latency, a dropped or stalled
// connection), and one-shot actions on broker state (a leader epoch bump, a forced group rebalance,
// an expired transaction, a virtually full disk). Library users reach it as `RunningBroker.faults`,
// other languages through the admin HTTP endpoint (admin-http.ts). When nothing is armed the
// dispatcher pays one boolean check (`armed`) per request.
import { ErrorCode, errorInfo, errorName } from '../../protocol/error-codes.js';
import { errorResponse } from '../../protocol/error-response.js';
import { ApiKey, apiTable } from '../../protocol/generated/api-keys.js';
import type { Broker } from '../broker.js';
import { NO_RESPONSE, type HandlerResult } from '../handlers/types.js';

/** Which requests a fault applies to. Every given filter must match. */
export interface FaultMatch {
  /** The API, by Kafka's name (`Produce`, `FindCoordinator`) or key. */
  api: string | number;
  /** Only requests naming one of these topics. */
  topics?: string[];
  /** With `topics` (or alone): only requests naming one of these partitions. */
  partitions?: number[];
  /** Only requests of these versions (inclusive). */
  versions?: { min?: number; max?: number };
  /** Only requests from this client.id. */
  clientId?: string;
  /**
   * How many matching requests the fault takes: default 1, or unlimited while `durationMs` runs
   * when that is given (the fault ends at whichever comes first).
   */
  count?: number;
  /** The fault ends this long after it was armed (broker clock). */
  durationMs?: number;
}

/** Answer with Kafka's error response for the request (per partition for Produce and Fetch). */
export interface ErrorFault extends FaultMatch {
  type: 'error';
  /** Kafka's error name (`NOT_LEADER_OR_FOLLOWER`) or code. */
  error: string | number;
}

/** Handle the request `latencyMs` later (the connection reads nothing meanwhile, as a slow broker). */
export interface LatencyFault extends FaultMatch {
  type: 'latency';
  latencyMs: number;
}

/** Close the connection the request came on, without answering it. */
export interface DropFault extends FaultMatch {
  type: 'drop';
}

/**
 * Stop reading from and answering the connection for `stallMs`, then answer the request
 * (`then: 'answer'`, the default) or close the connection (`then: 'close'`).
 */
export interface StallFault extends FaultMatch {
  type: 'stall';
  stallMs: number;
  then?: 'answer' | 'close';
}

export type FaultSpec = ErrorFault | LatencyFault | DropFault | StallFault;

/** One request a fault was applied to (what the broker's log line says too). */
export interface FaultHit {
  api: string;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  connectionId: number;
  remoteAddress: string;
  atMs: number;
}

export interface FaultRecord {
  readonly id: number;
  /** `error`, `latency`, `drop`, `stall`, or an action: `leader-move`, `rebalance`, `expire-transaction`, `disk-full`. */
  readonly type: string;
  /** What was asked, normalized (api and error by name). */
  readonly spec: Readonly<Record<string, unknown>>;
  readonly createdMs: number;
  /** Active until its count or duration runs out, it is removed, or `clear()`. */
  state: 'active' | 'done' | 'cleared';
  /** How many more requests it takes (null: unlimited within its duration). */
  remaining: number | null;
  readonly hits: FaultHit[];
  /** What an action did (the new leader epoch, generation, producer epoch). */
  result?: Readonly<Record<string, unknown>>;
}

/** A bad fault request (unknown API or error name, a missing field): the message is one line. */
export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

/** What the dispatcher knows of a request when it asks the injector. */
export interface FaultRequest {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly req: unknown;
  readonly connectionId: number;
  readonly remoteAddress: string;
  readonly principal: string;
  readonly signal: AbortSignal;
  /** Closes the connection (what was written is flushed first). */
  close(): void;
}

/** Thrown into the connection to close it without an answer (`drop`). */
export class FaultDropped extends Error {
  override readonly name = 'FaultInjected';
}

const API_BY_NAME: ReadonlyMap<string, number> = new Map(apiTable.map((a) => [a.name.toLowerCase(), a.apiKey]));
const API_NAME: ReadonlyMap<number, string> = new Map(apiTable.map((a) => [a.apiKey, a.name]));
/** Kept per fault and in the past list, so a long-running broker does not grow without bound. */
const MAX_HITS = 100;
const MAX_PAST = 200;

export function resolveApi(api: unknown): number {
  if (typeof api === 'number' && API_NAME.has(api)) return api;
  if (typeof api === 'string') {
    const key = API_BY_NAME.get(api.toLowerCase());
    if (key !== undefined) return key;
  }
  throw new FaultSpecError(`unknown API ${JSON.stringify(api)}: give Kafka's name (e.g. "Produce", "FindCoordinator") or its key`);
}

export function resolveError(error: unknown): number {
  if (typeof error === 'number' && Number.isInteger(error) && !errorName(error).startsWith('UNKNOWN_')) return error;
  if (typeof error === 'string') {
    const code = (ErrorCode as Readonly<Record<string, number>>)[error.toUpperCase()];
    if (code !== undefined) return code;
  }
  throw new FaultSpecError(`unknown error ${JSON.stringify(error)}: give Kafka's error name (e.g. "NOT_LEADER_OR_FOLLOWER") or code`);
}

function nonNegative(v: unknown, what: string): number {
  if (v === undefined) throw new FaultSpecError(`${what} is required (a number of milliseconds)`);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new FaultSpecError(`${what} must be a non-negative number, not ${JSON.stringify(v)}`);
  return v;
}

function optionalIntList(v: unknown, what: string, kind: 'string' | 'int'): unknown[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => (kind === 'string' ? typeof x !== 'string' : !Number.isInteger(x)))) {
    throw new FaultSpecError(`${what} must be a list of ${kind === 'string' ? 'topic names' : 'partition numbers'}`);
  }
  return v as unknown[];
}

interface Armed {
  readonly record: FaultRecord;
  readonly apiKey: number;
  readonly topics: ReadonlySet<string> | null;
  readonly partitions: ReadonlySet<number> | null;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly clientId: string | null;
  readonly endsMs: number | null;
  /** What the log lines call it: `error NOT_LEADER_OR_FOLLOWER`, `latency 200 ms`... */
  readonly label: string;
  readonly apply: (r: FaultRequest, run: () => HandlerResult<unknown>) => HandlerResult<unknown>;
}

/**
 * The broker's fault injector. Faults are checked in the order they were armed; the first that
 * matches a request takes it (so two faults on one API apply one after the other).
 */
export class FaultInjector {
  /** True while any fault is armed: the dispatcher's only check when none is. */
  armed = false;
  private readonly broker: Broker;
  private readonly log: (line: string) => void;
  private active: Armed[] = [];
  private readonly past: FaultRecord[] = [];
  private nextId = 1;
  /** Set while the disk is virtually full: every log append fails with KAFKA_STORAGE_ERROR. */
  private diskFull: FaultRecord | null = null;
  /** Requests held by latency or a stall: each function releases its request now. */
  private readonly held = new Set<() => void>();

  constructor(broker: Broker, log: (line: string) => void) {
    this.broker = broker;
    this.log = log;
  }

  /** Arms a request fault; throws FaultSpecError (one-line message) on a bad spec. */
  inject(spec: FaultSpec): FaultRecord {
    const s = spec as unknown as Record<string, unknown>;
    if (typeof s !== 'object' || s === null) throw new FaultSpecError('a fault is an object with a "type"');
    const type = s['type'];
    const apiKey = resolveApi(s['api']);
    const topics = optionalIntList(s['topics'], 'topics', 'string') as string[] | undefined;
    const partitions = optionalIntList(s['partitions'], 'partitions', 'int') as number[] | undefined;
    const versions = s['versions'] as { min?: unknown; max?: unknown } | undefined;
    if (versions !== undefined && (typeof versions !== 'object' || versions === null)) throw new FaultSpecError('versions must be an object {"min": N, "max": N}');
    const minVersion = versions?.min === undefined ? 0 : nonNegative(versions.min, 'versions.min');
    const maxVersion = versions?.max === undefined ? Number.MAX_SAFE_INTEGER : nonNegative(versions.max, 'versions.max');
    const clientId = s['clientId'];
    if (clientId !== undefined && typeof clientId !== 'string') throw new FaultSpecError('clientId must be a string');
    const durationMs = s['durationMs'] === undefined ? null : nonNegative(s['durationMs'], 'durationMs');
    const count = s['count'] === undefined ? (durationMs === null ? 1 : null) : nonNegative(s['count'], 'count');
    if (count !== null && !Number.isInteger(count)) throw new FaultSpecError('count must be a whole number');
    const normalized: Record<string, unknown> = { type, api: API_NAME.get(apiKey) };
    let apply: Armed['apply'];
    let describe: string;
    switch (type) {
      case 'error': {
        const code = resolveError(s['error']);
        normalized['error'] = errorName(code);
        describe = `error ${errorName(code)}`;
        apply = (r, run) => this.answerError(r, code, run);
        break;
      }
      case 'latency': {
        const ms = nonNegative(s['latencyMs'], 'latencyMs');
        normalized['latencyMs'] = ms;
        describe = `latency ${ms} ms`;
        apply = (r, run) => this.delay(r, ms, run);
        break;
      }
      case 'drop':
        describe = 'drop connection';
        apply = (r) => {
          r.close();
          throw new FaultDropped('connection dropped by fault injection');
        };
        break;
      case 'stall': {
        const ms = nonNegative(s['stallMs'], 'stallMs');
        const then = s['then'] ?? 'answer';
        if (then !== 'answer' && then !== 'close') throw new FaultSpecError('then must be "answer" or "close"');
        normalized['stallMs'] = ms;
        normalized['then'] = then;
        describe = `stall ${ms} ms then ${then}`;
        apply = (r, run) =>
          this.delay(r, ms, () => {
            if (then === 'answer') return run();
            r.close();
            throw new FaultDropped('connection closed by fault injection after a stall');
          });
        break;
      }
      default:
        throw new FaultSpecError(`unknown fault type ${JSON.stringify(type)}: one of error, latency, drop, stall`);
    }
    if (topics !== undefined) normalized['topics'] = topics;
    if (partitions !== undefined) normalized['partitions'] = partitions;
    if (versions !== undefined) normalized['versions'] = { min: minVersion, ...(versions.max === undefined ? {} : { max: maxVersion }) };
    if (clientId !== undefined) normalized['clientId'] = clientId;
    if (count !== null) normalized['count'] = count;
    if (durationMs !== null) normalized['durationMs'] = durationMs;
    const now = this.broker.clock.now();
    const record: FaultRecord = { id: this.nextId++, type, spec: normalized, createdMs: now, state: 'active', remaining: count, hits: [] };
    if (count === 0) {
      record.state = 'done';
      this.remember(record);
      return record;
    }
    this.active.push({
      record,
      apiKey,
      topics: topics === undefined ? null : new Set(topics),
      partitions: partitions === undefined ? null : new Set(partitions),
      minVersion,
      maxVersion,
      clientId: clientId ?? null,
      endsMs: durationMs === null ? null : now + durationMs,
      label: describe,
      apply,
    });
    this.armed = true;
    this.log(`fault #${record.id} armed: ${describe} on ${String(normalized['api'])}${count === null ? '' : ` for the next ${count} request(s)`}${durationMs === null ? '' : ` for ${durationMs} ms`}`);
    return record;
  }

  /**
   * Called by the dispatcher (only while `armed`) for a decoded request: applies the first matching
   * fault, or runs the handler (`run`) as usual.
   */
  intercept(r: FaultRequest, run: () => HandlerResult<unknown>): HandlerResult<unknown> {
    const now = this.broker.clock.now();
    this.expire(now);
    for (const f of this.active) {
      if (f.apiKey !== r.apiKey || r.apiVersion < f.minVersion || r.apiVersion > f.maxVersion) continue;
      if (f.clientId !== null && f.clientId !== r.clientId) continue;
      if ((f.topics !== null || f.partitions !== null) && !this.names(r.req, f.topics, f.partitions)) continue;
      const rec = f.record;
      const hit: FaultHit = { api: API_NAME.get(r.apiKey) ?? String(r.apiKey), apiVersion: r.apiVersion, correlationId: r.correlationId, clientId: r.clientId, connectionId: r.connectionId, remoteAddress: r.remoteAddress, atMs: now };
      if (rec.hits.length < MAX_HITS) rec.hits.push(hit);
      if (rec.remaining !== null && --rec.remaining === 0) this.finish(f, 'done');
      this.log(
        `fault #${rec.id} (${f.label}) injected into ${hit.api} v${hit.apiVersion} correlation id ${hit.correlationId} client id ${JSON.stringify(hit.clientId)} on connection ${hit.connectionId} (${hit.remoteAddress})`,
      );
      return f.apply(r, run);
    }
    return run();
  }

  /** Removes one armed fault; false when it is not active. */
  remove(id: number): boolean {
    const f = this.active.find((a) => a.record.id === id);
    if (f !== undefined) {
      this.finish(f, 'cleared');
      return true;
    }
    if (this.diskFull?.id === id) {
      this.freeDisk();
      return true;
    }
    return false;
  }

  /**
   * Disarms every fault and frees the virtual disk; requests held by latency or a stall go on now
   * (answered, or their connection closed for a stall that says so). Returns how many were active.
   */
  clear(): number {
    for (const release of [...this.held]) release();
    let n = 0;
    for (const f of [...this.active]) {
      this.finish(f, 'cleared');
      n++;
    }
    if (this.diskFull !== null) {
      this.freeDisk();
      n++;
    }
    if (n > 0) this.log(`fault injection cleared (${n} active fault(s) removed)`);
    return n;
  }

  /** The active faults (the disk, when full, among them) and the past ones, oldest first. */
  list(): { active: FaultRecord[]; past: FaultRecord[] } {
    this.expire(this.broker.clock.now());
    const active = this.active.map((a) => a.record);
    if (this.diskFull !== null) active.push(this.diskFull);
    return { active: active.sort((a, b) => a.id - b.id), past: [...this.past] };
  }

  // -------------------------------------------------------------------------------------------
  // Actions on broker state

  /**
   * The partition's leader "moves": its leader epoch is bumped (assigned at the log end, as a new
   * leader's is), so Metadata shows the new epoch and requests carrying the old one get FENCED_LEADER_EPOCH.
   */
  moveLeader(topic: string, partition: number): FaultRecord {
    const p = this.broker.topics.partition(topic, partition);
    if (p === undefined) throw new FaultSpecError(`unknown partition ${topic}-${partition}`);
    const previous = p.leaderEpoch;
    const leaderEpoch = previous + 1;
    // Into the log's leader-epoch cache (what appends stamp and OffsetForLeaderEpoch reads). Like a
    // new leader's epoch in Kafka it starts at the log end, so recovery keeps it only once a record
    // carries it.
    p.log.assignLeaderEpoch(leaderEpoch);
    p.leaderEpoch = leaderEpoch;
    // Fetches parked on the partition re-check it now, as they would on a real leader change.
    p.log.wakeAppendWaiters();
    return this.action('leader-move', { topic, partition }, { previousLeaderEpoch: previous, leaderEpoch }, `partition ${topic}-${partition} leader epoch ${previous} -> ${leaderEpoch}`);
  }

  /**
   * A rebalance of the group: a classic group goes to PreparingRebalance (heartbeats answer
   * REBALANCE_IN_PROGRESS, members rejoin into the next generation); a consumer (KIP-848) group's
   * epoch is bumped, so the next heartbeats carry a new assignment epoch.
   */
  rebalance(groupId: string): FaultRecord {
    const r = this.broker.groups.forceRebalance(groupId);
    if (typeof r === 'string') throw new FaultSpecError(r);
    return this.action('rebalance', { groupId }, r, `group ${groupId} rebalance forced (${JSON.stringify(r)})`);
  }

  /**
   * The ongoing transaction of `transactionalId` expires as its transaction.timeout.ms would make it:
   * aborted, with the producer epoch bumped so the producer is fenced.
   */
  expireTransaction(transactionalId: string): FaultRecord {
    const r = this.broker.txn.coordinator.expire(transactionalId, 'expired by fault injection');
    if (typeof r === 'string') throw new FaultSpecError(r);
    return this.action('expire-transaction', { transactionalId }, r, `transaction ${transactionalId} expired (${JSON.stringify(r)})`);
  }

  /** Every log append fails with KAFKA_STORAGE_ERROR, as on a full disk, until `freeDisk()` or `clear()`. */
  fillDisk(): FaultRecord {
    if (this.diskFull !== null) return this.diskFull;
    const record: FaultRecord = { id: this.nextId++, type: 'disk-full', spec: { type: 'disk-full' }, createdMs: this.broker.clock.now(), state: 'active', remaining: null, hits: [] };
    this.diskFull = record;
    this.broker.topics.disk.full = true;
    this.log(`fault #${record.id} armed: the disk is virtually full (appends fail with KAFKA_STORAGE_ERROR)`);
    return record;
  }

  /** Ends a virtually full disk; false when it was not full. */
  freeDisk(): boolean {
    const d = this.diskFull;
    if (d === null) return false;
    this.diskFull = null;
    this.broker.topics.disk.full = false;
    d.state = 'cleared';
    this.remember(d);
    this.log(`fault #${d.id} cleared: the disk has room again`);
    return true;
  }

  /** Disarms everything as the broker stops: held requests go on (their connections are closing). */
  close(): void {
    this.clear();
  }

  // -------------------------------------------------------------------------------------------

  private action(type: string, spec: Record<string, unknown>, result: Record<string, unknown>, what: string): FaultRecord {
    const record: FaultRecord = { id: this.nextId++, type, spec: { type, ...spec }, createdMs: this.broker.clock.now(), state: 'done', remaining: null, hits: [], result };
    this.remember(record);
    this.log(`fault #${record.id} injected: ${what}`);
    return record;
  }

  private answerError(r: FaultRequest, code: number, run: () => HandlerResult<unknown>): HandlerResult<unknown> {
    const text = { message: null, generic: errorInfo(code).message, principal: r.principal };
    if (r.apiKey === ApiKey.Fetch) {
      // Per partition, as a real broker answers NOT_LEADER_OR_FOLLOWER and the like: the request's
      // partitions echoed with the error (error-response.ts builds that shape for versions before
      // 13; from 13 Kafka's whole-request answer has none), the top-level error left at NONE.
      const res = errorResponse(r.apiKey, Math.min(r.apiVersion, 12), r.req, code, text) as Record<string, unknown> | null;
      if (res === null) return run();
      res['errorCode'] = 0;
      if (r.apiVersion >= 13) {
        // Echoed in the request's order; v13+ names topics by id, which that v12 shape leaves out.
        const topics = (r.req as { topics: { topicId: string }[] }).topics;
        (res['responses'] as { topicId: string }[]).forEach((t, i) => (t.topicId = topics[i]?.topicId ?? t.topicId));
      }
      return res;
    }
    const res = errorResponse(r.apiKey, r.apiVersion, r.req, code, text);
    if (res === null) {
      // Produce acks=0 has no response: Kafka closes the connection on its errors.
      r.close();
      return NO_RESPONSE;
    }
    return res;
  }

  private delay(r: FaultRequest, ms: number, then: () => HandlerResult<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const release = (): void => {
        this.broker.clock.clearTimeout(timer);
        this.held.delete(release);
        r.signal.removeEventListener('abort', aborted);
        try {
          resolve(then());
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      };
      const aborted = (): void => {
        this.broker.clock.clearTimeout(timer);
        this.held.delete(release);
        reject(new FaultDropped('connection closed during an injected delay'));
      };
      const timer = this.broker.clock.setTimeout(release, ms);
      timer.unref();
      this.held.add(release);
      r.signal.addEventListener('abort', aborted, { once: true });
    });
  }

  /** Whether the request names one of the topics (and partitions). */
  private names(req: unknown, topics: ReadonlySet<string> | null, partitions: ReadonlySet<number> | null): boolean {
    for (const [topic, parts] of requestPartitions(req, (id) => this.broker.topics.getById(id)?.name)) {
      if (topics !== null && !topics.has(topic)) continue;
      if (partitions === null) return true;
      if (parts.some((p) => partitions.has(p))) return true;
    }
    return false;
  }

  private expire(now: number): void {
    for (const f of this.active) if (f.endsMs !== null && now >= f.endsMs) this.finish(f, 'done');
  }

  private finish(f: Armed, state: 'done' | 'cleared'): void {
    const i = this.active.indexOf(f);
    if (i < 0) return;
    this.active.splice(i, 1);
    this.armed = this.active.length > 0;
    f.record.state = state;
    this.remember(f.record);
  }

  private remember(r: FaultRecord): void {
    this.past.push(r);
    if (this.past.length > MAX_PAST) this.past.shift();
  }
}

const TOPIC_KEYS = ['name', 'topic', 'topicName'] as const;
const PARTITION_KEYS = ['partitionIndex', 'partition', 'index', 'partitionId'] as const;

/**
 * The (topic, partitions) a request names: the elements of its top-level arrays that carry a topic
 * name or id, and their partitions (an array of partition elements or of numbers).
 */
export function requestPartitions(req: unknown, nameOfId: (id: string) => string | undefined): [string, number[]][] {
  const out: [string, number[]][] = [];
  if (typeof req !== 'object' || req === null) return out;
  for (const v of Object.values(req as Record<string, unknown>)) {
    if (!Array.isArray(v)) continue;
    for (const el of v) {
      if (typeof el !== 'object' || el === null) continue;
      const o = el as Record<string, unknown>;
      let name: string | undefined;
      for (const k of TOPIC_KEYS) if (typeof o[k] === 'string' && o[k] !== '') name = o[k];
      if (name === undefined && typeof o['topicId'] === 'string') name = nameOfId(o['topicId']);
      if (name === undefined) continue;
      const parts: number[] = [];
      for (const inner of Object.values(o)) {
        if (!Array.isArray(inner)) continue;
        for (const p of inner) {
          if (typeof p === 'number') parts.push(p);
          else if (typeof p === 'object' && p !== null) {
            for (const k of PARTITION_KEYS) {
              const n = (p as Record<string, unknown>)[k];
              if (typeof n === 'number') {
                parts.push(n);
                break;
              }
            }
          }
        }
      }
      out.push([name, parts]);
    }
  }
  return out;
}
