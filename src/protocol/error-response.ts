// Any request's error response, built from the specs (generated/api-schemas.ts), as Kafka's
// AbstractRequest.getErrorResponse builds it per request class: the response at its defaults with
// the error code (and message, where the version has one) at the top level, and every resource the
// request named echoed back with the same error (topics and their partitions, groups, resources,
// transactional ids...). A response array is paired with the request array of the same name, else
// with the one request array left unpaired at that level (Produce's topicData → responses); an
// element's key fields (name, topicId, partitionIndex, groupId...) are copied, a request array of
// plain values ([]string names, []int32 partitions) fills the response element's first field of that
// type. The places where Kafka's classes differ from that rule are listed in OVERRIDES, found by
// comparing the decoded answers with Apache Kafka 4.4's (test/reference/sasl-illegal-state.test.ts).
import { ZERO_UUID } from './codec/uuid.js';
import { javaHashOrder, javaStringHash } from '../shared/java-hash.js';
import { API_SCHEMAS, type ApiSchema, type ApiSchemaField } from './generated/api-schemas.js';

type Obj = Record<string, unknown>;

const PRIMITIVE = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'records', 'uuid']);

/** Request field names that carry the same key as a response field of another name. */
const KEY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  partitionIndex: ['partition', 'index', 'partitionId'],
  index: ['partitionIndex', 'partition'],
  name: ['topic', 'topicName'],
  topic: ['name', 'topicName'],
  topicName: ['name', 'topic'],
};

interface Override {
  /** Kafka answers no response at all (the connection closes): Produce with acks=0. */
  readonly none?: (req: Obj) => boolean;
  /** The request as Kafka's class walks it (Produce: its partitions in a HashMap's order). */
  readonly walk?: (req: Obj) => Obj;
  /** The message: Errors' own text for the code (FindCoordinator), or none, instead of the exception's. */
  readonly message?: 'generic' | 'none';
  /** Kafka's values for top-level fields whose spec default differs, by version. */
  readonly topValues?: (version: number) => Readonly<Record<string, unknown>>;
  /** Request arrays Kafka's class does not echo in this version (OffsetFetch v2+'s topics). */
  readonly noEcho?: (version: number, field: string) => boolean;
  /** Response arrays that echo a request array the generic rule cannot pair (CreateAcls' results ← creations). */
  readonly pairs?: Readonly<Record<string, string>>;
  /** Kafka's values that need the request, the error or the session (AlterUserScramCredentials' users). */
  readonly finish?: (res: Obj, req: Obj, b: { version: number; errorCode: number; message: string | null; principal: string }) => void;
  /** Response arrays left empty in these versions (Fetch v13+: only the top-level error). */
  readonly emptyArrays?: (version: number) => boolean;
  /** Kafka's values for fields whose spec default differs (INVALID_OFFSET, NO_TIMESTAMP...). */
  readonly elementValues?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Top-level request fields Kafka copies into the response. */
  readonly copyTop?: readonly string[];
}

