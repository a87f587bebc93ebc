// ListGroups: v0–5 (flexible from v3).
// Behaviour: every group the coordinator knows, including "simple" groups that only hold offsets
// (protocol type ""), and KIP-848 consumer groups (protocol type "consumer", states Empty,
// Assigning, Reconciling, Stable).
// Version notes: v4 states filter and group state, v5 types filter and group type ("classic" or
// "consumer"); filters are case-insensitive and empty means all.
// Gaps: none known.
import { decodeListGroupsRequest, type ListGroupsRequest } from '../../protocol/generated/messages/list-groups-request.js';
import { defaultListGroupsResponse, encodeListGroupsResponse, type ListGroupsResponse } from '../../protocol/generated/messages/list-groups-response.js';
import { Op, Res, canCluster, keepAuthorized } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<ListGroupsRequest, ListGroupsResponse>({
  apiKey: 16,
  minVersion: 0,
  maxVersion: 5,
  decode: decodeListGroupsRequest,
  encode: encodeListGroupsResponse,
  handle(req, ctx) {
    const v = ctx.apiVersion;
    const r = ctx.broker.groups.listGroups(v >= 4 ? req.statesFilter : [], v >= 5 ? req.typesFilter : []);
    // KafkaApis: DESCRIBE on the cluster lists every group, else only those the principal may DESCRIBE.
    const groups = canCluster(ctx, Op.DESCRIBE) ? r.groups : keepAuthorized(ctx, Op.DESCRIBE, Res.GROUP, r.groups, (g) => g.groupId);
    return { ...defaultListGroupsResponse(), errorCode: r.errorCode, groups };
  },
});
