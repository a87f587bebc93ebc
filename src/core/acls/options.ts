// kafka-acls' command line (AclCommand.AclCommandOptions.checkArgs) and the ACLs it turns into:
// resource filters from --topic/--cluster/--group/..., entries from principals x operations x hosts,
// the --producer/--consumer conveniences and the operation check per resource type, in Kafka's
// order and with its messages. Kafka's own order of resources and entries is a Java HashSet's
// (unspecified); ours is the order given on the command line.
import {
  AclOperation,
  AclPermissionType,
  CLUSTER_NAME,
  PatternType,
  ResourceType,
  WILDCARD,
  operationFromName,
  operationName,
  supportedOperations,
  type AclBinding,
} from '../../protocol/acl.js';
import { UsageError } from '../../shared/errors.js';

export type AclsAction = 'add' | 'remove' | 'list';

/** Parsed command-line flags, keyed as commander camel-cases Kafka's option names. */
export interface AclsFlags {
  add?: boolean;
  remove?: boolean;
  list?: boolean;
  topic?: string[];
  cluster?: boolean;
  group?: string[];
  transactionalId?: string[];
  delegationToken?: string[];
  userPrincipal?: string[];
  idempotent?: boolean;
  resourcePatternType?: string;
  operation?: string[];
  allowPrincipal?: string[];
  denyPrincipal?: string[];
  allowHost?: string[];
  denyHost?: string[];
  principal?: string[];
  producer?: boolean;
  consumer?: boolean;
  force?: boolean;
}

export const USAGE_HINT = "Run 'tkafka acls --help' for usage.";

function usage(message: string): UsageError {
  return new UsageError(message, USAGE_HINT);
}

/** A failure kafka-acls reports as "Error while executing ACL command: <message>" (exit 1). */
export class AclCommandError extends Error {
  override readonly name: string = 'AclCommandError';
}

const OPTION_KEYS = {
  add: 'add',
  remove: 'remove',
  list: 'list',
  topic: 'topic',
  cluster: 'cluster',
  group: 'group',
  'transactional-id': 'transactionalId',
  'delegation-token': 'delegationToken',
  'user-principal': 'userPrincipal',
  idempotent: 'idempotent',
  operation: 'operation',
  'allow-principal': 'allowPrincipal',
  'deny-principal': 'denyPrincipal',
  'allow-host': 'allowHost',
  'deny-host': 'denyHost',
  principal: 'principal',
  producer: 'producer',
  consumer: 'consumer',
  force: 'force',
} as const satisfies Record<string, keyof AclsFlags>;

type OptionName = keyof typeof OPTION_KEYS;

function has(flags: AclsFlags, option: OptionName): boolean {
  const v = flags[OPTION_KEYS[option]];
  return v !== undefined && v !== false;
}

/** CommandLineUtils.checkInvalidArgs. */
function checkInvalid(flags: AclsFlags, used: OptionName, invalid: readonly OptionName[]): void {
  if (!has(flags, used)) return;
  for (const other of invalid) if (has(flags, other)) throw usage(`Option "[${used}]" can't be used with option "[${other}]"`);
}

/** AclCommandOptions.checkArgs: the action and the options that go with it, in Kafka's order. */
export function checkAclsArgs(flags: AclsFlags): AclsAction {
  const actions = (['add', 'remove', 'list'] as const).filter((a) => has(flags, a));
  const action = actions[0];
  if (actions.length !== 1 || action === undefined) throw usage('Command must include exactly one action: --list, --add, --remove.');
  checkInvalid(flags, 'list', ['producer', 'consumer', 'allow-host', 'allow-principal', 'deny-host', 'deny-principal']);
  // --producer and --consumer infer the operations and allow only.
  checkInvalid(flags, 'producer', ['operation', 'deny-principal', 'deny-host']);
  checkInvalid(flags, 'consumer', ['operation', 'deny-principal', 'deny-host']);
  if (has(flags, 'principal') && !has(flags, 'list')) throw usage('The --principal option is only available if --list is set');
  if (has(flags, 'producer') && !has(flags, 'topic')) throw usage('With --producer you must specify a --topic');
  if (has(flags, 'idempotent') && !has(flags, 'producer')) throw usage('The --idempotent option is only available if --producer is set');
  if (has(flags, 'consumer') && (!has(flags, 'topic') || !has(flags, 'group') || (!has(flags, 'producer') && (has(flags, 'cluster') || has(flags, 'transactional-id'))))) {
    throw usage('With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.');
  }
  return action;
}

