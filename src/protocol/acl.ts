// Kafka's ACL vocabulary as the wire carries it: the codes of ResourceType, PatternType, AclOperation
// and AclPermissionType, their Java enum names, a binding and a filter, Kafka's filter matching and
// the toString forms kafka-acls.sh prints. Shared by the broker's authorizer and `tkafka acls`.

/** org.apache.kafka.common.resource.ResourceType codes. */
export const ResourceType = { UNKNOWN: 0, ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 } as const;
/** org.apache.kafka.common.resource.PatternType codes. */
export const PatternType = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
/** org.apache.kafka.common.acl.AclOperation codes (TWO_PHASE_COMMIT: KIP-939, Kafka 4.x). */
export const AclOperation = {
  UNKNOWN: 0,
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
  CREATE_TOKENS: 13,
  DESCRIBE_TOKENS: 14,
  TWO_PHASE_COMMIT: 15,
} as const;
/** org.apache.kafka.common.acl.AclPermissionType codes. */
export const AclPermissionType = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;

/** The one name of the CLUSTER resource (Resource.CLUSTER_NAME). */
export const CLUSTER_NAME = 'kafka-cluster';
/** A LITERAL resource named '*' matches every resource of its type; a host '*' every host. */
export const WILDCARD = '*';
export const WILDCARD_PRINCIPAL = 'User:*';

function namesOf(table: Readonly<Record<string, number>>): string[] {
  const names: string[] = [];
  for (const [name, code] of Object.entries(table)) names[code] = name;
  return names;
}

const RESOURCE_TYPE_NAMES = namesOf(ResourceType);
const PATTERN_TYPE_NAMES = namesOf(PatternType);
const OPERATION_NAMES = namesOf(AclOperation);
const PERMISSION_NAMES = namesOf(AclPermissionType);

// Java's fromCode maps a code it does not know to UNKNOWN; so do these.
export const resourceTypeName = (code: number): string => RESOURCE_TYPE_NAMES[code] ?? 'UNKNOWN';
export const patternTypeName = (code: number): string => PATTERN_TYPE_NAMES[code] ?? 'UNKNOWN';
export const operationName = (code: number): string => OPERATION_NAMES[code] ?? 'UNKNOWN';
export const permissionTypeName = (code: number): string => PERMISSION_NAMES[code] ?? 'UNKNOWN';

