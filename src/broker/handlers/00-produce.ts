// Produce: v0–11 (flexible from v9).
// Behaviour: from v3 each partition's records must be exactly one v2 batch, checked on the Buffer slice
// (CRC, magic, sizes, counts) without decoding records; the broker stamps baseOffset and leader
// epoch in place, and stores the producer's bytes as they are. LogAppendTime topics get the
// broker time and a recomputed CRC. acks=1 and acks=-1 answer after the append (a single node
// is the whole ISR); acks=0 gets no response, and an error then closes the connection.
// v0–2 carry magic 0/1 message sets (a v2 batch is accepted too): they are checked and up-converted
// to one v2 batch as Kafka's LogValidator does (protocol/records/legacy.ts: offsets reassigned,
// magic-1 timestamps kept, magic 0 gets NO_TIMESTAMP, the wrapper's codec kept), then appended like
// any other batch. Kafka 4.0 refuses them (UNSUPPORTED_VERSION) and 3.9 serves them; we serve them.
// A compacted topic refuses a batch holding a record without a key (INVALID_RECORD, one recordErrors
// entry per keyless record and Kafka's errorMessage, as LogValidator.validateKey does; KIP-467).
// Client quotas (quotas/): the record bytes and handling time are measured against the caller's
// producer_byte_rate and request_percentage; over quota, throttle_time_ms says for how long the
// connection is muted after this response (KIP-219). No quota configured: none of this runs.
// A write the file system refuses (disk full) fails that partition alone with KAFKA_STORAGE_ERROR,
// without a message and with log start -1 (ReplicaManager's answer to a KafkaStorageException); the
// log is left as it was and the next produce tries again (broker/log/partition-log.ts).
// Version notes: v1 throttle time, v2 log append time, v3 transactional id, v5 log start offset, v8 record errors + error message.
// Batches with a producer id go through broker.txn: transaction verification (a transactional
// batch for a partition not added to the transaction gets INVALID_TXN_STATE, TRANSACTION_ABORTABLE
// from v11), then the sequence/epoch checks; a retried duplicate answers its original offsets.
// The connection reuses a big request frame's memory once this handler returns (synchronously):
// nothing here may keep a slice of the request past that.
import { decodeProduceRequest, type ProduceRequest } from '../../protocol/generated/messages/produce-request.js';
import {
  defaultBatchIndexAndErrorMessage,
  defaultPartitionProduceResponse,
  defaultProduceResponse,
  encodeProduceResponse,
  type BatchIndexAndErrorMessage,
  type PartitionProduceResponse,
  type ProduceResponse,
} from '../../protocol/generated/messages/produce-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { decodeRecordBatch } from '../../protocol/records/batch.js';
import { MAGIC } from '../../protocol/records/batch-header.js';
import { RecordsError } from '../../protocol/records/errors.js';
import { upConvertMessageSet } from '../../protocol/records/legacy.js';
import { type ValidatedBatch, validateProducedBatches } from '../../protocol/records/validate.js';
import { failedProduceCounted, type TopicStats } from '../metrics/counters.js';
import { hasCompactPolicy } from '../log/config.js';
import { LogError } from '../log/errors.js';
import type { PartitionState } from '../metadata/topics.js';
import { forEachRecordMeta } from '../log/record-walk.js';
import { throttle } from '../quotas/throttle.js';
import { produceDenials } from '../security/authorize-requests.js';
import { NO_RESPONSE, type RequestContext, defineHandler } from './types.js';

/** Errors ReplicaManager answers with the unknown log start offset (-1). */
const NO_LOG_START: ReadonlySet<number> = new Set([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.MESSAGE_TOO_LARGE, ErrorCode.RECORD_LIST_TOO_LARGE, ErrorCode.CORRUPT_MESSAGE, ErrorCode.KAFKA_STORAGE_ERROR, ErrorCode.UNKNOWN_TOPIC_ID]);

function partitionError(index: number, errorCode: number, errorMessage: string | null = null): PartitionProduceResponse {
  return { ...defaultPartitionProduceResponse(), index, errorCode, baseOffset: -1n, errorMessage };
}

