// kafka-configs' actions (ConfigCommand.alterConfig / describeConfig, Kafka 4.4) over ConfigsAdmin:
// resource configs (topics, brokers, broker loggers, groups, client-metrics) through DescribeConfigs
// and IncrementalAlterConfigs, user SCRAM credentials, and client quotas (users, clients, ips and
// users+clients), with Kafka's checks, messages and output lines.
import { ErrorCode } from '../../protocol/error-codes.js';
import { isScramMechanism, SCRAM_DEFAULT_ITERATIONS, SCRAM_MIN_ITERATIONS, type ScramMechanism } from '../../protocol/sasl/scram.js';
import { ConfigsAdmin, ConfigsRuntimeError, ResourceType, type ConfigEntry, type QuotaEntity, type QuotaFilterComponent, type ScramUpsertion } from './admin.js';
import { javaHashOrder, javaHashSetOrder, javaMapHash, javaStringHash } from './java.js';
import { BROKER, BROKER_LOGGER, CLIENT, CLIENT_METRICS, ConfigCommandError, DEFAULT_ENTITY, GROUP, IP, TOPIC, USER, validateConfigKeys, type ConfigsRequest } from './options.js';
import { describeHeader, entryLine, quotaLine, scramErrorLine, scramLine, type ConfigsJson, type EntityJson } from './render.js';

const USER_AND_CLIENT_QUOTAS = new Set(['producer_byte_rate', 'consumer_byte_rate', 'request_percentage', 'controller_mutation_rate']);
const IP_QUOTAS = new Set(['connection_creation_rate']);

/** ClientQuotaEntity's type names. */
const QUOTA_ENTITY: Readonly<Record<string, string>> = { [USER]: 'user', [CLIENT]: 'client-id', [IP]: 'ip' };

export interface ConfigsOutput {
  /** One line of Kafka's text (stdout in text mode). */
  line(text: string): void;
}

export interface AlterInput {
  /** Configs to add, in command-line order (keys already trimmed). */
  add: Map<string, string>;
  del: string[];
}

const singular = (entityType: string): string => entityType.slice(0, -1);

function resourceType(entityType: string): number {
  switch (entityType) {
    case TOPIC:
      return ResourceType.TOPIC;
    case BROKER:
      return ResourceType.BROKER;
    case BROKER_LOGGER:
      return ResourceType.BROKER_LOGGER;
    case CLIENT_METRICS:
      return ResourceType.CLIENT_METRICS;
    case GROUP:
      return ResourceType.GROUP;
    default:
      throw new ConfigCommandError(`Invalid entity type: ${entityType}`);
  }
}

/** Topic.validate: an InvalidTopicException, which kafka-configs prints as its message alone. */
function validateTopic(name: string): void {
  let why: string | null = null;
  if (name === '') why = 'the empty string is not allowed';
  else if (name === '.') why = "'.' is not allowed";
  else if (name === '..') why = "'..' is not allowed";
  else if (name.length > 249) why = `the length of '${name}' is longer than the max allowed length 249`;
  else if (!/^[a-zA-Z0-9._-]+$/.test(name)) why = `'${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`;
  if (why !== null) throw new ConfigCommandError(`Topic name is invalid: ${why}`);
}

