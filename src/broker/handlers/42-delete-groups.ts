// DeleteGroups: v0–2 (flexible from v2).
// Behaviour: deletes Empty groups with all their committed offsets (tombstones in
// __consumer_offsets). Groups with members get NON_EMPTY_GROUP; unknown groups GROUP_ID_NOT_FOUND.
// Version notes: v1 is v0 with throttling on quota violation; v2 is flexible.
// Gaps: none known.
import { decodeDeleteGroupsRequest, type DeleteGroupsRequest } from '../../protocol/generated/messages/delete-groups-request.js';
import { defaultDeleteGroupsResponse, encodeDeleteGroupsResponse, type DeleteGroupsResponse } from '../../protocol/generated/messages/delete-groups-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, Res, splitAuthorized } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<DeleteGroupsRequest, DeleteGroupsResponse>({
  apiKey: 42,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeDeleteGroupsRequest,
  encode: encodeDeleteGroupsResponse,
  handle(req, ctx) {
    // KafkaApis: DELETE on each group; the refused ones come after the coordinator's results.
    const { allowed, denied } = splitAuthorized(ctx, Op.DELETE, Res.GROUP, req.groupsNames, (id) => id);
    if (denied.length === 0) return { ...defaultDeleteGroupsResponse(), results: ctx.broker.groups.deleteGroups(req.groupsNames) };
    const refused = [...new Set(denied)].map((groupId) => ({ groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED }));
    return { ...defaultDeleteGroupsResponse(), results: [...ctx.broker.groups.deleteGroups(allowed), ...refused] };
  },
});
