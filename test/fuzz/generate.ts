// Request generation for the broker fuzzer: random *valid* requests of any API and version, walked
// from the specs' field tables (src/protocol/generated/schema.json), with values biased towards what
// breaks handlers (empty and large arrays, boundary ints, null and odd strings, names and ids of
// topics, groups and transactions that exist or nearly do, record batches good and bad), and
// mutations of their frames (bit flips, truncation, lying length fields, trailing bytes, wrong
// header versions). Everything comes from a seeded PRNG, so a seed replays the same frames.
import { Writer } from '../../src/protocol/codec/writer.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';
import { requestHeaderVersion } from '../../src/protocol/generated/api-keys.js';
import { apis } from '../../src/protocol/generated/index.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { CompressionCodec } from '../../src/protocol/records/compression.js';
import { defaultValue, inRange, isFlexible, schema, type SchemaField, type SchemaMessage } from '../helpers/arbitrary.js';

/** mulberry32: small, fast and good enough to drive a fuzzer; the whole run follows from one seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** 0 <= n < max */
  int(max: number): number {
    return max <= 0 ? 0 : this.next() % max;
  }
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.next() & 0xff;
    return b;
  }
}

/** Names and ids the broker knows (or nearly does), so requests reach past the "unknown" checks. */
export interface Pools {
  topics: string[];
  topicIds: string[];
  groups: string[];
  transactionalIds: string[];
  memberIds: string[];
  producerIds: bigint[];
  principals: string[];
  /** Generation ids and epochs seen in answers (members, producers, groups). */
  epochs: number[];
}

export function defaultPools(): Pools {
  return {
    topics: ['fuzz-a', 'fuzz-b', 'fuzz-c', 'fuzz-new', '__consumer_offsets', '__transaction_state', '', '.', '..', 'a/b', 'x'.repeat(249), 'x'.repeat(250)],
    topicIds: [ZERO_UUID],
    groups: ['fuzz-g1', 'fuzz-g2', '', 'g'.repeat(300)],
    transactionalIds: ['fuzz-tx1', 'fuzz-tx2', ''],
    memberIds: ['', 'fuzz-member', 'consumer-1-2-3'],
    producerIds: [-1n, 0n, 1000n, 1001n],
    principals: ['User:ANONYMOUS', 'User:alice', 'User:*', 'Group:x', '', 'bad'],
    epochs: [-1, 0, 1],
  };
}

const INT_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

const ODD_STRINGS = ['', ' ', 'null', '*', '-1', 'ünïcödé', '\u0000', '\ud83d\ude00', 'a,b', '../../etc', 'x'.repeat(1000)];
const CONFIG_NAMES = ['cleanup.policy', 'retention.ms', 'segment.bytes', 'max.message.bytes', 'min.insync.replicas', 'compression.type', 'message.timestamp.type', 'log.retention.ms', 'num.partitions', 'consumer.session.timeout.ms', 'interval.ms', 'metrics', 'match'];
const CONFIG_VALUES = ['', '1', '-1', '0', 'compact', 'delete,compact', 'gzip', 'zstd', '9223372036854775807', '2147483648', 'abc', 'CreateTime', 'true', 'org.apache.kafka.*'];

function intValue(rng: Rng, type: string, name: string, pools: Pools): number {
  const [lo, hi] = INT_BOUNDS[type] as readonly [number, number];
  if (/generation|epoch/i.test(name) && rng.chance(0.5)) return Math.max(lo, Math.min(hi, rng.pick(pools.epochs)));
  // Partitions, counts and indexes are mostly small so they name things that exist.
  if (/partition|index|count|replica|broker|node|leader|epoch/i.test(name) && rng.chance(0.7)) return Math.max(lo, Math.min(hi, rng.range(-1, 3)));
  switch (rng.int(8)) {
    case 0:
      return 0;
    case 1:
      return Math.max(lo, -1);
    case 2:
      return rng.pick([lo, hi, lo + 1, hi - 1]);
    case 3:
      return Math.max(lo, Math.min(hi, rng.range(1, 10)));
    default:
      return lo + Math.floor((rng.next() / 0x100000000) * (hi - lo + 1));
  }
}

