// DeleteAcls: v0–3 (flexible from v2).
// Behaviour: as Kafka's AclApis.handleDeleteAcls and the controller's AclControlManager: the
// principal needs ALTER on the cluster (else every filter CLUSTER_AUTHORIZATION_FAILED); without an
// authorizer every filter is SECURITY_DISABLED "No Authorizer is configured.". A filter with a code
// Kafka does not know answers INVALID_REQUEST "Unknown patternFilter." / "Unknown entryFilter.";
// the others each list the ACLs they match (all filters see the ACLs as before the request), and
// all matched ACLs are removed and persisted before the response.
// Version notes: v0 has no pattern type (ANY is read as LITERAL, others refused at parse: connection
// closed, as Kafka); an UNKNOWN (0) code also fails the parse; v2 is flexible; v3 adds USER.
// Gaps: none known.
import { DeleteAclsApi } from '../../protocol/generated/apis/delete-acls.js';
import { AclOperation, AclPermissionType, PatternType, ResourceType, type AclBindingFilter } from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { DeleteAclsRequest } from '../../protocol/generated/messages/delete-acls-request.js';
import type { DeleteAclsFilterResult, DeleteAclsResponse } from '../../protocol/generated/messages/delete-acls-response.js';
import { authorizeCluster, clusterNotAuthorizedMessage, requestAclFilter } from '../security/authorizer.js';
import { defineHandler } from './types.js';

const known = (table: Readonly<Record<string, number>>, code: number): boolean => Object.values(table).includes(code);

/** AclControlManager.validateFilter: a code Kafka maps to UNKNOWN. */
function invalid(f: AclBindingFilter): string | null {
  if (!known(ResourceType, f.resourceType) || !known(PatternType, f.patternType)) return 'Unknown patternFilter.';
  if (!known(AclOperation, f.operation) || !known(AclPermissionType, f.permissionType)) return 'Unknown entryFilter.';
  return null;
}

export default defineHandler<DeleteAclsRequest, DeleteAclsResponse>({
  api: DeleteAclsApi,
  minVersion: 0,
  maxVersion: 3,
  handle(req, ctx) {
    const filters = req.filters.map((f) => requestAclFilter(f, ctx.apiVersion, 'DeleteAcls'));
    const all = (errorCode: number, errorMessage: string): DeleteAclsResponse => ({ throttleTimeMs: 0, filterResults: filters.map(() => ({ errorCode, errorMessage, matchingAcls: [] })) });
    if (!authorizeCluster(ctx, AclOperation.ALTER)) return all(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, clusterNotAuthorizedMessage(ctx));
    const { authorizer } = ctx.broker;
    if (!authorizer.enabled) return all(ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured.');

    const reasons = filters.map(invalid);
    const matched = authorizer.deleteAcls(filters.filter((_, i) => reasons[i] === null));
    let next = 0;
    const filterResults = filters.map((_, i): DeleteAclsFilterResult => {
      const why = reasons[i];
      if (why !== null && why !== undefined) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: why, matchingAcls: [] };
      const acls = matched[next++] ?? [];
      return {
        errorCode: 0,
        errorMessage: null,
        matchingAcls: acls.map((b) => ({
          errorCode: 0,
          errorMessage: null,
          resourceType: b.resourceType,
          resourceName: b.resourceName,
          patternType: b.patternType,
          principal: b.principal,
          host: b.host,
          operation: b.operation,
          permissionType: b.permissionType,
        })),
      };
    });
    return { throttleTimeMs: 0, filterResults };
  },
});