/**
 * LogValidator.validateKey for a compacted topic: every record without a key is a RecordError
 * (batchIndex = its index in the batch), and any of them refuses the whole batch with INVALID_RECORD
 * and Kafka's processRecordErrors message (the first three errors shown). Keys are checked by walking
 * the record lengths (record-walk.ts), without decoding values or headers; a batch whose records do
 * not walk is refused with the decoder's error. Null when every record has a key.
 */
function keylessRecordErrors(batch: Buffer, topicPartition: string): PartitionProduceResponse | null {
  const message = `Compacted topic cannot accept message without key in topic partition ${topicPartition}`;
  const recordErrors: BatchIndexAndErrorMessage[] = [];
  const readable = forEachRecordMeta(batch, (r) => {
    if (r.nullKey) recordErrors.push({ ...defaultBatchIndexAndErrorMessage(), batchIndex: r.index, batchIndexErrorMessage: message });
  });
  if (!readable) return undecodableRecords(batch);
  if (recordErrors.length === 0) return null;
  const shown = recordErrors.slice(0, 3).map((e) => `RecordError(batchIndex=${e.batchIndex}, message='${message}')`);
  const errorMessage = `One or more records have been rejected due to ${recordErrors.length} record errors in total, and only showing the first three errors at most: [${shown.join(', ')}]`;
  return { ...partitionError(0, ErrorCode.INVALID_RECORD, errorMessage), recordErrors };
}

/** The full decoder's error for records the walker could not read. */
function undecodableRecords(batch: Buffer): PartitionProduceResponse {
  try {
    decodeRecordBatch(batch, { verifyCrc: false });
  } catch (err) {
    if (err instanceof RecordsError) return partitionError(0, err.code, err.message);
    throw err;
  }
  return partitionError(0, ErrorCode.CORRUPT_MESSAGE, 'Record batch could not be read');
}

/** BrokerTopicMetrics' MessagesIn and BytesIn of an appended batch, for the topic and all topics. */
function countIn(topic: TopicStats, all: TopicStats, batch: ValidatedBatch): void {
  topic.messagesIn += batch.count;
  topic.bytesIn += batch.sizeBytes;
  all.messagesIn += batch.count;
  all.bytesIn += batch.sizeBytes;
}

/** Appends one validated batch (through the producer-state checks when it has a producer id). */
function appendChecked(ctx: RequestContext, partition: PartitionState, checked: ValidatedBatch, transactionalId: string | null, index: number): PartitionProduceResponse {
  const { broker } = ctx;
  const log = partition.log;
  if (checked.producerId >= 0n) {
    const out = broker.txn.appendProduced(partition, checked, transactionalId, ctx.apiVersion, {});
    // As ReplicaManager: a producer-state error from the log (sequence, epoch) carries no message and
    // the log start offset; a failed transaction verification and the "not here" errors carry -1.
    if (out.errorCode !== 0) return { ...partitionError(index, out.errorCode), logStartOffset: out.unverified === true || NO_LOG_START.has(out.errorCode) ? -1n : BigInt(log.logStartOffset) };
    return {
      ...defaultPartitionProduceResponse(),
      index,
      errorCode: 0,
      baseOffset: BigInt(out.baseOffset),
      logAppendTimeMs: BigInt(out.logAppendTime),
      logStartOffset: BigInt(log.logStartOffset),
    };
  }
  // Loading producer state here, while the log is young, keeps later fetches from replaying it.
  broker.txn.producers.get(log);
  const res = log.append(checked);
  return {
    ...defaultPartitionProduceResponse(),
    index,
    errorCode: 0,
    baseOffset: BigInt(res.baseOffset),
    logAppendTimeMs: BigInt(res.logAppendTime),
    logStartOffset: BigInt(log.logStartOffset),
  };
}

