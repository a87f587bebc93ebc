// Heartbeat: v0–4 (flexible from v4).
// Behaviour: keeps a member's session alive. REBALANCE_IN_PROGRESS while the group prepares a
// rebalance (the member must rejoin), ILLEGAL_GENERATION for a stale generation,
// UNKNOWN_MEMBER_ID for members the group does not know (or an unknown group),
// FENCED_INSTANCE_ID when another member took over the group.instance.id.
// A classic member of a KIP-848 consumer group gets REBALANCE_IN_PROGRESS when it must rejoin (the
// group epoch moved past its epoch, it has partitions to revoke or free partitions to collect).
// Version notes: v3 group.instance.id.
// Gaps: none known.
import { decodeHeartbeatRequest, type HeartbeatRequest } from '../../protocol/generated/messages/heartbeat-request.js';
import { defaultHeartbeatResponse, encodeHeartbeatResponse, type HeartbeatResponse } from '../../protocol/generated/messages/heartbeat-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canGroup } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<HeartbeatRequest, HeartbeatResponse>({
  apiKey: 12,
  minVersion: 0,
  maxVersion: 4,
  decode: decodeHeartbeatRequest,
  encode: encodeHeartbeatResponse,
  handle(req, ctx) {
    if (!canGroup(ctx, Op.READ, req.groupId)) return { ...defaultHeartbeatResponse(), errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    const errorCode = ctx.broker.groups.membership.heartbeat({
      groupId: req.groupId,
      memberId: req.memberId,
      groupInstanceId: ctx.apiVersion >= 3 ? req.groupInstanceId : null,
      generationId: req.generationId,
    });
    return { ...defaultHeartbeatResponse(), errorCode };
  },
});
