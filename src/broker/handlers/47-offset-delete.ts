// OffsetDelete: v0 (not flexible).
// Behaviour: deletes a group's committed offsets for the given partitions. An unknown group is a
// top-level GROUP_ID_NOT_FOUND; a non-empty group that does not use the consumer protocol
// NON_EMPTY_GROUP. For a consumer group with members, partitions of topics some member
// subscribes to (from its ConsumerProtocolSubscription) get GROUP_SUBSCRIBED_TO_TOPIC; partitions
// that do not exist UNKNOWN_TOPIC_OR_PARTITION. A top-level error carries no topics.
// Version notes: single version.
// Gaps: none known.
import { decodeOffsetDeleteRequest, type OffsetDeleteRequest } from '../../protocol/generated/messages/offset-delete-request.js';
import { defaultOffsetDeleteResponse, encodeOffsetDeleteResponse, type OffsetDeleteResponse } from '../../protocol/generated/messages/offset-delete-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canGroup, refuseDeniedTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<OffsetDeleteRequest, OffsetDeleteResponse>({
  apiKey: 47,
  minVersion: 0,
  maxVersion: 0,
  decode: decodeOffsetDeleteRequest,
  encode: encodeOffsetDeleteResponse,
  handle(req, ctx) {
    // KafkaApis: DELETE on the group (else a top-level GROUP_AUTHORIZATION_FAILED), READ on each topic.
    if (!canGroup(ctx, Op.DELETE, req.groupId)) return { ...defaultOffsetDeleteResponse(), errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    const { allowed, refused } = refuseDeniedTopics(ctx, Op.READ, req.topics);
    const r = ctx.broker.groups.offsets.delete(
      req.groupId,
      allowed.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partitionIndex) })),
    );
    return { ...defaultOffsetDeleteResponse(), errorCode: r.errorCode, topics: refused.length === 0 ? r.topics : [...refused, ...r.topics] };
  },
});
