// LeaveGroup: v0–5 (flexible from v4).
// Behaviour: removes members and rebalances the rest. A member given by group.instance.id alone
// (empty member id) is how admin tools remove static members. An unknown group is UNKNOWN_MEMBER_ID:
// at the top level for v0–2, for each member (top level NONE) from v3, as Kafka 4's coordinator.
// In a KIP-848 consumer group only classic members leave this way (a consumer-protocol member id is
// UNKNOWN_MEMBER_ID); the group epoch goes up once for the batch.
// Version notes: v0–2 carry one member id and report its error at the top level; v3+ carry a
// batch of members with an error each; v5 adds a reason per member (not kept).
// Gaps: none known.
import { decodeLeaveGroupRequest, type LeaveGroupRequest } from '../../protocol/generated/messages/leave-group-request.js';
import { defaultLeaveGroupResponse, encodeLeaveGroupResponse, type LeaveGroupResponse } from '../../protocol/generated/messages/leave-group-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canGroup } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<LeaveGroupRequest, LeaveGroupResponse>({
  apiKey: 13,
  minVersion: 0,
  maxVersion: 5,
  decode: decodeLeaveGroupRequest,
  encode: encodeLeaveGroupResponse,
  handle(req, ctx) {
    if (!canGroup(ctx, Op.READ, req.groupId)) return { ...defaultLeaveGroupResponse(), errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    const batch = ctx.apiVersion >= 3;
    const who = batch ? req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId })) : [{ memberId: req.memberId, groupInstanceId: null }];
    const r = ctx.broker.groups.membership.leaveGroup(req.groupId, who);
    if (!batch) {
      const single = r.members[0]?.errorCode ?? ErrorCode.NONE;
      return { ...defaultLeaveGroupResponse(), errorCode: r.errorCode !== ErrorCode.NONE ? r.errorCode : single };
    }
    if (r.errorCode === ErrorCode.UNKNOWN_MEMBER_ID) {
      // An unknown group: Kafka's coordinator answers every member UNKNOWN_MEMBER_ID, no top-level error.
      return { ...defaultLeaveGroupResponse(), members: who.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: ErrorCode.UNKNOWN_MEMBER_ID })) };
    }
    return { ...defaultLeaveGroupResponse(), errorCode: r.errorCode, members: r.members };
  },
});
