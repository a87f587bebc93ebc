// kafka-configs' command line (ConfigCommand.ConfigCommandOptions.checkArgs, Kafka 4.4): the entity
// types and names from --entity-type/--entity-name/--entity-default and the shortcut flags, the
// --add-config grammar (brackets group values with commas) and the --delete-config list, with
// Kafka's checks in Kafka's order and its messages.
import { isIP } from 'node:net';
import { UsageError } from '../../shared/errors.js';

export const TOPIC = 'topics';
export const CLIENT = 'clients';
export const USER = 'users';
export const BROKER = 'brokers';
export const BROKER_LOGGER = 'broker-loggers';
export const IP = 'ips';
export const CLIENT_METRICS = 'client-metrics';
export const GROUP = 'groups';

/** ConfigCommand.BROKER_SUPPORTED_CONFIG_TYPES: broker-loggers, then ConfigType.values() in order. */
export const ENTITY_TYPES = [BROKER_LOGGER, TOPIC, CLIENT, USER, BROKER, IP, CLIENT_METRICS, GROUP] as const;

/** The entity name Kafka uses for "the default entity" (--entity-default, --*-defaults). */
export const DEFAULT_ENTITY = '';

export const USAGE_HINT = "Run 'tkafka configs --help' for usage.";

/** Parsed command-line flags, keyed as commander camel-cases Kafka's option names. */
export interface ConfigsFlags {
  describe?: boolean;
  alter?: boolean;
  all?: boolean;
  entityType?: string[];
  /** --entity-name and --entity-default in command-line order ('' for --entity-default). */
  entityNameOrder?: string[];
  entityDefault?: boolean;
  addConfig?: string[];
  addConfigFile?: string;
  deleteConfig?: string[];
  topic?: string;
  client?: string;
  clientDefaults?: boolean;
  user?: string;
  userDefaults?: boolean;
  broker?: string;
  brokerDefaults?: boolean;
  brokerLogger?: string;
  ip?: string;
  ipDefaults?: boolean;
  group?: string;
  clientMetrics?: string;
  force?: boolean;
}

/** A Kafka IllegalArgumentException / InvalidConfigurationException: its message alone, exit 1. */
export class ConfigCommandError extends Error {
  override readonly name: string = 'ConfigCommandError';
}

function usage(message: string): UsageError {
  return new UsageError(message, USAGE_HINT);
}

type NamedFlag = 'topic' | 'client' | 'user' | 'broker' | 'brokerLogger' | 'ip' | 'clientMetrics' | 'group';
type DefaultFlag = 'clientDefaults' | 'userDefaults' | 'brokerDefaults' | 'ipDefaults';

// ConfigCommandOptions.entityFlags() and entityDefaultsFlags(), in Kafka's order.
const ENTITY_FLAGS: ReadonlyArray<readonly [NamedFlag, string]> = [
  ['topic', TOPIC],
  ['client', CLIENT],
  ['user', USER],
  ['broker', BROKER],
  ['brokerLogger', BROKER_LOGGER],
  ['ip', IP],
  ['clientMetrics', CLIENT_METRICS],
  ['group', GROUP],
];
const DEFAULT_FLAGS: ReadonlyArray<readonly [DefaultFlag, string]> = [
  ['clientDefaults', CLIENT],
  ['userDefaults', USER],
  ['brokerDefaults', BROKER],
  ['ipDefaults', IP],
];

export type ConfigsAction = 'describe' | 'alter';

export interface ConfigsRequest {
  action: ConfigsAction;
  entityTypes: string[];
  entityNames: string[];
  all: boolean;
}

/** ConfigCommandOptions.entityTypes(): --entity-type values, then the shortcut flags. */
export function entityTypes(f: ConfigsFlags): string[] {
  return [...(f.entityType ?? []), ...ENTITY_FLAGS.filter(([k]) => f[k] !== undefined).map(([, t]) => t), ...DEFAULT_FLAGS.filter(([k]) => f[k] === true).map(([, t]) => t)];
}

/** ConfigCommandOptions.entityNames(): --entity-name/--entity-default in order, then the shortcuts. */
export function entityNames(f: ConfigsFlags): string[] {
  return [...(f.entityNameOrder ?? []), ...ENTITY_FLAGS.flatMap(([k]) => (f[k] === undefined ? [] : [f[k]])), ...DEFAULT_FLAGS.filter(([k]) => f[k] === true).map(() => DEFAULT_ENTITY)];
}

const isInt = (s: string): boolean => /^[+-]?\d+$/.test(s) && Number(s) >= -2147483648 && Number(s) <= 2147483647;

/** InetAddress.getByName without a lookup: an IP literal or something shaped like a host name. */
function validIpEntity(s: string): boolean {
  return isIP(s.replace(/^\[(.*)\]$/, '$1')) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(s);
}