/** --resource-pattern-type (joptsimple's EnumConverter: any case; UNKNOWN refused). Default LITERAL. */
function parsePatternType(value: string | undefined): number {
  if (value === undefined) return PatternType.LITERAL;
  for (const [name, code] of Object.entries(PatternType)) {
    if (code !== PatternType.UNKNOWN && name.toLowerCase() === value.toLowerCase()) return code;
  }
  throw usage(`Cannot parse argument '${value}' of option resource-pattern-type`);
}

/** A resource pattern filter: the resource part of an AclBindingFilter. */
export interface ResourceFilter {
  readonly resourceType: number;
  readonly resourceName: string;
  readonly patternType: number;
}

/** An access control entry. */
export interface AclEntry {
  readonly principal: string;
  readonly host: string;
  readonly operation: number;
  readonly permissionType: number;
}

/** Resource filters with the entries to add or remove on each, in command-line order. */
export type FilterAcls = Array<{ filter: ResourceFilter; acls: AclEntry[] }>;

const sameFilter = (a: ResourceFilter, b: ResourceFilter): boolean => a.resourceType === b.resourceType && a.resourceName === b.resourceName && a.patternType === b.patternType;
const sameEntry = (a: AclEntry, b: AclEntry): boolean => a.principal === b.principal && a.host === b.host && a.operation === b.operation && a.permissionType === b.permissionType;

function pushUnique<T>(list: T[], item: T, same: (a: T, b: T) => boolean): void {
  if (!list.some((x) => same(x, item))) list.push(item);
}

/** SecurityUtils.parseKafkaPrincipal, as KafkaPrincipal.toString prints it back. */
function parsePrincipal(value: string): string {
  const i = value.indexOf(':');
  if (value === '' || i < 0) throw new AclCommandError(`expected a string in format principalType:principalName but got ${value}`);
  return value;
}

/** AclCommand.getResourceFilter: --topic, --cluster (literal only), --group, ... as filters. */
export function resourceFilters(flags: AclsFlags, dieIfNone: boolean): ResourceFilter[] {
  const patternType = parsePatternType(flags.resourcePatternType);
  const out: ResourceFilter[] = [];
  const add = (resourceType: number, names: readonly string[] | undefined, trim = true): void => {
    for (const n of names ?? []) pushUnique(out, { resourceType, resourceName: trim ? n.trim() : n, patternType }, sameFilter);
  };
  add(ResourceType.TOPIC, flags.topic);
  if (patternType === PatternType.LITERAL && (flags.cluster === true || flags.idempotent === true)) {
    pushUnique(out, { resourceType: ResourceType.CLUSTER, resourceName: CLUSTER_NAME, patternType: PatternType.LITERAL }, sameFilter);
  }
  add(ResourceType.GROUP, flags.group);
  // Kafka does not trim transactional ids.
  add(ResourceType.TRANSACTIONAL_ID, flags.transactionalId, false);
  add(ResourceType.DELEGATION_TOKEN, flags.delegationToken);
  add(ResourceType.USER, flags.userPrincipal);
  if (out.length === 0 && dieIfNone) throw usage('You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --delegation-token <Delegation Token ID>');
  return out;
}

function principals(values: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const v of values ?? []) pushUnique(out, parsePrincipal(v.trim()), (a, b) => a === b);
  return out;
}

/** AclCommand.getListPrincipals: the principals of `--list --principal`. */
export function listPrincipals(flags: AclsFlags): string[] {
  return principals(flags.principal);
}

function hosts(values: readonly string[] | undefined, principalGiven: boolean): string[] {
  if (values !== undefined && values.length > 0) {
    const out: string[] = [];
    for (const v of values) pushUnique(out, v.trim(), (a, b) => a === b);
    return out;
  }
  return principalGiven ? [WILDCARD] : [];
}