const OVERRIDES: Readonly<Record<number, Override>> = {
  // ProduceRequest.getErrorResponse: null for acks=0; the partitions of its partitionSizes() HashMap
  // (keyed by TopicIdPartition) in that map's order; INVALID_OFFSET and NO_TIMESTAMP per partition.
  0: {
    none: (req) => req['acks'] === 0,
    walk: produceInHashOrder,
    elementValues: { PartitionProduceResponse: { baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n } },
  },
  // FetchRequest.getErrorResponse: partitions only before v13, with INVALID_HIGH_WATERMARK; the session id kept.
  1: {
    emptyArrays: (v) => v >= 13,
    elementValues: { PartitionData: { highWatermark: -1n, lastStableOffset: -1n, logStartOffset: -1n, abortedTransactions: [], records: Buffer.alloc(0) } },
    copyTop: ['sessionId'],
  },
  // OffsetFetchRequest.getErrorResponse: per partition only before v2, then the (group's) error alone.
  9: { noEcho: (v, field) => v >= 2 && field === 'topics', elementValues: { OffsetFetchResponsePartition: { committedOffset: -1n }, OffsetFetchResponsePartitions: { committedOffset: -1n } } },
  // JoinGroupRequest.getErrorResponse: no protocol name (null from v7), no members.
  11: { topValues: (v) => (v >= 7 ? { protocolName: null } : {}) },
  // LeaveGroupRequest.getErrorResponse: the error alone.
  13: { noEcho: () => true },
  // CreateTopicsRequest.getErrorResponse: no partitions, replication or config error.
  19: { elementValues: { CreatableTopicResult: { topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1 } } },
  // DeleteTopicsRequest.getErrorResponse: the code without a message.
  20: { message: 'none' },
  // DeleteRecordsRequest.getErrorResponse: INVALID_LOW_WATERMARK.
  21: { elementValues: { DeleteRecordsPartitionResult: { lowWatermark: -1n } } },
  // InitProducerIdRequest.getErrorResponse: NO_PRODUCER_ID and NO_PRODUCER_EPOCH.
  22: { topValues: () => ({ producerId: -1n, producerEpoch: -1 }) },
  // DescribeConfigsRequest.getErrorResponse: Errors' own text.
  32: { message: 'generic' },
  // OffsetsForLeaderEpochRequest.getErrorResponse: UNDEFINED_EPOCH and UNDEFINED_EPOCH_OFFSET.
  23: { elementValues: { EpochEndOffset: { leaderEpoch: -1, endOffset: -1n } } },
  // CreateAcls/DeleteAcls: one result per creation / filter.
  30: { pairs: { results: 'creations' } },
  31: { pairs: { filterResults: 'filters' } },
  // CreateDelegationTokenRequest.getErrorResponse: the requesting principal as owner and requester, no timestamps.
  38: {
    topValues: () => ({ issueTimestampMs: -1n, expiryTimestampMs: -1n, maxTimestampMs: -1n }),
    finish: (res, _req, b) => {
      const i = b.principal.indexOf(':');
      const [type, name] = i < 0 ? ['User', b.principal] : [b.principal.slice(0, i), b.principal.slice(i + 1)];
      Object.assign(res, { principalType: type, principalName: name });
      if (b.version >= 3) Object.assign(res, { tokenRequesterPrincipalType: type, tokenRequesterPrincipalName: name });
    },
  },
  // OffsetDeleteRequest.getErrorResponse: the error alone.
  47: { noEcho: () => true },
  // DescribeClientQuotasRequest.getErrorResponse: null entries.
  48: { topValues: () => ({ entries: null }) },
  // AlterClientQuotasRequest.getErrorResponse: Errors' own text per entity.
  49: { message: 'generic' },
  // DescribeUserScramCredentialsRequest.getErrorResponse: a result per user asked, its name left empty.
  50: { pairs: { results: 'users' }, elementValues: { DescribeUserScramCredentialsResult: { user: '' } } },
  // AlterUserScramCredentialsRequest.getErrorResponse: a result per user of the deletions and upsertions (a HashSet).
  51: {
    finish: (res, req, b) => {
      const names = [...new Set([...((req['deletions'] as Obj[] | undefined) ?? []), ...((req['upsertions'] as Obj[] | undefined) ?? [])].map((x) => String(x['name'])))];
      res['results'] = javaHashOrder(names, javaStringHash).map((user) => ({ user, errorCode: b.errorCode, errorMessage: b.message }));
    },
  },
  // DescribeProducers, ConsumerGroupHeartbeat, ConsumerGroupDescribe: the code without a message.
  61: { message: 'none' },
  68: { message: 'none' },
  69: { message: 'none' },
  // FindCoordinatorRequest.getErrorResponse: Node.noNode() (-1, "", -1) and Errors' message.
  10: { message: 'generic', topValues: () => ({ nodeId: -1, port: -1 }), elementValues: { Coordinator: { nodeId: -1, port: -1 } } },
};

/** Uuid.hashCode() of a base64url topic id: the two halves' XOR, folded to 32 bits. */
function uuidHash(id: unknown): number {
  const b = Buffer.from(typeof id === 'string' ? id : '', 'base64url');
  if (b.length !== 16) return 0;
  const x = b.readBigInt64BE(0) ^ b.readBigInt64BE(8);
  return Number(BigInt.asIntN(32, x >> 32n)) ^ Number(BigInt.asIntN(32, x));
}

/** ProduceRequest.partitionSizes() order: a HashMap of TopicIdPartition, each topic where its first partition lands. */
function produceInHashOrder(req: Obj): Obj {
  const entries: { topic: Obj; partition: Obj }[] = [];
  for (const topic of (req['topicData'] as Obj[] | undefined) ?? []) for (const partition of (topic['partitionData'] as Obj[] | undefined) ?? []) entries.push({ topic, partition });
  const hash = ({ topic, partition }: { topic: Obj; partition: Obj }): number => {
    // TopicPartition: 31 * (31 + partition) + topic.hashCode(); TopicIdPartition: 31 * (31 + topicId.hashCode()) + that.
    const tp = (Math.imul(31, 31 + Number(partition['index'])) + javaStringHash(typeof topic['name'] === 'string' ? topic['name'] : '')) | 0;
    return (Math.imul(31, (31 + uuidHash(topic['topicId'])) | 0) + tp) | 0;
  };
  const topics: Obj[] = [];
  const byKey = new Map<string, Obj>();
  for (const { topic, partition } of javaHashOrder(entries, hash)) {
    const key = `${String(topic['name'])}\u0000${String(topic['topicId'])}`;
    let t = byKey.get(key);
    if (t === undefined) {
      t = { ...topic, partitionData: [] };
      byKey.set(key, t);
      topics.push(t);
    }
    (t['partitionData'] as Obj[]).push(partition);
  }
  return { ...req, topicData: topics };
}

