// OffsetCommit: v0–9 (flexible from v8). v0–1 (removed in Kafka 4.0, served by 3.9) go to
// __consumer_offsets like any commit: v0 carries no generation or member id, so it is a standalone
// commit; v1's per-partition commit timestamp is ignored (the broker's time is used), which only
// shifts the expiry of such offsets.
// Behaviour: members commit with their generation and member id (ILLEGAL_GENERATION,
// UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID, REBALANCE_IN_PROGRESS while the group completes a
// rebalance); "standalone" commits (generation -1, empty member id) are accepted while the group
// has no members, creating a simple group if needed (admin tools, assign() consumers). Partitions
// that do not exist get UNKNOWN_TOPIC_OR_PARTITION; metadata over 4096 chars
// OFFSET_METADATA_TOO_LARGE. Offsets go to __consumer_offsets before the response.
// Version notes: v2–4 retention time (sets an explicit expiry), v6 leader epoch, v7
// group.instance.id, v9 unknown groups with a generation get GROUP_ID_NOT_FOUND (older:
// ILLEGAL_GENERATION).
// KIP-848 consumer groups: the generation field is the member epoch; an unknown member gets
// UNKNOWN_MEMBER_ID, another epoch STALE_MEMBER_EPOCH, a member committing below v9
// UNSUPPORTED_VERSION; epoch -1 commits only while the group has no members.
// Gaps: none known.
import { decodeOffsetCommitRequest, type OffsetCommitRequest } from '../../protocol/generated/messages/offset-commit-request.js';
import { defaultOffsetCommitResponse, encodeOffsetCommitResponse, type OffsetCommitResponse } from '../../protocol/generated/messages/offset-commit-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canGroup, failPartitions, refuseDeniedTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<OffsetCommitRequest, OffsetCommitResponse>({
  apiKey: 8,
  minVersion: 0,
  maxVersion: 9,
  decode: decodeOffsetCommitRequest,
  encode: encodeOffsetCommitResponse,
  handle(req, ctx) {
    const v = ctx.apiVersion;
    // KafkaApis: READ on the group (else every partition GROUP_AUTHORIZATION_FAILED), then READ on each topic.
    if (!canGroup(ctx, Op.READ, req.groupId)) return { ...defaultOffsetCommitResponse(), topics: failPartitions(req.topics, ErrorCode.GROUP_AUTHORIZATION_FAILED) };
    const { allowed, refused } = refuseDeniedTopics(ctx, Op.READ, req.topics);
    if (allowed.length === 0 && refused.length > 0) return { ...defaultOffsetCommitResponse(), topics: refused };
    const topics = ctx.broker.groups.offsets.commit({
      groupId: req.groupId,
      generationId: req.generationIdOrMemberEpoch,
      memberId: req.memberId,
      groupInstanceId: v >= 7 ? req.groupInstanceId : null,
      retentionTimeMs: v <= 4 ? req.retentionTimeMs : -1n,
      apiVersion: v,
      topics: allowed.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          committedOffset: p.committedOffset,
          committedLeaderEpoch: v >= 6 ? p.committedLeaderEpoch : -1,
          committedMetadata: p.committedMetadata,
        })),
      })),
    });
    return { ...defaultOffsetCommitResponse(), topics: refused.length === 0 ? topics : [...refused, ...topics] };
  },
});
