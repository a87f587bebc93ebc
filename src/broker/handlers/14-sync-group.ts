// SyncGroup: v0–5 (flexible from v4).
// Behaviour: the leader's assignments are stored (GroupMetadata record in __consumer_offsets) and
// handed to every member; followers that sync first wait for the leader. Members missing from the
// leader's list get an empty assignment. Stable groups answer with the member's current assignment.
// A classic member of a KIP-848 consumer group gets its current assignment, computed by the broker,
// in the consumer protocol at its subscription's version (REBALANCE_IN_PROGRESS if it must rejoin).
// Version notes: v3 group.instance.id, v5 protocolType/protocolName are mandatory (null →
// INCONSISTENT_GROUP_PROTOCOL, as KafkaApis answers), checked against the group and echoed back.
// Gaps: none known.
import { decodeSyncGroupRequest, type SyncGroupRequest } from '../../protocol/generated/messages/sync-group-request.js';
import { defaultSyncGroupResponse, encodeSyncGroupResponse, type SyncGroupResponse } from '../../protocol/generated/messages/sync-group-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { syncError } from '../group/classic-group.js';
import { Op, canGroup } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<SyncGroupRequest, SyncGroupResponse>({
  apiKey: 14,
  minVersion: 0,
  maxVersion: 5,
  decode: decodeSyncGroupRequest,
  encode: encodeSyncGroupResponse,
  async handle(req, ctx) {
    const v = ctx.apiVersion;
    if (!canGroup(ctx, Op.READ, req.groupId)) return { ...defaultSyncGroupResponse(), ...syncError(ErrorCode.GROUP_AUTHORIZATION_FAILED) };
    if (v >= 5 && (req.protocolType === null || req.protocolName === null)) {
      return { ...defaultSyncGroupResponse(), ...syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL) };
    }
    const r = await ctx.broker.groups.membership.syncGroup({
      groupId: req.groupId,
      generationId: req.generationId,
      memberId: req.memberId,
      groupInstanceId: v >= 3 ? req.groupInstanceId : null,
      protocolType: v >= 5 ? req.protocolType : null,
      protocolName: v >= 5 ? req.protocolName : null,
      assignments: req.assignments.map((a) => ({ memberId: a.memberId, assignment: a.assignment })),
    });
    return { ...defaultSyncGroupResponse(), errorCode: r.errorCode, protocolType: r.protocolType, protocolName: r.protocolName, assignment: r.assignment };
  },
});