export default defineHandler<ProduceRequest, ProduceResponse>({
  apiKey: 0,
  minVersion: 0,
  maxVersion: 11,
  decode: decodeProduceRequest,
  encode: encodeProduceResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    // Client quotas cost nothing until one is configured.
    const quotaStart = broker.quotas.active ? performance.now() : -1;
    let anyError = false;
    const validAcks = req.acks === -1 || req.acks === 0 || req.acks === 1;
    // Authorisation comes first (KafkaApis): a denied transactional id fails every partition.
    const denied = produceDenials(ctx, req.transactionalId, req.topicData);
    const responses = req.topicData.map((td) => {
      const topic = broker.topics.get(td.name);
      if (topic !== undefined) {
        topic.stats.totalProduceRequests += td.partitionData.length;
        broker.allTopicStats.totalProduceRequests += td.partitionData.length;
      }
      const refused = denied === null ? 0 : denied.transactionalIdDenied ? ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED : denied.topics?.has(td.name) === true ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : 0;
      // What ReplicaManager.appendToLocalLog does for one partition past authorisation.
      const appendOne = (pd: (typeof td.partitionData)[number]): PartitionProduceResponse => {
        const partition = topic?.partitions[pd.index];
        if (topic === undefined || partition === undefined) return partitionError(pd.index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        if (topic.internal) return partitionError(pd.index, ErrorCode.INVALID_TOPIC_EXCEPTION, `Cannot append to internal topic ${topic.name}`);
        const log = partition.log;
        if (pd.records === null) return partitionError(pd.index, ErrorCode.INVALID_RECORD, 'Produce request has no records');
        let records = pd.records;
        if (ctx.apiVersion < 3 && !(records.length > MAGIC && records.readInt8(MAGIC) === 2)) {
          const up = upConvertMessageSet(records, { maxMessageBytes: log.config.maxMessageBytes, requireKeys: hasCompactPolicy(log.config.cleanupPolicy) });
          if (!up.ok) return partitionError(pd.index, up.errorCode, up.message);
          // No complete message: Kafka appends nothing and answers offset -1 without an error.
          if (up.batch === null) return { ...partitionError(pd.index, 0), logStartOffset: BigInt(log.logStartOffset) };
          records = up.batch;
        }
        const checked = validateProducedBatches(records, { maxMessageBytes: log.config.maxMessageBytes, produceVersion: ctx.apiVersion });
        // Kafka's errorMessage is set only for record validation errors (RecordValidationException).
        if (!checked.ok) return partitionError(pd.index, checked.errorCode, checked.errorCode === ErrorCode.INVALID_RECORD ? checked.message : null);
        // An up-converted message set had its keys checked by upConvertMessageSet already.
        if (hasCompactPolicy(log.config.cleanupPolicy) && records === pd.records) {
          const refused = keylessRecordErrors(checked.batch, `${td.name}-${pd.index}`);
          if (refused !== null) return { ...refused, index: pd.index, logStartOffset: BigInt(log.logStartOffset) };
        }
        // The log stamps the leader epoch, decides LogAppendTime and wakes parked fetches (PartitionLog.append).
        // A failed write (disk full: KAFKA_STORAGE_ERROR) leaves the log as it was and fails this partition
        // alone, without a message and with log start -1, as ReplicaManager answers a KafkaStorageException.
        try {
          const out = appendChecked(ctx, partition, checked, req.transactionalId, pd.index);
          if (out.errorCode === 0) countIn(topic.stats, broker.allTopicStats, checked);
          return out;
        } catch (err) {
          if (!(err instanceof LogError)) throw err;
          return { ...partitionError(pd.index, err.kafkaErrorCode), logStartOffset: NO_LOG_START.has(err.kafkaErrorCode) ? -1n : BigInt(log.logStartOffset) };
        }
      };
      return {
        name: td.name,
        partitionResponses: td.partitionData.map((pd): PartitionProduceResponse => {
          if (refused !== 0) return partitionError(pd.index, refused);
          if (!validAcks) return partitionError(pd.index, ErrorCode.INVALID_REQUIRED_ACKS);
          const r = appendOne(pd);
          if (topic !== undefined && failedProduceCounted(r.errorCode)) {
            topic.stats.failedProduceRequests++;
            broker.allTopicStats.failedProduceRequests++;
          }
          return r;
        }),
      };
    });
    let throttleTimeMs = 0;
    if (quotaStart >= 0) {
      let bytes = 0;
      for (const td of req.topicData) for (const pd of td.partitionData) bytes += pd.records?.length ?? 0;
      throttleTimeMs = throttle(broker.quotas, 'produce', ctx, bytes, performance.now() - quotaStart, broker.clock.now());
    }
    if (req.acks === 0) {
      for (const t of responses) for (const p of t.partitionResponses) if (p.errorCode !== 0) anyError = true;
      if (anyError) ctx.closeConnection();
      return NO_RESPONSE;
    }
    return { ...defaultProduceResponse(), responses, throttleTimeMs };
  },
});