/** AclCommand.getAcl: allowed principals x operations x hosts, then the denied ones. */
function entries(flags: AclsFlags, operations: readonly number[]): AclEntry[] {
  const allowed = principals(flags.allowPrincipal);
  const denied = principals(flags.denyPrincipal);
  const allowHosts = hosts(flags.allowHost, flags.allowPrincipal !== undefined);
  const denyHosts = hosts(flags.denyHost, flags.denyPrincipal !== undefined);
  const out: AclEntry[] = [];
  const cross = (ps: string[], hs: string[], permissionType: number): void => {
    for (const principal of ps) for (const operation of operations) for (const host of hs) pushUnique(out, { principal, host, operation, permissionType }, sameEntry);
  };
  if (allowHosts.length > 0 && allowed.length > 0) cross(allowed, allowHosts, AclPermissionType.ALLOW);
  if (denyHosts.length > 0 && denied.length > 0) cross(denied, denyHosts, AclPermissionType.DENY);
  return out;
}

/** --operation values (default All) by SecurityUtils.operation's names; unknown ones are UNKNOWN (0). */
function cliOperations(flags: AclsFlags): number[] {
  const out: number[] = [];
  for (const v of flags.operation ?? ['All']) pushUnique(out, operationFromName(v.trim()), (a, b) => a === b);
  return out;
}

/** AclCommand.getResourceFilterToAcls: the entries per resource filter for --add and --remove. */
export function filterAcls(flags: AclsFlags): FilterAcls {
  const result: FilterAcls = [];
  const put = (filter: ResourceFilter, acls: AclEntry[], merge: boolean): void => {
    const existing = result.find((x) => sameFilter(x.filter, filter));
    if (existing === undefined) result.push({ filter, acls: [...acls] });
    else if (merge) for (const a of acls) pushUnique(existing.acls, a, sameEntry);
    else existing.acls = [...acls];
  };
  if (flags.producer !== true && flags.consumer !== true) {
    const acls = entries(flags, cliOperations(flags));
    for (const f of resourceFilters(flags, true)) put(f, acls, false);
  }
  const O = AclOperation;
  if (flags.producer === true) {
    const filters = resourceFilters(flags, true);
    for (const f of filters.filter((x) => x.resourceType === ResourceType.TOPIC)) put(f, entries(flags, [O.WRITE, O.DESCRIBE, O.CREATE]), false);
    for (const f of filters.filter((x) => x.resourceType === ResourceType.TRANSACTIONAL_ID)) put(f, entries(flags, [O.WRITE, O.DESCRIBE]), false);
    if (flags.idempotent === true) put({ resourceType: ResourceType.CLUSTER, resourceName: CLUSTER_NAME, patternType: PatternType.LITERAL }, entries(flags, [O.IDEMPOTENT_WRITE]), false);
  }
  if (flags.consumer === true) {
    const filters = resourceFilters(flags, true);
    for (const f of filters.filter((x) => x.resourceType === ResourceType.TOPIC)) put(f, entries(flags, [O.READ, O.DESCRIBE]), true);
    for (const f of filters.filter((x) => x.resourceType === ResourceType.GROUP)) put(f, entries(flags, [O.READ]), true);
  }
  validateOperations(result);
  return result;
}

/** AclCommand.validateOperation: each entry's operation must be one its resource type supports, or ALL. */
function validateOperations(result: FilterAcls): void {
  for (const { filter, acls } of result) {
    const valid = [...supportedOperations(filter.resourceType), AclOperation.ALL];
    if (acls.some((a) => !valid.includes(a.operation))) {
      const typeName = Object.entries(ResourceType).find(([, c]) => c === filter.resourceType)?.[0] ?? 'UNKNOWN';
      throw usage(`ResourceType ${typeName} only supports operations [${valid.map(operationName).join(', ')}]`);
    }
  }
}

/** AclCommand.getResourceToAcls: --add needs a specific pattern type and at least one principal per resource. */
export function bindingsToAdd(flags: AclsFlags): Array<{ resource: ResourceFilter; acls: AclEntry[] }> {
  const patternType = parsePatternType(flags.resourcePatternType);
  if (patternType !== PatternType.LITERAL && patternType !== PatternType.PREFIXED) {
    const name = Object.entries(PatternType).find(([, c]) => c === patternType)?.[0] ?? 'UNKNOWN';
    throw usage(`A '--resource-pattern-type' value of '${name}' is not valid when adding acls.`);
  }
  const result = filterAcls(flags);
  if (result.some((x) => x.acls.length === 0)) throw usage('You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.');
  return result.map(({ filter, acls }) => ({ resource: filter, acls }));
}

export function binding(resource: ResourceFilter, e: AclEntry): AclBinding {
  return { ...resource, ...e };
}