/** 'DESCRIBE_CONFIGS' -> 'DescribeConfigs' (SecurityUtils.toPascalCase). */
export function pascalCase(enumName: string): string {
  return enumName
    .toLowerCase()
    .split('_')
    .map((w) => (w === '' ? '' : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
}

/**
 * SecurityUtils.operation: 'Read', 'READ', 'DescribeConfigs', 'DESCRIBECONFIGS' are known names;
 * anything else is UNKNOWN (0). Note 'describe_configs' is not: Kafka upper-cases without removing '_'.
 */
export function operationFromName(name: string): number {
  for (const [enumName, code] of Object.entries(AclOperation)) {
    const pascal = pascalCase(enumName);
    if (name === pascal || name.toUpperCase() === pascal.toUpperCase()) return code;
  }
  return AclOperation.UNKNOWN;
}

/** One ACL: a resource pattern and an access control entry. */
export interface AclBinding {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly patternType: number;
  readonly principal: string;
  readonly host: string;
  readonly operation: number;
  readonly permissionType: number;
}

/** An ACL with its enums by Kafka's names: the ACL file's entries and `tkafka acls -o json`'s. */
export interface NamedAclBinding {
  resourceType: string;
  name: string;
  patternType: string;
  principal: string;
  host: string;
  operation: string;
  permissionType: string;
}

export function namedBinding(b: AclBinding): NamedAclBinding {
  return {
    resourceType: resourceTypeName(b.resourceType),
    name: b.resourceName,
    patternType: patternTypeName(b.patternType),
    principal: b.principal,
    host: b.host,
    operation: operationName(b.operation),
    permissionType: permissionTypeName(b.permissionType),
  };
}

/** AclBindingFilter: null strings and the ANY codes match everything; MATCH applies patterns. */
export interface AclBindingFilter {
  readonly resourceType: number;
  readonly resourceName: string | null;
  readonly patternType: number;
  readonly principal: string | null;
  readonly host: string | null;
  readonly operation: number;
  readonly permissionType: number;
}

export const ANY_FILTER: AclBindingFilter = {
  resourceType: ResourceType.ANY,
  resourceName: null,
  patternType: PatternType.ANY,
  principal: null,
  host: null,
  operation: AclOperation.ANY,
  permissionType: AclPermissionType.ANY,
};

/** ResourcePatternFilter.matches. */
export function patternFilterMatches(f: Pick<AclBindingFilter, 'resourceType' | 'resourceName' | 'patternType'>, b: AclBinding): boolean {
  if (f.resourceType !== ResourceType.ANY && f.resourceType !== b.resourceType) return false;
  if (f.patternType !== PatternType.ANY && f.patternType !== PatternType.MATCH && f.patternType !== b.patternType) return false;
  if (f.resourceName === null) return true;
  if (f.patternType === PatternType.ANY || f.patternType === b.patternType) return f.resourceName === b.resourceName;
  // MATCH: every stored pattern that would apply to a resource of this name.
  if (b.patternType === PatternType.LITERAL) return f.resourceName === b.resourceName || b.resourceName === WILDCARD;
  if (b.patternType === PatternType.PREFIXED) return f.resourceName.startsWith(b.resourceName);
  return false;
}

/** AccessControlEntryFilter.matches. */
export function entryFilterMatches(f: Pick<AclBindingFilter, 'principal' | 'host' | 'operation' | 'permissionType'>, b: AclBinding): boolean {
  if (f.principal !== null && f.principal !== b.principal) return false;
  if (f.host !== null && f.host !== b.host) return false;
  if (f.operation !== AclOperation.ANY && f.operation !== b.operation) return false;
  return f.permissionType === AclPermissionType.ANY || f.permissionType === b.permissionType;
}

export function filterMatches(f: AclBindingFilter, b: AclBinding): boolean {
  return patternFilterMatches(f, b) && entryFilterMatches(f, b);
}

/** ResourcePattern.toString (and ResourcePatternFilter's, with '<any>' for a null name). */
export function formatResourcePattern(p: { resourceType: number; resourceName: string | null; patternType: number }): string {
  return `ResourcePattern(resourceType=${resourceTypeName(p.resourceType)}, name=${p.resourceName ?? '<any>'}, patternType=${patternTypeName(p.patternType)})`;
}

/** AccessControlEntry.toString (and its filter's, with '<any>' for null principal or host). */
export function formatEntry(e: { principal: string | null; host: string | null; operation: number; permissionType: number }): string {
  return `(principal=${e.principal ?? '<any>'}, host=${e.host ?? '<any>'}, operation=${operationName(e.operation)}, permissionType=${permissionTypeName(e.permissionType)})`;
}

/** AclBinding.toString. */
export function formatBinding(b: AclBinding): string {
  return `(pattern=${formatResourcePattern(b)}, entry=${formatEntry(b)})`;
}

/** The operations an ACL on each resource type may name (AclEntry.supportedOperations, Kafka 4.4). */
export function supportedOperations(resourceType: number): readonly number[] {
  const o = AclOperation;
  switch (resourceType) {
    case ResourceType.TOPIC:
      return [o.READ, o.WRITE, o.CREATE, o.DESCRIBE, o.DELETE, o.ALTER, o.DESCRIBE_CONFIGS, o.ALTER_CONFIGS];
    case ResourceType.GROUP:
      return [o.READ, o.DESCRIBE, o.DELETE, o.DESCRIBE_CONFIGS, o.ALTER_CONFIGS];
    case ResourceType.CLUSTER:
      return [o.CREATE, o.CLUSTER_ACTION, o.DESCRIBE_CONFIGS, o.ALTER_CONFIGS, o.IDEMPOTENT_WRITE, o.ALTER, o.DESCRIBE];
    case ResourceType.TRANSACTIONAL_ID:
      return [o.DESCRIBE, o.WRITE, o.TWO_PHASE_COMMIT];
    case ResourceType.DELEGATION_TOKEN:
      return [o.DESCRIBE];
    case ResourceType.USER:
      return [o.CREATE_TOKENS, o.DESCRIBE_TOKENS];
    default:
      return [];
  }
}

/** A stable key for one binding (equality of AclBinding). */
export function bindingKey(b: AclBinding): string {
  return JSON.stringify([b.resourceType, b.resourceName, b.patternType, b.principal, b.host, b.operation, b.permissionType]);
}
