// JoinGroup: v0–9 (flexible from v6).
// Behaviour: Kafka's classic rebalance barrier (src/broker/group/membership.ts, rebalance.ts). The response is
// parked until the join phase completes: every known member rejoined, or the rebalance timeout
// passed, or (for a new group) group.initial.rebalance.delay.ms ran out. The leader gets every
// member's metadata for the chosen protocol, followers an empty list. Session timeouts outside
// group.min/max.session.timeout.ms get INVALID_SESSION_TIMEOUT.
// Version notes: v0 has no rebalance timeout (the session timeout is used), v4+ first joins get
// MEMBER_ID_REQUIRED with a generated id, v5 group.instance.id (static membership), v7
// protocolType echo and nullable protocolName, v8 reason (logged nowhere), v9 skipAssignment.
// A KIP-848 consumer group with members takes the member in as a classic member (Kafka 4's mixed
// groups, consumer-coordinator.ts classicJoin): generation = its member epoch, no leader and no
// member list, its protocol the first it offers; an empty consumer group is replaced by a classic one.
// Gaps: group.max.size is unlimited.
import { decodeJoinGroupRequest, type JoinGroupRequest } from '../../protocol/generated/messages/join-group-request.js';
import { defaultJoinGroupResponse, encodeJoinGroupResponse, type JoinGroupResponse } from '../../protocol/generated/messages/join-group-response.js';
import { clientHostOf } from '../group/index.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canGroup } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<JoinGroupRequest, JoinGroupResponse>({
  apiKey: 11,
  minVersion: 0,
  maxVersion: 9,
  decode: decodeJoinGroupRequest,
  encode: encodeJoinGroupResponse,
  async handle(req, ctx) {
    const v = ctx.apiVersion;
    // KafkaApis: READ on the group, else JoinGroupRequest.getErrorResponse.
    if (!canGroup(ctx, Op.READ, req.groupId)) {
      return { ...defaultJoinGroupResponse(), errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, generationId: -1, protocolName: v < 7 ? '' : null, leader: '', memberId: '', members: [] };
    }
    const r = await ctx.broker.groups.membership.joinGroup({
      groupId: req.groupId,
      memberId: req.memberId,
      groupInstanceId: v >= 5 ? req.groupInstanceId : null,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: v === 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
      clientId: ctx.clientId ?? '',
      clientHost: clientHostOf(ctx.remoteAddress),
      requireKnownMemberId: v >= 4,
      supportsSkippingAssignment: v >= 9,
    });
    return {
      ...defaultJoinGroupResponse(),
      errorCode: r.errorCode,
      generationId: r.generationId,
      protocolType: r.protocolType,
      // Before v7 the name is not nullable; Kafka sends "" instead.
      protocolName: v < 7 ? (r.protocolName ?? '') : r.protocolName,
      leader: r.leader,
      skipAssignment: r.skipAssignment,
      memberId: r.memberId,
      members: r.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
    };
  },
});
