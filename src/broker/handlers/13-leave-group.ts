// LeaveGroup: v0–5 (flexible from v4).
// Behaviour: removes members and rebalances the rest. A member given by group.instance.id alone
// (empty member id) is how admin tools remove static members. An unknown group is a top-level
// UNKNOWN_MEMBER_ID.
// Version notes: v0–2 carry one member id and report its error at the top level; v3+ carry a
// batch of members with an error each; v5 adds a reason per member (not kept).
// Gaps: none known.
import { decodeLeaveGroupRequest, LeaveGroupRequestVersions, type LeaveGroupRequest } from '../../protocol/generated/messages/leave-group-request.js';
import { defaultLeaveGroupResponse, encodeLeaveGroupResponse, type LeaveGroupResponse } from '../../protocol/generated/messages/leave-group-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { defineHandler } from './types.js';

export default defineHandler<LeaveGroupRequest, LeaveGroupResponse>({
  apiKey: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 5,
  flexibleMin: LeaveGroupRequestVersions.flexibleMin,
  decode: decodeLeaveGroupRequest,
  encode: encodeLeaveGroupResponse,
  handle(req, ctx) {
    const batch = ctx.apiVersion >= 3;
    const who = batch ? req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId })) : [{ memberId: req.memberId, groupInstanceId: null }];
    const r = ctx.broker.groups.leaveGroup(req.groupId, who);
    if (!batch) {
      const single = r.members[0]?.errorCode ?? ErrorCode.NONE;
      return { ...defaultLeaveGroupResponse(), errorCode: r.errorCode !== ErrorCode.NONE ? r.errorCode : single };
    }
    return { ...defaultLeaveGroupResponse(), errorCode: r.errorCode, members: r.members };
  },
});