function int64Value(rng: Rng, name: string, pools: Pools): bigint {
  if (/producerid/i.test(name) && rng.chance(0.6)) return rng.pick(pools.producerIds);
  if (/offset/i.test(name) && rng.chance(0.6)) return BigInt(rng.range(-2, 20));
  if (/timestamp|time/i.test(name) && rng.chance(0.4)) return rng.pick([-1n, -2n, -3n, BigInt(Date.now()), 0n]);
  switch (rng.int(6)) {
    case 0:
      return 0n;
    case 1:
      return -1n;
    case 2:
      return rng.pick([-(2n ** 63n), 2n ** 63n - 1n, 2n ** 31n, -(2n ** 31n) - 1n]);
    default:
      return BigInt.asIntN(64, (BigInt(rng.next()) << 32n) | BigInt(rng.next()));
  }
}

function randomString(rng: Rng, maxLen: number): string {
  const n = rng.int(maxLen + 1);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.chance(0.9) ? 0x61 + rng.int(26) : rng.range(0x20, 0x7e));
  return s;
}

function stringValue(rng: Rng, name: string, pools: Pools): string {
  if (rng.chance(0.75)) {
    if (/topic/i.test(name)) return rng.pick(pools.topics);
    if (/group/i.test(name)) return rng.pick(pools.groups);
    if (/transactional/i.test(name)) return rng.pick(pools.transactionalIds);
    if (/member|instance/i.test(name)) return rng.pick(pools.memberIds);
    if (/principal|owner|renewer|user/i.test(name)) return rng.pick(pools.principals);
    if (/^(name|configName|key)$/i.test(name) && rng.chance(0.6)) return rng.pick(CONFIG_NAMES);
    if (/value/i.test(name)) return rng.pick(CONFIG_VALUES);
    if (/protocolType/i.test(name)) return rng.pick(['consumer', 'connect', '']);
    if (/assignor|protocolName/i.test(name)) return rng.pick(['range', 'uniform', 'roundrobin', 'cooperative-sticky', '']);
    if (/mechanism/i.test(name)) return rng.pick(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER', 'GSSAPI']);
    if (/regex|pattern/i.test(name)) return rng.pick(['.*', 'fuzz-.*', '(', '[', '']);
  }
  return rng.chance(0.2) ? rng.pick(ODD_STRINGS) : randomString(rng, 8);
}

function uuidValue(rng: Rng, pools: Pools): string {
  if (rng.chance(0.5)) return rng.pick(pools.topicIds);
  if (rng.chance(0.2)) return ZERO_UUID;
  return rng.bytes(16).toString('base64url');
}

/** A record batch: mostly valid (codecs, transactional, idempotent), sometimes broken in one place. */
export function recordsValue(rng: Rng, pools: Pools): Buffer {
  const n = rng.pick([0, 1, 1, 2, 5, 50]);
  const records = Array.from({ length: n }, (_, i) => ({
    key: rng.chance(0.5) ? null : rng.bytes(rng.int(8)),
    value: rng.chance(0.1) ? null : rng.bytes(rng.int(rng.chance(0.05) ? 5000 : 30)),
    headers: rng.chance(0.2) ? [{ key: randomString(rng, 4), value: rng.chance(0.5) ? null : rng.bytes(3) }] : [],
    timestamp: rng.chance(0.9) ? Date.now() : Number(rng.pick([-1n, 0n, 2n ** 52n])),
    offsetDelta: rng.chance(0.95) ? i : rng.range(-1, 100),
  }));
  const idempotent = rng.chance(0.3);
  const batch = encodeRecordBatch({
    records,
    compression: rng.pick([CompressionCodec.NONE, CompressionCodec.NONE, CompressionCodec.GZIP, CompressionCodec.SNAPPY, CompressionCodec.LZ4, CompressionCodec.ZSTD]),
    isTransactional: idempotent && rng.chance(0.5),
    isControl: rng.chance(0.03),
    producerId: idempotent ? rng.pick(pools.producerIds) : -1n,
    producerEpoch: idempotent ? rng.range(-1, 2) : -1,
    baseSequence: idempotent ? rng.range(-1, 5) : -1,
    ...(rng.chance(0.05) ? { lastOffsetDelta: rng.range(-1, 100) } : {}),
    ...(rng.chance(0.05) ? { timestampType: 1 as const } : {}),
  });
  let out = rng.chance(0.1) ? Buffer.concat([batch, batch]) : batch;
  if (rng.chance(0.25)) out = mutateBytes(rng, out);
  return out;
}

interface GenContext {
  readonly m: SchemaMessage;
  readonly v: number;
  readonly pools: Pools;
  depth: number;
}

function fieldValue(rng: Rng, g: GenContext, f: SchemaField): unknown {
  const nullable = inRange(f.nullable, g.v);
  if (nullable && rng.chance(0.12)) return null;
  const type = f.type;
  if (type.startsWith('[]')) {
    const elem = type.slice(2);
    const r = rng.int(20);
    const n = r < 5 ? 0 : r < 18 ? rng.range(1, 3) : g.depth === 0 ? rng.range(20, 300) : rng.range(4, 12);
    const out: unknown[] = [];
    g.depth++;
    for (let i = 0; i < n; i++) out.push(elemValue(rng, g, elem, f.name));
    g.depth--;
    // Duplicates matter (the same topic or partition twice in one request).
    if (out.length > 0 && rng.chance(0.1)) out.push(out[0]);
    return out;
  }
  return elemValue(rng, g, type, f.name);
}

function elemValue(rng: Rng, g: GenContext, type: string, name: string): unknown {
  if (INT_BOUNDS[type] !== undefined) return intValue(rng, type, name, g.pools);
  switch (type) {
    case 'bool':
      return rng.chance(0.5);
    case 'int64':
      return int64Value(rng, name, g.pools);
    case 'float64':
      return rng.pick([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e308, -0]);
    case 'string':
      return stringValue(rng, name, g.pools);
    case 'bytes':
      return rng.chance(0.1) ? Buffer.alloc(0) : rng.bytes(rng.int(rng.chance(0.05) ? 3000 : 40));
    case 'records':
      return rng.chance(0.1) ? rng.bytes(rng.int(80)) : recordsValue(rng, g.pools);
    case 'uuid':
      return uuidValue(rng, g.pools);
    default:
      return structValue(rng, g, type);
  }
}

function structValue(rng: Rng, g: GenContext, struct: string): Record<string, unknown> {
  const fields = g.m.structs[struct];
  if (fields === undefined) throw new Error(`${g.m.name}: no struct ${struct}`);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!inRange(f.versions, g.v) || (inRange(f.tagged, g.v) && rng.chance(0.5))) {
      out[f.name] = defaultValue(g.m, f);
      continue;
    }
    out[f.name] = fieldValue(rng, g, f);
  }
  if (isFlexible(g.m, g.v) && rng.chance(0.05)) {
    // An unknown tagged field: brokers must skip it.
    out['_tagged'] = [{ tag: rng.range(100, 200), data: rng.bytes(rng.int(6)) }];
  }
  return out;
}

