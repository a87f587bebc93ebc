// The ACL APIs (29-31) as raw-wire tests send them, and the fixtures the broker's ACL tests and the
// reference comparison with Apache Kafka share: one creation with overrides, the filter matching
// everything, and a small mixed set of ACLs (literal and prefixed, ALLOW and DENY, a host, a group).
import { clientApi } from '../../src/client/native/apis.js';
import { CreateAclsApi } from '../../src/protocol/generated/apis/create-acls.js';
import { DeleteAclsApi } from '../../src/protocol/generated/apis/delete-acls.js';
import { DescribeAclsApi } from '../../src/protocol/generated/apis/describe-acls.js';
import type { AclCreation } from '../../src/protocol/generated/messages/create-acls-request.js';
import type { DeleteAclsFilter } from '../../src/protocol/generated/messages/delete-acls-request.js';
import type { DescribeAclsRequest } from '../../src/protocol/generated/messages/describe-acls-request.js';

/** Every version, v0 included (the tests pick the version). */
export const DescribeAcls = clientApi(DescribeAclsApi, 0, 3);
export const CreateAcls = clientApi(CreateAclsApi, 0, 3);
export const DeleteAcls = clientApi(DeleteAclsApi, 0, 3);

// Codes: resource TOPIC 2, GROUP 3, CLUSTER 4; pattern ANY 1, MATCH 2, LITERAL 3, PREFIXED 4;
// operation ANY 1, ALL 2, READ 3, WRITE 4; permission ANY 1, DENY 2, ALLOW 3.

/** User:alice may READ the literal topic 'orders' from any host, with `over` changed. */
export const aclCreation = (over: Partial<AclCreation> = {}): AclCreation => ({
  resourceType: 2,
  resourceName: 'orders',
  resourcePatternType: 3,
  principal: 'User:alice',
  host: '*',
  operation: 3,
  permissionType: 3,
  ...over,
});

/** The filter (DescribeAcls or DeleteAcls) that matches every ACL. */
export const ANY_ACL: DescribeAclsRequest & DeleteAclsFilter = { resourceTypeFilter: 1, resourceNameFilter: null, patternTypeFilter: 1, principalFilter: null, hostFilter: null, operation: 1, permissionType: 1 };

/**
 * Four valid ACLs on three resources: alice's READ on 'orders' and WRITE from 10.0.0.1, everyone
 * DENIED READ on the prefix 'ord', alice's READ on group 'g1'.
 */
export const SAMPLE_ACLS: readonly AclCreation[] = [
  aclCreation(),
  aclCreation({ operation: 4, host: '10.0.0.1' }),
  aclCreation({ resourceName: 'ord', resourcePatternType: 4, permissionType: 2, principal: 'User:*' }),
  aclCreation({ resourceType: 3, resourceName: 'g1' }),
];

/**
 * Six creations Kafka refuses one by one with INVALID_REQUEST: a CLUSTER not named kafka-cluster, an
 * empty name, and an unknown resource type, pattern type, operation and permission type.
 */
export const INVALID_ACLS: readonly AclCreation[] = [
  aclCreation({ resourceType: 4, resourceName: 'other' }),
  aclCreation({ resourceName: '' }),
  aclCreation({ resourceType: 99 }),
  aclCreation({ resourcePatternType: 99 }),
  aclCreation({ operation: 99 }),
  aclCreation({ permissionType: 99 }),
];
