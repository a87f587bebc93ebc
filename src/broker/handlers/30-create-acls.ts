// CreateAcls: v0–3 (flexible from v2).
// Behaviour: as Kafka's AclApis.handleCreateAcls and the controller's AclControlManager: the
// principal needs ALTER on the cluster (else every result CLUSTER_AUTHORIZATION_FAILED); without an
// authorizer every result is SECURITY_DISABLED "No Authorizer is configured.". A creation naming a
// filter value (resource type ANY, pattern type MATCH/ANY, operation ANY, permission ANY) fails
// Kafka's AclBinding constructor, answered as UNKNOWN_SERVER_ERROR (no message) for every creation.
// Otherwise each creation on its own: INVALID_REQUEST for a CLUSTER resource not named
// kafka-cluster, an empty name, or a code Kafka does not know ("Invalid resourceType UNKNOWN", ...);
// the others are added (an existing ACL is a success) and persisted before the response.
// Version notes: v0 only LITERAL patterns (others refused at parse: connection closed, as Kafka); an
// UNKNOWN (0) code also fails the parse; v2 is flexible; v3 adds the USER resource type.
// Gaps: none known.
import { CreateAclsApi } from '../../protocol/generated/apis/create-acls.js';
import { AclOperation, AclPermissionType, CLUSTER_NAME, PatternType, ResourceType, operationName, patternTypeName, permissionTypeName, resourceTypeName, type AclBinding } from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { AclCreation, CreateAclsRequest } from '../../protocol/generated/messages/create-acls-request.js';
import type { AclCreationResult, CreateAclsResponse } from '../../protocol/generated/messages/create-acls-response.js';
import { authorizeCluster, clusterNotAuthorizedMessage } from '../security/authorizer.js';
import { defineHandler } from './types.js';
import { InvalidRequest } from '../invalid-request.js';

const known = (table: Readonly<Record<string, number>>, code: number): boolean => code > 1 && Object.values(table).includes(code);

/** Kafka's checks of one creation that passed the parse, or null when it is valid. */
function invalid(c: AclCreation): string | null {
  if (c.resourceType === ResourceType.CLUSTER && c.resourceName !== CLUSTER_NAME) return `The only valid name for the CLUSTER resource is ${CLUSTER_NAME}`;
  if (c.resourceName === '') return 'Invalid empty resource name';
  if (!known(ResourceType, c.resourceType)) return `Invalid resourceType ${resourceTypeName(c.resourceType)}`;
  if (c.resourcePatternType !== PatternType.LITERAL && c.resourcePatternType !== PatternType.PREFIXED) return `Invalid patternType ${patternTypeName(c.resourcePatternType)}`;
  if (!known(AclOperation, c.operation)) return `Invalid operation ${operationName(c.operation)}`;
  if (!known(AclPermissionType, c.permissionType)) return `Invalid permissionType ${permissionTypeName(c.permissionType)}`;
  return null;
}

export default defineHandler<CreateAclsRequest, CreateAclsResponse>({
  api: CreateAclsApi,
  minVersion: 0,
  maxVersion: 3,
  handle(req, ctx) {
    const { creations } = req;
    if (ctx.apiVersion === 0 && creations.some((c) => c.resourcePatternType !== PatternType.LITERAL)) throw new InvalidRequest('CreateAcls v0 only supports literal resource pattern types');
    const unknown = (c: AclCreation): boolean =>
      c.resourcePatternType === PatternType.UNKNOWN || c.resourceType === ResourceType.UNKNOWN || c.permissionType === AclPermissionType.UNKNOWN || c.operation === AclOperation.UNKNOWN;
    if (creations.some(unknown)) throw new InvalidRequest('CreateAcls creations contain UNKNOWN elements');

    const all = (errorCode: number, errorMessage: string | null): CreateAclsResponse => ({ throttleTimeMs: 0, results: creations.map(() => ({ errorCode, errorMessage })) });
    if (!authorizeCluster(ctx, AclOperation.ALTER)) return all(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, clusterNotAuthorizedMessage(ctx));
    const { authorizer } = ctx.broker;
    if (!authorizer.enabled) return all(ErrorCode.SECURITY_DISABLED, 'No Authorizer is configured.');
    const filterValue = (c: AclCreation): boolean =>
      c.resourceType === ResourceType.ANY || c.resourcePatternType === PatternType.ANY || c.resourcePatternType === PatternType.MATCH || c.operation === AclOperation.ANY || c.permissionType === AclPermissionType.ANY;
    if (creations.some(filterValue)) return all(ErrorCode.UNKNOWN_SERVER_ERROR, null);

    const results: AclCreationResult[] = [];
    const valid: AclBinding[] = [];
    for (const c of creations) {
      const why = invalid(c);
      if (why !== null) {
        results.push({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: why });
        continue;
      }
      valid.push({ resourceType: c.resourceType, resourceName: c.resourceName, patternType: c.resourcePatternType, principal: c.principal, host: c.host, operation: c.operation, permissionType: c.permissionType });
      // Kafka leaves a success's message at its default, the empty string.
      results.push({ errorCode: 0, errorMessage: '' });
    }
    authorizer.createAcls(valid);
    return { throttleTimeMs: 0, results };
  },
});
