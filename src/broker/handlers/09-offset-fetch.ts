// OffsetFetch: v1–9 (flexible from v6). v0 (ZooKeeper offsets) was removed in Kafka 4.0.
// Behaviour: committed offsets from the coordinator. A partition without a commit (or an unknown
// group) answers offset -1, leader epoch -1, metadata "" and error 0. Null topics mean every
// partition the group has committed (nothing, for an unknown group).
// Version notes: v2 top-level error and null topics, v5 committed leader epoch, v7 requireStable
// (no pending transactional offsets are kept, so never UNSTABLE_OFFSET_COMMIT), v8 several groups
// per request, v9 member id/epoch (KIP-848; ignored for classic groups). v1 has no top-level error
// field, so a group-level error is reported on every partition.
// Gaps: none known.
import { decodeOffsetFetchRequest, OffsetFetchRequestVersions, type OffsetFetchRequest } from '../../protocol/generated/messages/offset-fetch-request.js';
import { defaultOffsetFetchResponse, encodeOffsetFetchResponse, type OffsetFetchResponse } from '../../protocol/generated/messages/offset-fetch-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { defineHandler } from './types.js';

export default defineHandler<OffsetFetchRequest, OffsetFetchResponse>({
  apiKey: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 9,
  flexibleMin: OffsetFetchRequestVersions.flexibleMin,
  decode: decodeOffsetFetchRequest,
  encode: encodeOffsetFetchResponse,
  handle(req, ctx) {
    const groups = ctx.broker.groups;
    if (ctx.apiVersion >= 8) {
      return {
        ...defaultOffsetFetchResponse(),
        groups: req.groups.map((g) => {
          const r = groups.fetchOffsets(g.groupId, g.topics);
          return { groupId: g.groupId, errorCode: r.errorCode, topics: r.topics };
        }),
      };
    }
    const r = groups.fetchOffsets(req.groupId, req.topics);
    if (ctx.apiVersion < 2 && r.errorCode !== ErrorCode.NONE) {
      const topics = (req.topics ?? []).map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: r.errorCode })),
      }));
      return { ...defaultOffsetFetchResponse(), topics };
    }
    return { ...defaultOffsetFetchResponse(), errorCode: r.errorCode, topics: r.topics };
  },
});