const requestSchemas = new Map<number, SchemaMessage>();
for (const m of schema) if (m.type === 'request' && m.apiKey !== undefined) requestSchemas.set(m.apiKey, m);

/** Interesting fields that would only make a valid request wait or degrade the broker for everyone. */
function tame(rng: Rng, apiKey: number, req: Record<string, unknown>): void {
  const each = (key: string, fn: (o: Record<string, unknown>) => void): void => {
    const list = req[key];
    if (Array.isArray(list)) for (const o of list) if (o !== null && typeof o === 'object') fn(o as Record<string, unknown>);
  };
  switch (apiKey) {
    case 0: // Produce: any acks, but a short timeout (a single node never waits for replicas anyway).
      if (rng.chance(0.8)) req['acks'] = rng.pick([-1, 0, 1]);
      req['timeoutMs'] = Math.min(Number(req['timeoutMs']), 1000);
      break;
    case 1: // Fetch: a parked fetch holds its connection for maxWaitMs, as it should.
      req['maxWaitMs'] = rng.range(-1, 50);
      break;
    case 11: // JoinGroup: the join phase legitimately waits up to the rebalance timeout.
      req['rebalanceTimeoutMs'] = rng.range(-1, 1000);
      req['sessionTimeoutMs'] = rng.pick([-1, 0, 10, 6000, 6001]);
      break;
    case 19: // CreateTopics: thousands of real partitions is load, not a finding (the >10000 refusal stays).
      each('topics', (t) => {
        const n = Number(t['numPartitions']);
        if (n > 8 && n <= 10_000) t['numPartitions'] = rng.range(1, 4);
      });
      break;
    case 37: // CreatePartitions, likewise.
      each('topics', (t) => {
        const n = Number(t['count']);
        if (n > 8 && n <= 10_000) t['count'] = rng.range(1, 6);
      });
      break;
    case 33: // AlterConfigs / IncrementalAlterConfigs: broker-wide settings only validated, so a
    case 44: // random retention or size limit cannot legitimately delete or refuse the canary's data.
      each('resources', (r) => {
        if (r['resourceType'] === 4 || r['resourceType'] === 8) req['validateOnly'] = true;
      });
      break;
    case 49: // AlterClientQuotas: a quota on every client (a default entity) throttles the canary too.
      each('entries', (e) => {
        const entity = e['entity'];
        if (Array.isArray(entity) && entity.some((x: Record<string, unknown>) => x['entityName'] === null || x['entityName'] === 'ANONYMOUS')) req['validateOnly'] = true;
      });
      break;
    case 57: // UpdateFeatures: finalized features change what every client may use.
      req['validateOnly'] = true;
      break;
    default:
  }
}

