// DeleteGroups: v0–2 (flexible from v2).
// Behaviour: deletes Empty groups with all their committed offsets (tombstones in
// __consumer_offsets). Groups with members get NON_EMPTY_GROUP; unknown groups GROUP_ID_NOT_FOUND.
// Version notes: v1 is v0 with throttling on quota violation; v2 is flexible.
// Gaps: none known.
import { decodeDeleteGroupsRequest, type DeleteGroupsRequest } from '../../protocol/generated/messages/delete-groups-request.js';
import { defaultDeleteGroupsResponse, encodeDeleteGroupsResponse, type DeleteGroupsResponse } from '../../protocol/generated/messages/delete-groups-response.js';
import { defineHandler } from './types.js';

export default defineHandler<DeleteGroupsRequest, DeleteGroupsResponse>({
  apiKey: 42,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeDeleteGroupsRequest,
  encode: encodeDeleteGroupsResponse,
  handle(req, ctx) {
    return { ...defaultDeleteGroupsResponse(), results: ctx.broker.groups.deleteGroups(req.groupsNames) };
  },
});
