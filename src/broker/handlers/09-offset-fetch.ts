// OffsetFetch: v0–9 (flexible from v6). v0 (ZooKeeper offsets in old Kafka; removed in 4.0) reads the
// same committed offsets as v1: there is no ZooKeeper here, and OffsetCommit v0 stores them here too.
// Behaviour: committed offsets from the coordinator. A partition without a commit (or an unknown
// group) answers offset -1, leader epoch -1, metadata "" and error 0. Null topics mean every
// partition the group has committed (nothing, for an unknown group).
// Version notes: v2 top-level error and null topics, v5 committed leader epoch, v7 requireStable
// (a partition with a transactional offset still pending answers UNSTABLE_OFFSET_COMMIT), v8 several groups
// per request, v9 member id/epoch (KIP-848: a consumer group checks them, UNKNOWN_MEMBER_ID or
// STALE_MEMBER_EPOCH, unless the id is null and the epoch negative; classic groups ignore them). v1 has no top-level error
// field, so a group-level error is reported on every partition.
// Authorisation (KafkaApis): DESCRIBE on the group (else GROUP_AUTHORIZATION_FAILED for it), then
// DESCRIBE on each topic: a named topic without it answers TOPIC_AUTHORIZATION_FAILED per partition
// (after the others), an all-topics fetch leaves it out.
// Gaps: none known.
import { decodeOffsetFetchRequest, type OffsetFetchRequest } from '../../protocol/generated/messages/offset-fetch-request.js';
import { defaultOffsetFetchResponse, encodeOffsetFetchResponse, type OffsetFetchResponse } from '../../protocol/generated/messages/offset-fetch-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Broker } from '../broker.js';
import type { OffsetFetchResult } from '../group/offsets.js';
import { Op, canGroup, keepAuthorized, Res, splitTopics } from '../security/authorize-requests.js';
import type { RequestContext } from './types.js';
import { defineHandler } from './types.js';

/** requireStable: partitions with a pending transactional offset commit say so instead of answering. */
function markUnstable(broker: Broker, groupId: string, r: OffsetFetchResult): OffsetFetchResult {
  if (r.errorCode !== ErrorCode.NONE || !broker.groups.offsets.hasPendingOffsets(groupId)) return r;
  return {
    ...r,
    topics: r.topics.map((t) => ({
      ...t,
      partitions: t.partitions.map((p) =>
        broker.groups.offsets.hasPendingOffsets(groupId, t.name, p.partitionIndex) ? { ...p, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.UNSTABLE_OFFSET_COMMIT } : p,
      ),
    })),
  };
}

type Wanted = readonly { name: string; partitionIndexes: readonly number[] }[] | null;

function fetchAuthorized(ctx: RequestContext, groupId: string, topics: Wanted, member?: { memberId: string | null; memberEpoch: number }): OffsetFetchResult {
  if (!canGroup(ctx, Op.DESCRIBE, groupId)) return { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, topics: [] };
  const groups = ctx.broker.groups;
  if (topics === null) {
    const r = groups.offsets.fetch(groupId, null, member);
    r.topics = keepAuthorized(ctx, Op.DESCRIBE, Res.TOPIC, r.topics, (t) => t.name);
    return r;
  }
  const { allowed, denied } = splitTopics(ctx, Op.DESCRIBE, topics, (t) => t.name);
  const r = groups.offsets.fetch(groupId, allowed, member);
  if (denied.length === 0 || r.errorCode !== ErrorCode.NONE) return r;
  const refused = denied.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED })),
  }));
  return { ...r, topics: [...r.topics, ...refused] };
}

export default defineHandler<OffsetFetchRequest, OffsetFetchResponse>({
  apiKey: 9,
  minVersion: 0,
  maxVersion: 9,
  decode: decodeOffsetFetchRequest,
  encode: encodeOffsetFetchResponse,
  handle(req, ctx) {
    if (ctx.apiVersion >= 8) {
      return {
        ...defaultOffsetFetchResponse(),
        groups: req.groups.map((g) => {
          const member = ctx.apiVersion >= 9 ? { memberId: g.memberId, memberEpoch: g.memberEpoch } : undefined;
          let r = fetchAuthorized(ctx, g.groupId, g.topics, member);
          if (req.requireStable) r = markUnstable(ctx.broker, g.groupId, r);
          return { groupId: g.groupId, errorCode: r.errorCode, topics: r.topics };
        }),
      };
    }
    let r = fetchAuthorized(ctx, req.groupId, req.topics);
    if (ctx.apiVersion >= 7 && req.requireStable) r = markUnstable(ctx.broker, req.groupId, r);
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
