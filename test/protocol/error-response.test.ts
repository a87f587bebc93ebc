// The generic error response (Kafka's AbstractRequest.getErrorResponse) built from the specs: every
// API at every version gives a response that encodes and decodes back, with the error at the top
// level and on every resource the request named, and Kafka's per-class differences.
import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/protocol/codec/reader.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { errorResponse } from '../../src/protocol/error-response.js';
import { API_SCHEMAS } from '../../src/protocol/generated/api-schemas.js';
import { apis } from '../../src/protocol/generated/index.js';

const E = ErrorCode.ILLEGAL_SASL_STATE;
const TEXT = { message: 'boom', generic: 'Request is not valid given the current SASL state.' };

function build(apiKey: number, version: number, fields: Record<string, unknown>): Record<string, unknown> {
  const req = { ...(apis.get(apiKey)?.request.create() as object), ...fields };
  return errorResponse(apiKey, version, req, E, TEXT) as Record<string, unknown>;
}

describe('errorResponse', () => {
  it('gives an encodable response for every API and version (Produce with acks=0: none, as Kafka)', () => {
    let count = 0;
    for (const [key, api] of apis) {
      for (let v = api.request.min; v <= api.request.max; v++) {
        const res = errorResponse(key, v, { ...(api.request.create() as object), acks: -1 }, E, TEXT);
        const w = new Writer(64);
        api.response.encode(w, res, v);
        const back = api.response.decode(new Reader(w.toBuffer()), v) as Record<string, unknown>;
        const top = API_SCHEMAS.find((m) => m.apiKey === key && m.type === 'response')?.structs[api.response.name]?.find((f) => f.name === 'errorCode');
        if (top?.versions != null && v >= top.versions[0] && v <= top.versions[1]) expect(back['errorCode'], `${api.name} v${v}`).toBe(E);
        count++;
      }
    }
    expect(count).toBeGreaterThan(300);
    expect(errorResponse(0, 9, { ...(apis.get(0)?.request.create() as object), acks: 0 }, E, TEXT)).toBeNull();
  });

  it('echoes Metadata topics with the error and no partitions', () => {
    const res = build(3, 12, { topics: [{ name: 'a', topicId: ZERO_UUID }] });
    expect(res['topics']).toEqual([{ errorCode: E, name: 'a', topicId: ZERO_UUID, isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 }]);
    expect(res['brokers']).toEqual([]);
    expect(build(3, 12, { topics: null })['topics']).toEqual([]);
  });

  it('Fetch: partitions with INVALID_HIGH_WATERMARK before v13, only the top-level error from v13; the session id kept', () => {
    const topics = [{ topic: 't', topicId: ZERO_UUID, partitions: [{ partition: 4 }] }];
    const v12 = build(1, 12, { sessionId: 7, topics, forgottenTopicsData: [{ topic: 'x', topicId: ZERO_UUID, partitions: [1] }] });
    expect(v12).toMatchObject({ errorCode: E, sessionId: 7, responses: [{ topic: 't', partitions: [{ partitionIndex: 4, errorCode: E, highWatermark: -1n, lastStableOffset: -1n, logStartOffset: -1n, abortedTransactions: [] }] }] });
    expect(build(1, 13, { sessionId: 7, topics })).toMatchObject({ errorCode: E, sessionId: 7, responses: [] });
  });

  it('plain names become the response elements (DescribeGroups, FindCoordinator v4); unrelated request arrays are not echoed (JoinGroup protocols)', () => {
    expect((build(15, 5, { groups: ['g1', 'g2'] })['groups'] as { groupId: string; errorCode: number }[]).map((g) => [g.groupId, g.errorCode])).toEqual([
      ['g1', E],
      ['g2', E],
    ]);
    // FindCoordinator: Node.noNode() and Errors' own text, as Kafka's class sets them.
    expect(build(10, 4, { coordinatorKeys: ['g'] })['coordinators']).toEqual([{ key: 'g', nodeId: -1, host: '', port: -1, errorCode: E, errorMessage: TEXT.generic }]);
    expect(build(10, 3, { key: 'g' })).toMatchObject({ errorCode: E, errorMessage: TEXT.generic, nodeId: -1, host: '', port: -1 });
    expect(build(11, 9, { protocols: [{ name: 'range', metadata: Buffer.alloc(0) }] })).toMatchObject({ errorCode: E, members: [], generationId: -1 });
  });

  it("Produce: the partitions in the order of Kafka's partitionSizes() HashMap (TopicIdPartition hash), each topic where its first partition lands", () => {
    const res = build(0, 9, { acks: -1, topicData: [{ name: 't', topicId: ZERO_UUID, partitionData: [{ index: 0 }, { index: 3 }] }, { name: 'u', topicId: ZERO_UUID, partitionData: [{ index: 1 }] }] });
    const order = (res['responses'] as { name: string; partitionResponses: { index: number }[] }[]).map((t) => [t.name, t.partitionResponses.map((p) => p.index)]);
    // Buckets (of 16): t-3 → 3, t-0 → 6, u-1 → 6 after it (Apache Kafka 4.4 answered t-0, t-3 as t-3, t-0).
    expect(order).toEqual([
      ['t', [3, 0]],
      ['u', [1]],
    ]);
  });

  it('CreateTopics and OffsetCommit echo every resource with the error and message', () => {
    expect(build(19, 7, { topics: [{ name: 't', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }] })['topics']).toMatchObject([{ name: 't', errorCode: E, errorMessage: 'boom' }]);
    expect(build(8, 9, { topics: [{ name: 't', partitions: [{ partitionIndex: 0 }, { partitionIndex: 1 }] }] })['topics']).toEqual([
      { name: 't', partitions: [{ partitionIndex: 0, errorCode: E }, { partitionIndex: 1, errorCode: E }] },
    ]);
  });
});