/** checkArgs(): Kafka's checks, in its order; usage errors exit 2. */
export function checkConfigsArgs(f: ConfigsFlags, hasBootstrapServer: boolean, hasBootstrapController: boolean): ConfigsRequest {
  const actions = (f.alter === true ? 1 : 0) + (f.describe === true ? 1 : 0);
  if (actions !== 1) throw usage('Command must include exactly one action: --describe, --alter');
  if (f.describe === true && (f.addConfig !== undefined || f.deleteConfig !== undefined)) {
    throw usage(`Option "[describe]" can't be used with option "${f.addConfig !== undefined ? '[add-config]' : '[delete-config]'}"`);
  }
  const types = entityTypes(f);
  const seen = new Set<string>();
  const dups = [...new Set(types.filter((t) => (seen.has(t) ? true : (seen.add(t), false))))];
  if (dups.length > 0) throw usage(`Duplicate entity type(s) specified: ${dups.join(',')}`);
  if (hasBootstrapServer && hasBootstrapController) throw usage('Only one of --bootstrap-server or --bootstrap-controller can be specified');
  for (const t of types) {
    if (!(ENTITY_TYPES as readonly string[]).includes(t)) {
      throw usage(`Invalid entity type ${t}, the entity type must be one of ${ENTITY_TYPES.join(', ')} with a --bootstrap-server or --bootstrap-controller argument`);
    }
  }
  if (types.length === 0) throw usage('At least one entity type must be specified');
  if (types.length > 1 && !(types.length === 2 && types.includes(USER) && types.includes(CLIENT))) throw usage(`Only '${USER}' and '${CLIENT}' entity types may be specified together`);
  const usesEntityFlags = (f.entityNameOrder ?? []).length > 0 || (f.entityType ?? []).length > 0 || f.entityDefault === true;
  if (usesEntityFlags && (ENTITY_FLAGS.some(([k]) => f[k] !== undefined) || DEFAULT_FLAGS.some(([k]) => f[k] === true))) {
    throw usage('--entity-{type,name,default} should not be used in conjunction with specific entity flags');
  }
  const names = entityNames(f);
  const hasName = names.some((n) => n !== DEFAULT_ENTITY);
  const hasDefault = names.some((n) => n === DEFAULT_ENTITY);
  // jopt's valueOf: the first --entity-name (or the shortcut's value).
  const firstName = (f.entityNameOrder ?? []).find((n) => n !== DEFAULT_ENTITY);
  if (hasName && (types.includes(BROKER) || types.includes(BROKER_LOGGER))) {
    for (const id of [firstName, f.broker, f.brokerLogger]) {
      if (id !== undefined && !isInt(id)) throw usage(`The entity name for ${types[0]} must be a valid integer broker id, but it is: ${id}`);
    }
  }
  if (hasName && types.includes(IP)) {
    for (const ip of [firstName, f.ip]) {
      if (ip !== undefined && !validIpEntity(ip)) throw usage(`The entity name for ${types[0]} must be a valid IP or resolvable host, but it is: ${ip}`);
    }
  }
  const quotaLike = types.includes(USER) || types.includes(CLIENT) || types.includes(BROKER) || types.includes(IP);
  if (f.describe === true) {
    if (!quotaLike && f.entityDefault === true) throw usage(`--entity-default must not be specified with --describe of ${types.join(',')}`);
    if (types.includes(BROKER_LOGGER) && !hasName) throw usage(`An entity name must be specified with --describe of ${types.join(',')}`);
  }
  if (f.alter === true) {
    if (quotaLike) {
      if (!hasName && !hasDefault) throw usage('An entity-name or default entity must be specified with --alter of users, clients, brokers or ips');
    } else if (!hasName) throw usage(`An entity name must be specified with --alter of ${types.join(',')}`);
    const add = f.addConfig !== undefined;
    const addFile = f.addConfigFile !== undefined;
    if (add && addFile) throw usage('Only one of --add-config or --add-config-file must be specified');
    if (!add && !addFile && f.deleteConfig === undefined) throw usage('At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter');
    if (types.length !== names.length) throw new ConfigCommandError('An entity name must be specified for every entity type');
  }
  return { action: f.alter === true ? 'alter' : 'describe', entityTypes: types, entityNames: names, all: f.all === true };
}

// The lookahead Kafka splits --add-config with: a separator outside square brackets.
const OUTSIDE_BRACKETS = '(?=[^\\]]*(?:\\[|$))';
const ENTRY_SPLIT = new RegExp(`,${OUTSIDE_BRACKETS}`);
const KEY_VALUE_SPLIT = new RegExp(`\\s*=\\s*${OUTSIDE_BRACKETS}`);

/** Java's String.split(regex) (limit 0): trailing empty strings dropped, a leading empty match skipped. */
function javaSplit(s: string, re: RegExp, keepTrailing: boolean): string[] {
  const parts = s.split(re);
  if (!keepTrailing) while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (s === '') return [''];
  return parts;
}

/** parseConfigsToBeAdded for the --add-config text: ordered pairs, later keys replacing earlier ones. */
export function parseAddConfig(text: string): Map<string, string> {
  const pairs = javaSplit(text, ENTRY_SPLIT, false).map((entry) => javaSplit(entry, KEY_VALUE_SPLIT, true));
  if (pairs.some((p) => p.length !== 2)) {
    throw new ConfigCommandError('Invalid entity config: all configs to be added must be in the format "key=val" or  "key=[val1,val2]" to group values which contain commas.');
  }
  const out = new Map<string, string>();
  for (const [k, v] of pairs as Array<[string, string]>) out.set(k.trim(), v.replace(/\[?\]?/g, '').trim());
  return out;
}

/** validatePropsKey: '$' is allowed for loggers of inner classes. */
export function validateConfigKeys(keys: Iterable<string>): void {
  for (const k of keys) {
    if (!/^[$a-zA-Z0-9._-]*$/.test(k)) throw new ConfigCommandError(`Invalid character found for config key: ${k}`);
  }
}

/** --delete-config values, comma separated and repeatable, each trimmed. */
export function parseDeleteConfig(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim());
}