export interface GeneratedRequest {
  readonly apiKey: number;
  readonly version: number;
  readonly correlationId: number;
  /** The whole frame, size prefix included. */
  readonly frame: Buffer;
  /** False for Produce acks=0 (Kafka sends nothing back). */
  readonly expectsResponse: boolean;
  /** How the frame was made: 'valid' or the mutation's name. */
  readonly kind: string;
}

/** A request body at (apiKey, version), or null when the random value does not encode (e.g. a too-long string). */
export function randomRequestBody(rng: Rng, pools: Pools, apiKey: number, version: number): { body: Record<string, unknown>; bytes: Buffer } | null {
  const m = requestSchemas.get(apiKey);
  const api = apis.get(apiKey);
  if (m === undefined || api === undefined) return null;
  const body = structValue(rng, { m, v: version, pools, depth: 0 }, m.name);
  tame(rng, apiKey, body);
  try {
    const w = new Writer(256);
    api.request.encode(w, body, version);
    return { body, bytes: w.toBuffer() };
  } catch {
    return null;
  }
}

export function requestFrame(apiKey: number, version: number, correlationId: number, clientId: string | null, body: Buffer, headerVersion = requestHeaderVersion(apiKey, version)): Buffer {
  const w = new Writer(64 + body.length);
  w.int32(0).int16(apiKey).int16(version).int32(correlationId);
  if (headerVersion >= 1) w.nullableString(clientId);
  if (headerVersion >= 2) w.uvarint(0);
  w.raw(body);
  const frame = w.toBuffer();
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

const BYTE_MUTATIONS = ['bitflip', 'truncate', 'insert', 'lying-length', 'delete', 'overwrite'] as const;

/** Flips, cuts, inserts, deletes or overwrites a few bytes (a lying length field is an overwrite near one). */
export function mutateBytes(rng: Rng, b: Buffer): Buffer {
  return mutateBytesNamed(rng, b).bytes;
}

function mutateBytesNamed(rng: Rng, b: Buffer): { bytes: Buffer; op: string } {
  const out = Buffer.from(b);
  if (out.length === 0) return { bytes: rng.bytes(rng.int(8)), op: 'insert' };
  const op = rng.pick(BYTE_MUTATIONS);
  const i = rng.int(out.length);
  switch (op) {
    case 'bitflip':
      out[i] = (out[i] as number) ^ (1 << rng.int(8));
      return { bytes: out, op };
    case 'truncate':
      return { bytes: out.subarray(0, i), op };
    case 'insert':
      return { bytes: Buffer.concat([out.subarray(0, i), rng.bytes(rng.range(1, 8)), out.subarray(i)]), op };
    case 'lying-length': {
      // A length or count field lies: 1-4 bytes of one boundary value.
      const v = rng.pick([0x00, 0x7f, 0x80, 0xff, 0x01]);
      for (let k = 0; k < rng.range(1, 4) && i + k < out.length; k++) out[i + k] = v;
      return { bytes: out, op };
    }
    case 'delete':
      return { bytes: Buffer.concat([out.subarray(0, i), out.subarray(Math.min(out.length, i + rng.range(1, 8)))]), op };
    case 'overwrite':
      out[i] = rng.next() & 0xff;
      return { bytes: out, op };
  }
}

const MUTATIONS = ['body', 'body', 'body', 'trailing', 'header-version', 'api-version', 'frame-size'] as const;

/**
 * One request: a valid one of (apiKey, version) or, with probability `mutateRate`, a mutation of it.
 * The frame's size prefix is always truthful except for the 'frame-size' mutation.
 */
export function generateRequest(rng: Rng, pools: Pools, apiKey: number, version: number, correlationId: number, mutateRate: number): GeneratedRequest | null {
  const made = randomRequestBody(rng, pools, apiKey, version);
  if (made === null) return null;
  const clientId = rng.chance(0.9) ? 'fuzz' : rng.pick([null, '', 'x'.repeat(300)]);
  const acks0 = apiKey === 0 && made.body['acks'] === 0;
  if (!rng.chance(mutateRate)) {
    return { apiKey, version, correlationId, frame: requestFrame(apiKey, version, correlationId, clientId, made.bytes), expectsResponse: !acks0, kind: 'valid' };
  }
  let kind: string = rng.pick(MUTATIONS);
  let frame: Buffer;
  let sentVersion = version;
  switch (kind) {
    case 'header-version': {
      const hv = requestHeaderVersion(apiKey, version);
      frame = requestFrame(apiKey, version, correlationId, clientId, made.bytes, hv === 2 ? 1 : 2);
      break;
    }
    case 'api-version':
      // The body of one version under another's number (the answer, if any, is at the sent one).
      sentVersion = rng.pick([version + 1, version - 1, -1, 0x7fff]);
      frame = requestFrame(apiKey, sentVersion, correlationId, clientId, made.bytes);
      break;
    case 'trailing':
      frame = requestFrame(apiKey, version, correlationId, clientId, Buffer.concat([made.bytes, rng.bytes(rng.range(1, 16))]));
      break;
    case 'frame-size': {
      frame = requestFrame(apiKey, version, correlationId, clientId, made.bytes);
      // A size prefix smaller than the frame: the rest is read as the start of the next frame.
      frame.writeInt32BE(rng.range(0, Math.max(0, frame.length - 5)), 0);
      break;
    }
    case 'body': {
      const m = mutateBytesNamed(rng, made.bytes);
      kind = m.op;
      frame = requestFrame(apiKey, version, correlationId, clientId, m.bytes);
      break;
    }
    default:
      throw new Error(`no mutation ${kind}`);
  }
  return { apiKey, version: sentVersion, correlationId, frame, expectsResponse: !acks0, kind };
}

const POOL_CAP = 40;

function remember<T>(pool: T[], v: T, keep: number): void {
  if (pool.includes(v)) return;
  // The first `keep` entries are the fixed ones; learned ones replace each other.
  if (pool.length >= POOL_CAP) pool.splice(keep + (pool.length % (POOL_CAP - keep)), 1);
  pool.push(v);
}

/**
 * Feedback from the broker's answers: member ids, producer ids, epochs, topic ids, groups and
 * transactional ids it handed out go into the pools, so later requests (on any connection) carry
 * them and reach the paths behind "unknown member" and "unknown producer". `exclude` (the canary's
 * topic id) never enters.
 */
export function harvest(pools: Pools, v: unknown, exclude: ReadonlySet<string>, depth = 0): void {
  if (depth > 6 || v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return;
  if (Array.isArray(v)) {
    for (const x of v.slice(0, 20)) harvest(pools, x, exclude, depth + 1);
    return;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'object') harvest(pools, x, exclude, depth + 1);
    else if (k === 'memberId' && typeof x === 'string' && x !== '') remember(pools.memberIds, x, 3);
    else if (k === 'producerId' && typeof x === 'bigint' && x >= 0n) remember(pools.producerIds, x, 4);
    else if (k === 'topicId' && typeof x === 'string' && x !== ZERO_UUID && !exclude.has(x)) remember(pools.topicIds, x, 1);
    else if ((k === 'generationId' || k === 'memberEpoch' || k === 'producerEpoch' || k === 'groupEpoch') && typeof x === 'number' && x > 1) remember(pools.epochs, x, 3);
    else if (k === 'groupId' && typeof x === 'string' && x !== '') remember(pools.groups, x, 4);
    else if (k === 'transactionalId' && typeof x === 'string' && x !== '') remember(pools.transactionalIds, x, 3);
  }
}