/** getResourceConfig: the entries to show, dynamic ones only unless --all, sorted by name. */
async function resourceConfig(admin: ConfigsAdmin, entityType: string, name: string, includeSynonyms: boolean, all: boolean): Promise<ConfigEntry[]> {
  let dynamicSource: string | null;
  if (entityType === TOPIC) {
    if (name !== '') validateTopic(name);
    dynamicSource = 'DYNAMIC_TOPIC_CONFIG';
  } else if (entityType === BROKER) {
    if (name !== DEFAULT_ENTITY) validateBrokerId(name, entityType);
    dynamicSource = name === DEFAULT_ENTITY ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : 'DYNAMIC_BROKER_CONFIG';
  } else if (entityType === BROKER_LOGGER) {
    if (name !== '') validateBrokerId(name, entityType);
    dynamicSource = null;
  } else if (entityType === CLIENT_METRICS) dynamicSource = 'DYNAMIC_CLIENT_METRICS_CONFIG';
  else if (entityType === GROUP) dynamicSource = 'DYNAMIC_GROUP_CONFIG';
  else throw new ConfigCommandError(`Invalid entity type: ${entityType}`);
  const filter = all ? null : dynamicSource;
  const entries = await admin.describeConfigs(resourceType(entityType), name, includeSynonyms);
  return entries.filter((e) => filter === null || e.source === filter).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function validateBrokerId(name: string, entityType: string): void {
  if (!/^[+-]?\d+$/.test(name)) throw new ConfigCommandError(`The entity name for ${entityType} must be a valid integer broker id, found: ${name}`);
}

// ---------------------------------------------------------------- alter

export async function alterConfigs(req: ConfigsRequest, input: AlterInput, admin: ConfigsAdmin, out: ConfigsOutput): Promise<ConfigsJson> {
  const [entityType = '', ...restTypes] = req.entityTypes;
  const entityName = req.entityNames[0] ?? '';
  validateConfigKeys(input.add.keys());
  const { add, del } = input;
  if (entityType === TOPIC || entityType === CLIENT_METRICS || entityType === BROKER || entityType === GROUP) {
    await alterResource(admin, entityType, entityName, add, del);
  } else if (entityType === BROKER_LOGGER) {
    const valid = new Set((await resourceConfig(admin, entityType, entityName, true, false)).map((e) => e.name));
    const invalid = [...del.filter((c) => !valid.has(c)), ...[...add.keys()].filter((c) => !valid.has(c))];
    if (invalid.length > 0) throw new ConfigCommandError(`Invalid broker logger(s): ${invalid.join(',')}`);
    await admin.incrementalAlterConfigs(ResourceType.BROKER_LOGGER, entityName, add, del);
  } else if (entityType === USER || entityType === CLIENT) {
    await alterUserOrClient(req, add, del, admin, entityType, restTypes.length + 1);
  } else if (entityType === IP) {
    const unknown = javaHashSetOrder([...add.keys(), ...del].filter((k) => !IP_QUOTAS.has(k)));
    if (unknown.length > 0) throw new ConfigCommandError(`Only connection quota configs can be added for '${IP}' using --bootstrap-server. Unexpected config names: ${unknown.join(', ')}`);
    await alterQuotas(admin, req.entityTypes, req.entityNames, add, del);
  } else throw new ConfigCommandError(`Unsupported entity type: ${entityType}`);

  const text = entityName !== '' ? `Completed updating config for ${singular(entityType)} ${entityName}.` : `Completed updating default config for ${entityType} in the cluster.`;
  out.line(text);
  return { altered: { entityType, entityName: entityName === '' ? null : entityName, set: Object.fromEntries(add), deleted: del } };
}

async function alterResource(admin: ConfigsAdmin, entityType: string, name: string, add: Map<string, string>, del: readonly string[]): Promise<void> {
  // Kafka 4.4 sends the change without reading the configs first (deleting an unset config is a
  // no-op) and leaves the topic name to the broker.
  try {
    await admin.incrementalAlterConfigs(resourceType(entityType), name, add, del);
  } catch (err) {
    if (err instanceof ConfigsRuntimeError && err.message.startsWith('org.apache.kafka.common.errors.UnsupportedVersionException')) {
      throw new ConfigCommandError(
        'The INCREMENTAL_ALTER_CONFIGS API is not supported by the cluster. The API is supported starting from version 2.3.0. You may want to use an older version of this tool to interact with your cluster, or upgrade your brokers to version 2.3.0 or newer to avoid this error.',
      );
    }
    throw err;
  }
}

async function alterUserOrClient(req: ConfigsRequest, add: Map<string, string>, del: readonly string[], admin: ConfigsAdmin, entityType: string, typeCount: number): Promise<void> {
  const addKeys = [...add.keys()];
  const hasQuotaToAdd = addKeys.some((k) => USER_AND_CLIENT_QUOTAS.has(k));
  const scramToAdd = addKeys.filter((k) => isScramMechanism(k));
  const unknownToAdd = addKeys.filter((k) => !isScramMechanism(k) && !USER_AND_CLIENT_QUOTAS.has(k));
  const hasQuotaToDelete = del.some((k) => USER_AND_CLIENT_QUOTAS.has(k));
  const scramToDelete = del.filter((k) => isScramMechanism(k));
  const unknownToDelete = del.filter((k) => !isScramMechanism(k) && !USER_AND_CLIENT_QUOTAS.has(k));
  if (entityType === CLIENT || typeCount === 2) {
    if (unknownToAdd.length > 0 || scramToAdd.length > 0) {
      throw new ConfigCommandError(`Only quota configs can be added for '${CLIENT}' using --bootstrap-server. Unexpected config names: ${javaHashSetOrder([...javaHashSetOrder(unknownToAdd), ...scramToAdd]).join(',')}`);
    }
    if (unknownToDelete.length > 0 || scramToDelete.length > 0) {
      throw new ConfigCommandError(`Only quota configs can be deleted for '${CLIENT}' using --bootstrap-server. Unexpected config names: ${javaHashSetOrder([...javaHashSetOrder(unknownToDelete), ...scramToDelete]).join(',')}`);
    }
  } else {
    if (unknownToAdd.length > 0) throw new ConfigCommandError(`Only quota and SCRAM credential configs can be added for '${USER}' using --bootstrap-server. Unexpected config names: ${javaHashSetOrder(unknownToAdd).join(',')}`);
    if (unknownToDelete.length > 0) throw new ConfigCommandError(`Only quota and SCRAM credential configs can be deleted for '${USER}' using --bootstrap-server. Unexpected config names: ${javaHashSetOrder(unknownToDelete).join(',')}`);
    if (scramToAdd.length > 0 || scramToDelete.length > 0) {
      if (req.entityNames.some((n) => n === DEFAULT_ENTITY)) throw new ConfigCommandError('The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server.');
      if (hasQuotaToAdd || hasQuotaToDelete) throw new ConfigCommandError(`Cannot alter both quota and SCRAM credential configs simultaneously for '${USER}' using --bootstrap-server.`);
    }
  }
  if (hasQuotaToAdd || hasQuotaToDelete) {
    await alterQuotas(admin, req.entityTypes, req.entityNames, add, del);
    return;
  }
  const user = req.entityNames[0] ?? '';
  // Kafka builds the upsertions from a HashMap of the configs to add.
  const upsertions: ScramUpsertion[] = javaHashSetOrder(scramToAdd).map((m) => {
    const mechanism = m as ScramMechanism;
    const { iterations, password } = parseScramCredential(mechanism, add.get(m) ?? '');
    return { mechanism, iterations, password };
  });
  await admin.alterScram(user, scramToDelete, upsertions);
}

/** parseIterationsAndPasswordBytes: `[iterations=N,]password=P`, iterations at least 4096. */
export function parseScramCredential(mechanism: ScramMechanism, text: string): { iterations: number; password: Buffer } {
  const m = /^(?:iterations=(-?[0-9]*),)?password=(.*)$/s.exec(text);
  if (m === null) throw new ConfigCommandError(`Invalid credential property ${mechanism.replace('SCRAM-', 'SCRAM_').replace('SHA-', 'SHA_')}=${text}`);
  const raw = m[1];
  let iterations = SCRAM_DEFAULT_ITERATIONS;
  if (raw !== undefined && raw !== '-1') {
    // Integer.parseInt: an empty or out-of-range number is a NumberFormatException.
    const n = Number(raw);
    if (raw === '' || raw === '-' || !Number.isSafeInteger(n) || n > 2147483647 || n < -2147483648) {
      throw new ConfigsRuntimeError(`java.lang.NumberFormatException: For input string: "${raw}"`);
    }
    iterations = n;
  }
  if (iterations < SCRAM_MIN_ITERATIONS) throw new ConfigCommandError(`Iterations ${iterations} is less than the minimum ${SCRAM_MIN_ITERATIONS} required for ${mechanism}`);
  return { iterations, password: Buffer.from(m[2] ?? '', 'utf8') };
}

/** Parses a quota value as Double.parseDouble does (a decimal or hex float, optional f/d suffix). */
function parseJavaDouble(key: string, value: string): number {
  const v = value.trim();
  if (/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/.test(v)) return Number(v.replace(/[fFdD]$/, ''));
  throw new ConfigCommandError(`Cannot parse quota configuration value for ${key}: ${value}`);
}

function quotaEntityType(t: string): string {
  const e = QUOTA_ENTITY[t];
  if (e === undefined) throw new ConfigCommandError(`Unexpected entity type ${t}`);
  return e;
}

/** getAllClientQuotasConfigs' filter: one component per entity type, strict. */
function quotaFilter(types: readonly string[], names: readonly string[]): QuotaFilterComponent[] {
  const out: QuotaFilterComponent[] = [];
  for (let i = 0; i < Math.max(types.length, names.length); i++) {
    const t = types[i];
    if (t === undefined) throw new ConfigCommandError('More entity names specified than entity types');
    const entityType = quotaEntityType(t);
    const name = names[i];
    out.push(name === undefined ? { entityType, matchType: 2, match: null } : name === DEFAULT_ENTITY ? { entityType, matchType: 1, match: null } : { entityType, matchType: 0, match: name });
  }
  return out;
}

async function alterQuotas(admin: ConfigsAdmin, types: readonly string[], names: readonly string[], add: Map<string, string>, del: readonly string[]): Promise<void> {
  if (types.length !== names.length) throw new ConfigCommandError('Exactly one entity name must be specified for every entity type');
  const current = (await admin.describeQuotas(quotaFilter(types, names)))[0];
  const old = new Set((current?.values ?? []).map(([k]) => k));
  const invalid = del.filter((k) => !old.has(k));
  if (invalid.length > 0) throw new ConfigCommandError(`Invalid config(s): ${invalid.join(',')}`);
  const entity: QuotaEntity = types.map((t, i) => ({ entityType: quotaEntityType(t), entityName: names[i] === DEFAULT_ENTITY ? null : (names[i] ?? null) }));
  const ops = [...javaHashSetOrder([...add.keys()]).map((k) => ({ key: k, value: parseJavaDouble(k, add.get(k) ?? '') })), ...del.map((k) => ({ key: k, value: null }))];
  await admin.alterQuotas(entity, ops);
}

// ---------------------------------------------------------------- describe

export async function describeConfigs(req: ConfigsRequest, admin: ConfigsAdmin, out: ConfigsOutput): Promise<ConfigsJson> {
  const entityType = req.entityTypes[0] ?? '';
  if (entityType === TOPIC || entityType === BROKER || entityType === BROKER_LOGGER || entityType === CLIENT_METRICS || entityType === GROUP) {
    return { entities: await describeResources(admin, entityType, req.entityNames[0], req.all, out) };
  }
  if (entityType === USER || entityType === CLIENT) {
    const quotas = await describeQuotas(admin, req.entityTypes, req.entityNames, out);
    if (req.entityTypes.includes(CLIENT) || req.entityNames.includes(DEFAULT_ENTITY)) return { quotas };
    const scram: NonNullable<ConfigsJson['scram']> = [];
    for (const r of await admin.describeScram(req.entityNames)) {
      // DescribeUserScramCredentialsResult.users() leaves out the users without credentials.
      if (r.error?.errorCode === ErrorCode.RESOURCE_NOT_FOUND) continue;
      if (r.error !== null) {
        out.line(scramErrorLine(r.user, `ExecutionException: ${r.error.message}`));
        scram.push({ user: r.user, error: r.error.message, credentials: [] });
      } else {
        out.line(scramLine(r.user, r.credentials));
        scram.push({ user: r.user, credentials: r.credentials });
      }
    }
    return { quotas, scram };
  }
  if (entityType === IP) return { quotas: await describeQuotas(admin, req.entityTypes, req.entityNames, out) };
  throw new ConfigCommandError(`Invalid entity type: ${entityType}`);
}

async function groupHasConfigs(admin: ConfigsAdmin, name: string): Promise<boolean> {
  try {
    return (await admin.describeConfigs(ResourceType.GROUP, name, false)).some((e) => e.source === 'DYNAMIC_GROUP_CONFIG');
  } catch (err) {
    if (err instanceof ConfigsRuntimeError) return false;
    throw err;
  }
}

const doesNotExist = (entityType: string, name: string): string => `The ${singular(entityType)} '${name}' doesn't exist and doesn't have dynamic config.`;

async function describeResources(admin: ConfigsAdmin, entityType: string, name: string | undefined, all: boolean, out: ConfigsOutput): Promise<EntityJson[]> {
  if (!all && name !== undefined) {
    let exists: boolean;
    if (entityType === TOPIC) {
      validateTopic(name);
      exists = (await admin.cluster()).topics.includes(name);
    } else if (entityType === BROKER || entityType === BROKER_LOGGER) {
      exists = name === DEFAULT_ENTITY || (await admin.cluster()).brokers.some((b) => String(b) === name);
    } else if (entityType === CLIENT_METRICS) {
      exists = (await admin.listClientMetrics()).includes(name);
    } else {
      // Kafka also counts groups that only have configs (ListConfigResources v1, which our client
      // does not speak): a group with a dynamic config is one of those.
      exists = (await admin.listGroups()).includes(name) || (await groupHasConfigs(admin, name));
    }
    if (!exists) {
      out.line(doesNotExist(entityType, name));
      return [];
    }
  }
  let entities: string[];
  if (name !== undefined) entities = [name];
  else if (entityType === TOPIC) entities = javaHashSetOrder((await admin.cluster()).topics);
  else if (entityType === BROKER || entityType === BROKER_LOGGER) entities = [...(await admin.cluster()).brokers.map(String), DEFAULT_ENTITY];
  else if (entityType === CLIENT_METRICS) entities = await admin.listClientMetrics();
  else entities = javaHashSetOrder(await admin.listGroups());

  const docs: EntityJson[] = [];
  for (const entity of entities) {
    out.line(describeHeader(entityType, entity, all));
    const entries = await resourceConfig(admin, entityType, entity, true, all);
    for (const e of entries) out.line(entryLine(e));
    docs.push({ entityType, entityName: entity === DEFAULT_ENTITY ? null : entity, configs: entries });
  }
  return docs;
}

type QuotaJson = NonNullable<ConfigsJson['quotas']>[number];

async function describeQuotas(admin: ConfigsAdmin, types: readonly string[], names: readonly string[], out: ConfigsOutput): Promise<QuotaJson[]> {
  const found = await admin.describeQuotas(quotaFilter(types, names));
  // The admin client's Map<ClientQuotaEntity, Map<String, Double>>, each a HashMap.
  const ordered = javaHashOrder(found, (e) => javaMapHash(e.entity.map((x) => [x.entityType, x.entityName] as const)), found.length);
  const docs: QuotaJson[] = [];
  for (const e of ordered) {
    const values = javaHashOrder(e.values, ([k]) => javaStringHash(k), e.values.length);
    out.line(quotaLine(e.entity, values));
    docs.push({ entity: Object.fromEntries(e.entity.map((x) => [x.entityType, x.entityName])), values: Object.fromEntries(values) });
  }
  return docs;
}
