// DescribeGroups: v0–5 (flexible from v5).
// Behaviour: state names as Kafka spells them (Empty, PreparingRebalance, CompletingRebalance,
// Stable, Dead). A Stable group reports its protocol and each member's metadata for it; other
// states report the protocol as "" and members without metadata (assignments are kept). Unknown
// groups come back as Dead with error 0, as Kafka answers them; so does a KIP-848 consumer group
// (Kafka 4.4 answers the same: its classic view of a group without classic members).
// Version notes: v3 authorized operations (those the principal may do on the group, when asked for),
// v4 group.instance.id.
// Gaps: none known.
import { decodeDescribeGroupsRequest, type DescribeGroupsRequest } from '../../protocol/generated/messages/describe-groups-request.js';
import { defaultDescribedGroup, defaultDescribeGroupsResponse, encodeDescribeGroupsResponse, type DescribeGroupsResponse } from '../../protocol/generated/messages/describe-groups-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, Res, operationsIfAsked, splitAuthorized } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<DescribeGroupsRequest, DescribeGroupsResponse>({
  apiKey: 15,
  minVersion: 0,
  maxVersion: 5,
  decode: decodeDescribeGroupsRequest,
  encode: encodeDescribeGroupsResponse,
  handle(req, ctx) {
    const asked = ctx.apiVersion >= 3 && req.includeAuthorizedOperations;
    // KafkaApis: DESCRIBE on each group; the refused ones come first, as groupError answers.
    const { allowed, denied } = splitAuthorized(ctx, Op.DESCRIBE, Res.GROUP, req.groups, (id) => id);
    return {
      ...defaultDescribeGroupsResponse(),
      groups: [
        ...denied.map((groupId) => ({ ...defaultDescribedGroup(), groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED })),
        ...allowed.map((id) => {
          const g = ctx.broker.groups.membership.describeGroup(id);
          return { ...g, authorizedOperations: operationsIfAsked(ctx, asked && g.errorCode === 0, Res.GROUP, id) };
        }),
      ],
    };
  },
});
