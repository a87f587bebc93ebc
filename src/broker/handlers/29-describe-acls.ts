// DescribeAcls: v0–3 (flexible from v2).
// Behaviour: as Kafka's AclApis.handleDescribeAcls over the StandardAuthorizer: the principal needs
// DESCRIBE on the cluster (else CLUSTER_AUTHORIZATION_FAILED with Kafka's message); without an
// authorizer SECURITY_DISABLED "No Authorizer is configured on the broker"; else the ACLs matching
// the filter (ResourcePatternFilter/AccessControlEntryFilter rules, MATCH included), grouped by
// resource pattern in the order the resources' first ACLs were created.
// Version notes: v0 has no pattern type (ANY is read as LITERAL, others refused); v1 adds it; v2 is
// flexible; v3 allows the USER resource type. A filter with an UNKNOWN (0) code fails the request's
// parse in Kafka, which closes the connection: so does ours.
// Gaps: none known.
import { DescribeAclsApi } from '../../protocol/generated/apis/describe-acls.js';
import { AclOperation, type AclBinding } from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { DescribeAclsRequest } from '../../protocol/generated/messages/describe-acls-request.js';
import { defaultDescribeAclsResponse, type DescribeAclsResource, type DescribeAclsResponse } from '../../protocol/generated/messages/describe-acls-response.js';
import { authorizeCluster, clusterNotAuthorizedMessage, requestAclFilter } from '../security/authorizer.js';
import { defineHandler } from './types.js';

/** DescribeAclsResponse.aclsResources: one entry per resource pattern with its ACLs. */
function byResource(acls: readonly AclBinding[]): DescribeAclsResource[] {
  const out = new Map<string, DescribeAclsResource>();
  for (const b of acls) {
    const key = JSON.stringify([b.resourceType, b.resourceName, b.patternType]);
    let r = out.get(key);
    if (r === undefined) out.set(key, (r = { resourceType: b.resourceType, resourceName: b.resourceName, patternType: b.patternType, acls: [] }));
    r.acls.push({ principal: b.principal, host: b.host, operation: b.operation, permissionType: b.permissionType });
  }
  return [...out.values()];
}

export default defineHandler<DescribeAclsRequest, DescribeAclsResponse>({
  api: DescribeAclsApi,
  minVersion: 0,
  maxVersion: 3,
  handle(req, ctx) {
    const filter = requestAclFilter(req, ctx.apiVersion, 'DescribeAcls');
    const base = { ...defaultDescribeAclsResponse(), throttleTimeMs: 0 };
    if (!authorizeCluster(ctx, AclOperation.DESCRIBE)) {
      return { ...base, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: clusterNotAuthorizedMessage(ctx) };
    }
    const { authorizer } = ctx.broker;
    if (!authorizer.enabled) return { ...base, errorCode: ErrorCode.SECURITY_DISABLED, errorMessage: 'No Authorizer is configured on the broker' };
    // Kafka leaves the message at its default, the empty string, on success.
    return { ...base, resources: byResource(authorizer.acls(filter)) };
  },
});
