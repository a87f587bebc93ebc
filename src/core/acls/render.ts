// kafka-acls' byte-exact text (AclCommand's println calls, ResourcePattern/AccessControlEntry
// toString) and the documents of -o json.
import { formatBinding, formatEntry, formatResourcePattern, namedBinding, operationName, patternTypeName, permissionTypeName, resourceTypeName, type AclBinding, type NamedAclBinding } from '../../protocol/acl.js';
import type { AclEntry, ResourceFilter } from './options.js';

export const ERROR_PREFIX = 'Error while executing ACL command: ';

const entryLines = (acls: readonly AclEntry[]): string => acls.map((a) => `\t${formatEntry(a)}`).join('\n');

/** "Acl <binding> already exists." */
export function alreadyExists(b: AclBinding): string {
  return `Acl ${formatBinding(b)} already exists.\n`;
}

/** The block printed before CreateAcls: note the space that starts the first entry line. */
export function addingAcls(resource: ResourceFilter, acls: readonly AclEntry[]): string {
  return `Adding ACLs for resource \`${formatResourcePattern(resource)}\`: \n ${entryLines(acls)}\n\n`;
}

/** The --list block of one resource. */
export function currentAcls(resource: ResourceFilter, acls: readonly AclEntry[]): string {
  return `Current ACLs for resource \`${formatResourcePattern(resource)}\`:\n${entryLines(acls)}\n\n`;
}

export function aclsForPrincipal(principal: string): string {
  return `ACLs for principal \`${principal}\`\n`;
}

/** The --remove confirmation (without --force): all ACLs of a filter, or the given entries. */
export function removePrompt(filter: ResourceFilter, acls: readonly AclEntry[]): string {
  if (acls.length === 0) return `Are you sure you want to delete all ACLs for resource filter \`${formatResourcePattern(filter)}\`? (y/n)\n`;
  return `Are you sure you want to remove ACLs: \n ${entryLines(acls)}\n from resource filter \`${formatResourcePattern(filter)}\`? (y/n)\n`;
}

/** One ACL in -o json: Kafka's enum names. */
export type AclJson = NamedAclBinding;
export const aclJson = namedBinding;

/** A resource with its ACLs in -o json (the --list document's entries). */
export interface ResourceJson {
  resourceType: string;
  name: string;
  patternType: string;
  acls: { principal: string; host: string; operation: string; permissionType: string }[];
}

export function resourceJson(resource: ResourceFilter, acls: readonly AclEntry[]): ResourceJson {
  return {
    resourceType: resourceTypeName(resource.resourceType),
    name: resource.resourceName,
    patternType: patternTypeName(resource.patternType),
    acls: acls.map((a) => ({ principal: a.principal, host: a.host, operation: operationName(a.operation), permissionType: permissionTypeName(a.permissionType) })),
  };
}