let byKey: Map<number, { request: ApiSchema; response: ApiSchema }> | undefined;

function schemasOf(apiKey: number): { request: ApiSchema; response: ApiSchema } | undefined {
  if (byKey === undefined) {
    const m = new Map<number, { request?: ApiSchema; response?: ApiSchema }>();
    for (const s of API_SCHEMAS) {
      const e = m.get(s.apiKey) ?? {};
      e[s.type] = s;
      m.set(s.apiKey, e);
    }
    byKey = new Map();
    for (const [k, e] of m) if (e.request !== undefined && e.response !== undefined) byKey.set(k, { request: e.request, response: e.response });
  }
  return byKey.get(apiKey);
}

function inRange(r: readonly [number, number] | null | undefined, v: number): boolean {
  return r !== null && r !== undefined && v >= r[0] && v <= r[1];
}

function fieldsOf(s: ApiSchema, struct: string): readonly ApiSchemaField[] {
  const f = s.structs[struct];
  if (f === undefined) throw new Error(`${s.name}: no struct ${struct}`);
  return f;
}

/** A field's default, as the generated default functions give it. */
function defaultValue(s: ApiSchema, f: ApiSchemaField): unknown {
  const d = f.default;
  if (f.type.startsWith('[]')) return d === null ? null : [];
  switch (f.type) {
    case 'bool':
      return d ?? false;
    case 'int64':
      return BigInt((d as string | undefined) ?? '0');
    case 'string':
      return d === undefined ? '' : d;
    case 'bytes':
    case 'records':
      return d === null ? null : Buffer.alloc(0);
    case 'uuid':
      return ZERO_UUID;
    default:
      if (PRIMITIVE.has(f.type)) return d ?? 0;
      return d === null ? null : defaultStruct(s, f.type);
  }
}

function defaultStruct(s: ApiSchema, struct: string): Obj {
  const out: Obj = {};
  for (const f of fieldsOf(s, struct)) out[f.name] = defaultValue(s, f);
  return out;
}

const isErrorCode = (f: ApiSchemaField): boolean => f.type === 'int16' && /(^e|E)rrorCode$/.test(f.name);
const isErrorMessage = (f: ApiSchemaField): boolean => f.type === 'string' && /(^e|E)rrorMessage$/.test(f.name);
const isStructArray = (f: ApiSchemaField): boolean => f.type.startsWith('[]') && !PRIMITIVE.has(f.type.slice(2));

interface Build {
  readonly version: number;
  readonly req: ApiSchema;
  readonly res: ApiSchema;
  readonly errorCode: number;
  readonly message: string | null;
  readonly override: Override;
}

/** What the caller knows of the failure: the exception's message, and Errors' text for the code. */
export interface ErrorText {
  readonly message: string | null;
  readonly generic: string | null;
  /** The session's principal (CreateDelegationToken names it); User:ANONYMOUS when absent. */
  readonly principal?: string;
}

/** Pairs each response array of struct with the request array it echoes (or none). */
function pairArrays(b: Build, resFields: readonly ApiSchemaField[], reqFields: readonly ApiSchemaField[]): Map<string, ApiSchemaField> {
  const resArrays = resFields.filter((f) => inRange(f.versions, b.version) && isStructArray(f));
  const reqArrays = reqFields.filter((f) => inRange(f.versions, b.version) && f.type.startsWith('[]'));
  const pairs = new Map<string, ApiSchemaField>();
  const used = new Set<string>();
  for (const f of resArrays) {
    const named = b.override.pairs?.[f.name];
    const same = reqArrays.find((r) => r.name === (named ?? f.name));
    if (same !== undefined) {
      pairs.set(f.name, same);
      used.add(same.name);
    }
  }
  // Otherwise only a request array naming the same kind of resource: its elements share a key with
  // the response's (JoinGroup's protocols are not its members), or are plain names or numbers.
  for (const f of resArrays) {
    if (pairs.has(f.name)) continue;
    let candidates = reqArrays.filter((r) => !used.has(r.name) && sharesKey(b, f.type.slice(2), r.type.slice(2)));
    // Fetch's topics beside forgottenTopicsData: the one whose elements hold a struct array.
    if (candidates.length > 1) candidates = candidates.filter((r) => isStructArray(r) && fieldsOf(b.req, r.type.slice(2)).some((x) => inRange(x.versions, b.version) && isStructArray(x)));
    const only = candidates.length === 1 ? candidates[0] : undefined;
    if (only !== undefined) {
      pairs.set(f.name, only);
      used.add(only.name);
    }
  }
  return pairs;
}

