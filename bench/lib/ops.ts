// Typed Kafka requests over WireClient, built from our generated codecs.
import { decodeFetchResponse, type FetchResponse } from '../../src/protocol/generated/messages/fetch-response.js';
import { defaultFetchRequest, encodeFetchRequest, FetchRequestVersions } from '../../src/protocol/generated/messages/fetch-request.js';
import { defaultListOffsetsRequest, encodeListOffsetsRequest, ListOffsetsRequestVersions } from '../../src/protocol/generated/messages/list-offsets-request.js';
import { decodeListOffsetsResponse } from '../../src/protocol/generated/messages/list-offsets-response.js';
import { defaultMetadataRequest, encodeMetadataRequest, MetadataRequestVersions } from '../../src/protocol/generated/messages/metadata-request.js';
import { decodeMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { encodeProduceRequest, ProduceRequestVersions, type ProduceRequest } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';
import { WireClient } from './wire.js';

export const PRODUCE_VERSION = 9;
export const FETCH_VERSION = 12;
const METADATA_VERSION = 9;
const LIST_OFFSETS_VERSION = 7;
/** Kafka's error code for a topic the broker is still creating. */
const LEADER_NOT_AVAILABLE = 5;
/** Apache Kafka answers it for a moment while its controller creates an auto-created topic. */
const UNKNOWN_TOPIC_OR_PARTITION = 3;

/** Auto-creates `topic` through Metadata (the broker's default auto.create.topics.enable) and waits until it has leaders. */
export async function ensureTopic(client: WireClient, topic: string): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const r = await client.request(MetadataRequestVersions, METADATA_VERSION, (w) =>
      encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: [{ topicId: ZERO_UUID, name: topic }], allowAutoTopicCreation: true }, METADATA_VERSION),
    );
    const res = decodeMetadataResponse(r, METADATA_VERSION);
    const t = res.topics[0];
    if (t === undefined) throw new Error(`metadata for ${topic}: no topic in the response`);
    if (t.errorCode === 0 && t.partitions.length > 0) return t.partitions.length;
    if (t.errorCode !== LEADER_NOT_AVAILABLE && t.errorCode !== UNKNOWN_TOPIC_OR_PARTITION && t.errorCode !== 0) throw new Error(`metadata for ${topic}: error ${t.errorCode}`);
    await new Promise((r2) => setTimeout(r2, t.errorCode === 0 ? 20 : 100));
  }
  throw new Error(`topic ${topic} never became available`);
}

/** ensureTopic over a connection of its own to the broker at 127.0.0.1:`port`. */
export async function ensureTopicAt(port: number, topic: string): Promise<number> {
  const c = await WireClient.connect(port);
  try {
    return await ensureTopic(c, topic);
  } finally {
    c.close();
  }
}

export interface ProduceResult {
  errorCode: number;
  baseOffset: bigint;
}

/** One Produce request with one batch for one partition; resolves with that partition's result. */
export async function produceOne(client: WireClient, topic: string, partition: number, batch: Buffer, acks = 1): Promise<ProduceResult> {
  const req: ProduceRequest = {
    transactionalId: null,
    acks,
    timeoutMs: 30_000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }],
  };
  const r = await client.request(ProduceRequestVersions, PRODUCE_VERSION, (w) => encodeProduceRequest(w, req, PRODUCE_VERSION));
  const res = decodeProduceResponse(r, PRODUCE_VERSION);
  const p = res.responses[0]?.partitionResponses[0];
  if (p === undefined) throw new Error('produce response without a partition');
  return { errorCode: p.errorCode, baseOffset: p.baseOffset };
}

export interface FetchParams {
  topic: string;
  partition: number;
  offset: bigint;
  maxBytes: number;
  partitionMaxBytes: number;
  maxWaitMs: number;
  minBytes: number;
}

export async function fetchOne(client: WireClient, p: FetchParams): Promise<FetchResponse> {
  const req = {
    ...defaultFetchRequest(),
    replicaId: -1,
    maxWaitMs: p.maxWaitMs,
    minBytes: p.minBytes,
    maxBytes: p.maxBytes,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic: p.topic,
        topicId: ZERO_UUID,
        partitions: [
          { partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: p.partitionMaxBytes, replicaDirectoryId: ZERO_UUID },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
  const r = await client.request(FetchRequestVersions, FETCH_VERSION, (w) => encodeFetchRequest(w, req, FETCH_VERSION));
  return decodeFetchResponse(r, FETCH_VERSION);
}

/** The partition's log end offset (ListOffsets with timestamp -1). */
export async function latestOffset(client: WireClient, topic: string, partition: number): Promise<bigint> {
  const req = {
    ...defaultListOffsetsRequest(),
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: -1n, maxNumOffsets: 1 }] }],
  };
  const r = await client.request(ListOffsetsRequestVersions, LIST_OFFSETS_VERSION, (w) => encodeListOffsetsRequest(w, req, LIST_OFFSETS_VERSION));
  const res = decodeListOffsetsResponse(r, LIST_OFFSETS_VERSION);
  const p = res.topics[0]?.partitions[0];
  if (p === undefined) throw new Error('list offsets response without a partition');
  if (p.errorCode !== 0) throw new Error(`list offsets ${topic}-${partition}: error ${p.errorCode}`);
  return p.offset;
}

/** Offset after the last whole batch in a fetched records blob (v2 batches: baseOffset + lastOffsetDelta + 1). */
export function nextOffsetAfter(records: Buffer, fallback: bigint): { next: bigint; batches: number } {
  let pos = 0;
  let next = fallback;
  let batches = 0;
  while (records.length - pos >= 61) {
    const size = 12 + records.readInt32BE(pos + 8);
    if (records.length - pos < size) break; // a partial batch at the end of a size-limited read
    next = records.readBigInt64BE(pos) + BigInt(records.readInt32BE(pos + 23)) + 1n;
    batches++;
    pos += size;
  }
  return { next, batches };
}