const KEY_TYPES = new Set(['string', 'int32', 'int64', 'uuid', 'int8']);

function sharesKey(b: Build, resElem: string, reqElem: string): boolean {
  const res = fieldsOf(b.res, resElem).filter((f) => inRange(f.versions, b.version) && KEY_TYPES.has(f.type) && !isErrorMessage(f));
  if (PRIMITIVE.has(reqElem)) return res.some((f) => f.type === reqElem);
  const req = fieldsOf(b.req, reqElem).filter((f) => inRange(f.versions, b.version));
  return res.some((f) => [f.name, ...(KEY_ALIASES[f.name] ?? [])].some((n) => req.some((r) => r.name === n && r.type === f.type)));
}

/** Fills one response struct from the request struct it answers. */
function fill(b: Build, resStruct: string, reqStruct: string | null, reqValue: unknown, top: boolean): Obj {
  const out = defaultStruct(b.res, resStruct);
  const resFields = fieldsOf(b.res, resStruct);
  const reqFields = reqStruct === null ? [] : fieldsOf(b.req, reqStruct);
  const reqObj = reqStruct === null ? undefined : (reqValue as Obj);
  const pairs = pairArrays(b, resFields, reqFields);
  for (const f of resFields) {
    if (!inRange(f.versions, b.version)) continue;
    if (isErrorCode(f)) {
      out[f.name] = b.errorCode;
      continue;
    }
    if (isErrorMessage(f)) {
      out[f.name] = b.message;
      continue;
    }
    if (isStructArray(f)) {
      const src = pairs.get(f.name);
      if (src === undefined || b.override.emptyArrays?.(b.version) === true || b.override.noEcho?.(b.version, f.name) === true) continue;
      const items = reqObj?.[src.name];
      if (!Array.isArray(items)) continue;
      const elem = f.type.slice(2);
      const srcElem = src.type.slice(2);
      out[f.name] = items.map((item: unknown) => (PRIMITIVE.has(srcElem) ? fillFromValue(b, elem, srcElem, item) : fill(b, elem, srcElem, item, false)));
      continue;
    }
    if (reqObj === undefined || (top && b.override.copyTop?.includes(f.name) !== true)) continue;
    if (top) {
      out[f.name] = reqObj[f.name];
      continue;
    }
    // A key of the resource: the same name and type in the request element, or a known alias.
    for (const name of [f.name, ...(KEY_ALIASES[f.name] ?? [])]) {
      const r = reqFields.find((x) => x.name === name && x.type === f.type && inRange(x.versions, b.version));
      if (r !== undefined) {
        out[f.name] = reqObj[r.name];
        break;
      }
    }
  }
  const fixed = top ? b.override.topValues?.(b.version) : b.override.elementValues?.[resStruct];
  if (fixed !== undefined) for (const [k, v] of Object.entries(fixed)) if (k in out) out[k] = v;
  return out;
}

/** A response element for a plain request value: it fills the element's first field of that type. */
function fillFromValue(b: Build, resStruct: string, type: string, value: unknown): Obj {
  const out = fill(b, resStruct, null, undefined, false);
  const key = fieldsOf(b.res, resStruct).find((f) => inRange(f.versions, b.version) && f.type === type && !isErrorCode(f) && !isErrorMessage(f));
  if (key !== undefined) out[key.name] = value;
  return out;
}

/**
 * The response Kafka answers `request` (decoded at `version`) with when it fails as a whole with
 * `errorCode`; null when Kafka sends none (Produce acks=0). Throws for an unknown API key.
 */
export function errorResponse(apiKey: number, version: number, request: unknown, errorCode: number, text: ErrorText): unknown {
  const s = schemasOf(apiKey);
  if (s === undefined) throw new Error(`no spec for API key ${apiKey}`);
  const override = OVERRIDES[apiKey] ?? {};
  let req = request as Obj;
  if (override.none?.(req) === true) return null;
  if (override.walk !== undefined) req = override.walk(req);
  const message = override.message === 'generic' ? text.generic : override.message === 'none' ? null : text.message;
  const b: Build = { version, req: s.request, res: s.response, errorCode, message, override };
  const res = fill(b, s.response.name, s.request.name, req, true);
  override.finish?.(res, req, { version, errorCode, message, principal: text.principal ?? 'User:ANONYMOUS' });
  return res;
}
