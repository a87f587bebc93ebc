// GROUP (32) and CLIENT_METRICS (16) config resources, as Kafka 4.4 serves them (ConfigHelper for
// DescribeConfigs, ControllerConfigurationValidator with GroupConfig / ClientMetricsConfigs for the
// AlterConfigs pair; texts and error codes checked against Apache Kafka 4.4):
// - client metrics: keys `metrics` (LIST), `interval.ms` (INT, 100..3600000) and `match` (LIST of
//   `<selector>=<regex>`). A subscription exists while it has a config; DescribeConfigs of any name
//   lists the three keys, the set ones with source CLIENT_METRICS_CONFIG, the others at their default.
// - groups: Kafka's group configs (consumer.*, share.*, streams.*, errors.deadletterqueue.*), each
//   defaulting to the broker's group.* key that stands behind it, with Kafka's parse and range checks
//   and its checks against the broker's group.<type>.min/max bounds. The KIP-848 coordinator uses a
//   group's consumer.session.timeout.ms and consumer.heartbeat.interval.ms (effectiveConsumerTimeouts).
// APPEND/SUBTRACT are refused for both resource types, as Kafka's controller refuses them (it knows
// no LIST keys for them).
import {
  defaultDescribeConfigsResourceResult,
  type DescribeConfigsResourceResult,
  type DescribeConfigsSynonym,
} from '../../protocol/generated/messages/describe-configs-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Broker } from '../broker.js';
import { ConfigSource, ConfigType, parseConfigList } from '../metadata/topic-configs.js';
import { brokerBound, brokerValue } from '../entity-configs.js';
import { javaHashOrder, javaStringHash } from '../../shared/java-hash.js';

export interface EntityOutcome {
  errorCode: number;
  errorMessage: string | null;
}

const OK: EntityOutcome = { errorCode: 0, errorMessage: null };
const invalidConfig = (m: string): EntityOutcome => ({ errorCode: ErrorCode.INVALID_CONFIG, errorMessage: m });
const invalidRequest = (m: string): EntityOutcome => ({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: m });

type TypeId = (typeof ConfigType)[keyof typeof ConfigType];

// ---------------------------------------------------------------------------------------------
// ConfigDef parsing (the part Kafka's GroupConfig and ClientMetricsConfigs use)

interface KeyDef {
  type: TypeId;
  /** ConfigDef.Range.atLeast. */
  atLeast?: number;
  /** ConfigDef.ValidString.in. */
  oneOf?: readonly string[];
  /** A custom validator's reason, or null when fine. */
  check?: (v: string) => string | null;
  doc: string;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Kafka's ConfigDef.parseType then the key's validator; the INVALID_CONFIG text or null. */
function parseProblem(key: string, def: KeyDef, raw: string): string | null {
  const bad = (why: string): string => `Invalid value ${raw} for configuration ${key}: ${why}`;
  const t = raw.trim();
  if (def.type === ConfigType.INT || def.type === ConfigType.LONG) {
    const type = def.type === ConfigType.LONG ? 'LONG' : 'INT';
    if (!/^[+-]?\d+$/.test(t)) return bad(`Not a number of type ${type}`);
    const n = BigInt(t);
    const [lo, hi] = type === 'LONG' ? [-(2n ** 63n), 2n ** 63n - 1n] : [BigInt(INT_MIN), BigInt(INT_MAX)];
    if (n < lo || n > hi) return bad(`Not a number of type ${type}`);
    if (def.atLeast !== undefined && n < BigInt(def.atLeast)) return `Invalid value ${n} for configuration ${key}: Value must be at least ${def.atLeast}`;
    return null;
  }
  if (def.type === ConfigType.BOOLEAN) return t.toLowerCase() === 'true' || t.toLowerCase() === 'false' ? null : bad('Expected value to be either true or false');
  if (def.type === ConfigType.STRING) {
    if (def.oneOf !== undefined && !def.oneOf.includes(t)) return `Invalid value ${t} for configuration ${key}: String must be one of: ${def.oneOf.join(', ')}`;
    const why = def.check?.(t) ?? null;
    return why === null ? null : `Invalid value ${t} for configuration ${key}: ${why}`;
  }
  return null;
}

/** ConfigDef.convertToString of the parsed value: what DescribeConfigs answers. */
function canonical(def: KeyDef, raw: string): string {
  const t = raw.trim();
  if (def.type === ConfigType.INT || def.type === ConfigType.LONG) return /^[+-]?\d+$/.test(t) ? BigInt(t).toString() : raw;
  if (def.type === ConfigType.BOOLEAN) return t.toLowerCase();
  if (def.type === ConfigType.LIST) return parseConfigList(raw).join(',');
  return t;
}

function describedEntry(name: string, value: string, source: number, type: number, synonyms: DescribeConfigsSynonym[], doc: string | null): DescribeConfigsResourceResult {
  return {
    ...defaultDescribeConfigsResourceResult(),
    name,
    value,
    readOnly: false,
    isDefault: false,
    configSource: source,
    isSensitive: false,
    synonyms,
    configType: type,
    documentation: doc,
  };
}

function wanted(keys: readonly string[] | null, name: string): boolean {
  return keys === null || keys.length === 0 || keys.includes(name);
}

export interface EntityDescribeOptions {
  keys: readonly string[] | null;
  includeSynonyms: boolean;
  includeDocumentation: boolean;
}

/** The APPEND/SUBTRACT refusal of Kafka's controller for these resource types; null when none. */
export function listOpProblem(configs: readonly { name: string; configOperation: number }[]): EntityOutcome | null {
  const op = configs.find((c) => c.configOperation === 2 || c.configOperation === 3);
  if (op === undefined) return null;
  return invalidConfig(`Can't ${op.configOperation === 2 ? 'APPEND' : 'SUBTRACT'} to key ${op.name} because its type is not LIST.`);
}

// ---------------------------------------------------------------------------------------------
// Client metrics (ClientMetricsConfigs)

const MATCH_SELECTORS = ['client_instance_id', 'client_id', 'client_software_name', 'client_software_version', 'client_source_address', 'client_source_port'];

const CLIENT_METRICS_KEYS: ReadonlyArray<readonly [string, KeyDef, string]> = [
  ['interval.ms', { type: ConfigType.INT, doc: 'Metrics push interval in milliseconds' }, '300000'],
  ['match', { type: ConfigType.LIST, doc: 'Client match criteria' }, ''],
  ['metrics', { type: ConfigType.LIST, doc: 'Telemetry metric name prefix list' }, ''],
];

/** Java's String.split("="): trailing empty strings dropped. */
function javaSplitEquals(s: string): string[] {
  const parts = s.split('=');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function matchPatternProblem(pattern: string): string | null {
  const pair = javaSplitEquals(pattern);
  const illegal = `Illegal client matching pattern: ${pattern}`;
  if (pair.length !== 2 || !MATCH_SELECTORS.includes((pair[0] ?? '').trim())) return illegal;
  try {
    new RegExp((pair[1] ?? '').trim(), 'u');
  } catch {
    return illegal;
  }
  return null;
}

/** ClientMetricsConfigs.validate over the subscription's resulting configs. */
export function clientMetricsProblem(name: string, configs: Readonly<Record<string, string>>): EntityOutcome | null {
  if (name === '') return invalidRequest("Subscription name can't be empty");
  const unknown = Object.keys(configs).find((k) => !CLIENT_METRICS_KEYS.some(([n]) => n === k));
  if (unknown !== undefined) return invalidRequest(`Unknown client metrics configuration: ${unknown}`);
  for (const [key, def] of CLIENT_METRICS_KEYS) {
    const v = configs[key];
    if (v === undefined) continue;
    const problem = parseProblem(key, def, v);
    if (problem !== null) return invalidConfig(problem);
  }
  const interval = configs['interval.ms'];
  if (interval !== undefined) {
    const n = Number(interval.trim());
    if (n < 100 || n > 3600000) return invalidRequest(`Invalid value ${n} for interval.ms, interval must be between 100 and 3600000 (1 hour)`);
  }
  const match = configs['match'];
  if (match !== undefined) {
    for (const p of parseConfigList(match)) {
      const problem = matchPatternProblem(p);
      if (problem !== null) return invalidConfig(problem);
    }
  }
  return null;
}

/** DescribeConfigs of a client metrics subscription (any name; unknown ones answer the defaults). */
export function describeClientMetrics(broker: Broker, name: string, opts: EntityDescribeOptions): DescribeConfigsResourceResult[] {
  const stored = broker.entityConfigs.get('clientMetrics', name);
  const out: DescribeConfigsResourceResult[] = [];
  for (const [key, def, dflt] of CLIENT_METRICS_KEYS) {
    if (!wanted(opts.keys, key)) continue;
    const doc = opts.includeDocumentation ? def.doc : null;
    const v = stored[key];
    if (v === undefined) out.push(describedEntry(key, dflt, ConfigSource.DEFAULT_CONFIG, def.type, [], doc));
    else {
      const value = canonical(def, v);
      const syn = [{ name: key, value, source: ConfigSource.CLIENT_METRICS_CONFIG }];
      out.push(describedEntry(key, value, ConfigSource.CLIENT_METRICS_CONFIG, def.type, opts.includeSynonyms ? syn : [], doc));
    }
  }
  return out;
}

/** Stores a subscription's resulting configs after Kafka's checks (validateOnly: checks only). */
export function alterClientMetrics(broker: Broker, name: string, next: Record<string, string>, validateOnly: boolean): EntityOutcome {
  const problem = clientMetricsProblem(name, next);
  if (problem !== null) return problem;
  if (!validateOnly) {
    broker.entityConfigs.set('clientMetrics', name, next);
    broker.log(`altered client metrics ${name}: ${JSON.stringify(next)}`);
  }
  return OK;
}

/** ListClientMetricsResources: the subscriptions that have a config. */
export function clientMetricsNames(broker: Broker): string[] {
  return broker.entityConfigs.names('clientMetrics');
}

// ---------------------------------------------------------------------------------------------
// Groups (GroupConfig)

interface GroupKeyDef extends KeyDef {
  /** The broker key that gives the default (its synonym), or null when the default is Kafka's constant. */
  broker: string | null;
  /** Kafka's default when the broker key is not set. */
  dflt: string;
}

const SHARE_RESET_TEXT = (v: string): string =>
  `Invalid value \`${v}\` for configuration share.auto.offset.reset. The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS>'.`;

function shareResetProblem(v: string): string | null {
  const l = v.toLowerCase();
  if (l === 'earliest' || l === 'latest') return null;
  if (l.startsWith('by_duration:') && /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/i.test(v.slice('by_duration:'.length))) return null;
  return SHARE_RESET_TEXT(v);
}

function hasDuplicates(raw: string): boolean {
  const items = parseConfigList(raw);
  return new Set(items).size !== items.length;
}

const INT = ConfigType.INT;
const BOOL = ConfigType.BOOLEAN;
const STR = ConfigType.STRING;

// Kafka 4.4's GroupConfig, in its definition order (ConfigDef.parse checks in this order).
const GROUP_KEYS: ReadonlyArray<readonly [string, GroupKeyDef]> = [
  ['consumer.session.timeout.ms', { type: INT, atLeast: 1, broker: 'group.consumer.session.timeout.ms', dflt: '45000', doc: 'The timeout to detect client failures when using the consumer group protocol.' }],
  ['consumer.heartbeat.interval.ms', { type: INT, atLeast: 1, broker: 'group.consumer.heartbeat.interval.ms', dflt: '5000', doc: 'The heartbeat interval given to the members of a consumer group.' }],
  ['consumer.assignment.interval.ms', { type: INT, atLeast: 0, broker: 'group.consumer.assignment.interval.ms', dflt: '1000', doc: 'The interval between assignment updates for a consumer group.' }],
  ['consumer.assignor.offload.enable', { type: BOOL, broker: 'group.consumer.assignor.offload.enable', dflt: 'true', doc: 'Whether to offload consumer group assignment to a group coordinator background thread.' }],
  ['share.session.timeout.ms', { type: INT, atLeast: 1, broker: 'group.share.session.timeout.ms', dflt: '45000', doc: 'The timeout to detect client failures when using the share group protocol.' }],
  ['share.heartbeat.interval.ms', { type: INT, atLeast: 1, broker: 'group.share.heartbeat.interval.ms', dflt: '5000', doc: 'The heartbeat interval given to the members of a share group.' }],
  ['share.record.lock.duration.ms', { type: INT, atLeast: 1000, broker: 'group.share.record.lock.duration.ms', dflt: '30000', doc: 'The record acquisition lock duration in milliseconds for share groups.' }],
  ['share.delivery.count.limit', { type: INT, atLeast: 2, broker: 'group.share.delivery.count.limit', dflt: '5', doc: 'The maximum number of delivery attempts for a record delivered to a share group.' }],
  ['share.partition.max.record.locks', { type: INT, atLeast: 100, broker: 'group.share.partition.max.record.locks', dflt: '2000', doc: 'Share-group record lock limit per share-partition.' }],
  [
    'share.auto.offset.reset',
    {
      type: STR,
      broker: null,
      dflt: 'latest',
      check: shareResetProblem,
      doc: 'The strategy to initialize the share-partition start offset. <ul><li>earliest: automatically reset the offset to the earliest offset</li><li>latest: automatically reset the offset to the latest offset</li><li>by_duration:&lt;duration&gt;: automatically reset the offset to a configured duration from the current timestamp. &lt;duration&gt; must be specified in ISO8601 format (PnDTnHnMn.nS). Negative duration is not allowed.</li><li>anything else: throw exception to the share consumer.</li></ul>',
    },
  ],
  [
    'share.isolation.level',
    {
      type: STR,
      broker: null,
      dflt: 'read_uncommitted',
      oneOf: ['read_committed', 'read_uncommitted'],
      doc: 'Controls how to read records written transactionally. If set to "read_committed", the share group will only deliver transactional records which have been committed. If set to "read_uncommitted", the share group will return all messages, even transactional messages which have been aborted. Non-transactional records will be returned unconditionally in either mode.',
    },
  ],
  ['share.renew.acknowledge.enable', { type: BOOL, broker: null, dflt: 'true', doc: 'Whether the renew acknowledge type is enabled for the share group.' }],
  ['share.assignment.interval.ms', { type: INT, atLeast: 0, broker: 'group.share.assignment.interval.ms', dflt: '1000', doc: 'The interval between assignment updates for a share group.' }],
  ['share.assignor.offload.enable', { type: BOOL, broker: 'group.share.assignor.offload.enable', dflt: 'true', doc: 'Whether to offload share group assignment to a group coordinator background thread.' }],
  ['streams.session.timeout.ms', { type: INT, atLeast: 1, broker: 'group.streams.session.timeout.ms', dflt: '45000', doc: 'The timeout to detect client failures when using the streams group protocol.' }],
  ['streams.heartbeat.interval.ms', { type: INT, atLeast: 1, broker: 'group.streams.heartbeat.interval.ms', dflt: '5000', doc: 'The heartbeat interval given to the members.' }],
  ['streams.num.standby.replicas', { type: INT, atLeast: 0, broker: 'group.streams.num.standby.replicas', dflt: '0', doc: 'The number of standby replicas for each task.' }],
  [
    'streams.initial.rebalance.delay.ms',
    {
      type: INT,
      atLeast: 0,
      broker: 'group.streams.initial.rebalance.delay.ms',
      dflt: '3000',
      doc: 'The amount of time the group coordinator will wait for more streams clients to join a new group before performing the first rebalance. A longer delay means potentially fewer rebalances.',
    },
  ],
  ['streams.assignment.interval.ms', { type: INT, atLeast: 0, broker: 'group.streams.assignment.interval.ms', dflt: '1000', doc: 'The interval between assignment updates for a streams group.' }],
  ['streams.assignor.offload.enable', { type: BOOL, broker: 'group.streams.assignor.offload.enable', dflt: 'true', doc: 'Whether to offload streams group assignment to a group coordinator background thread.' }],
  ['streams.task.offset.interval.ms', { type: INT, atLeast: 1, broker: 'group.streams.task.offset.interval.ms', dflt: '60000', doc: 'The interval in which the warmup task changelog offsets on a client are updated on the broker.' }],
  ['streams.num.warmup.replicas', { type: INT, atLeast: 0, broker: 'group.streams.num.warmup.replicas', dflt: '2', doc: 'The maximum number of warmup task replicas.' }],
  [
    'streams.rack.aware.assignment.tags',
    {
      type: ConfigType.LIST,
      broker: 'group.streams.rack.aware.assignment.tags',
      dflt: '',
      doc: 'List of client tag keys used to distribute standby replicas across Kafka Streams instances. When configured, and the used broker-side assignor supports it, it will make a best-effort to distribute standby tasks over each client tag dimension.',
    },
  ],
  [
    'streams.acceptable.recovery.lag',
    {
      type: ConfigType.LONG,
      atLeast: 0,
      broker: 'group.streams.acceptable.recovery.lag',
      dflt: '10000',
      doc: 'The maximum acceptable lag (number of offsets to catch up) for a client to be considered caught-up enough to receive an active task assignment.',
    },
  ],
  [
    'streams.assignor.name',
    {
      type: STR,
      broker: 'group.streams.assignors',
      dflt: 'sticky',
      doc: "The task assignor to use for this streams group, selected by short name from the assignors registered via the broker configuration group.streams.assignors. When unset, the group defaults to the first assignor configured in the broker's group.streams.assignors setting. Changing the assignor does not trigger a rebalance for the group; the new assignor takes effect on the next rebalance.",
    },
  ],
  [
    'errors.deadletterqueue.topic.name',
    {
      type: STR,
      broker: null,
      dflt: '',
      doc: 'The name of the topic to be used as the dead-letter queue (DLQ) topic for this share group. If blank (the default), the group does not have a DLQ topic.',
    },
  ],
  [
    'errors.deadletterqueue.copy.record.enable',
    {
      type: BOOL,
      broker: null,
      dflt: 'false',
      doc: 'When writing onto the dead-letter queue topic, whether to copy the original record onto the DLQ topic, or just write a record containing the context information headers.',
    },
  ],
];
const GROUP_KEY = new Map(GROUP_KEYS);

/** The default a group config has on this broker: its broker key's value, else Kafka's constant. */
function groupDefault(broker: Broker, def: GroupKeyDef): string {
  if (def.broker === null) return def.dflt;
  const v = broker.config.raw[def.broker];
  if (v === undefined) return def.dflt;
  // group.streams.assignors is a list; the group's default assignor is its first entry.
  return def.broker === 'group.streams.assignors' ? (parseConfigList(v)[0] ?? def.dflt) : canonical(def, v);
}

/** Kafka 4.4's ranges: [key, min bound key, max bound key] (a missing bound is not checked). */
const RANGES: ReadonlyArray<readonly [string, string | null, string | null]> = [
  ['consumer.heartbeat.interval.ms', 'group.consumer.min.heartbeat.interval.ms', 'group.consumer.max.heartbeat.interval.ms'],
  ['consumer.session.timeout.ms', 'group.consumer.min.session.timeout.ms', 'group.consumer.max.session.timeout.ms'],
  ['consumer.assignment.interval.ms', 'group.consumer.min.assignment.interval.ms', 'group.consumer.max.assignment.interval.ms'],
  ['share.heartbeat.interval.ms', 'group.share.min.heartbeat.interval.ms', 'group.share.max.heartbeat.interval.ms'],
  ['share.session.timeout.ms', 'group.share.min.session.timeout.ms', 'group.share.max.session.timeout.ms'],
  ['share.record.lock.duration.ms', 'group.share.min.record.lock.duration.ms', 'group.share.max.record.lock.duration.ms'],
  ['share.delivery.count.limit', 'group.share.min.delivery.count.limit', 'group.share.max.delivery.count.limit'],
  ['share.partition.max.record.locks', 'group.share.min.partition.max.record.locks', 'group.share.max.partition.max.record.locks'],
  ['share.assignment.interval.ms', 'group.share.min.assignment.interval.ms', 'group.share.max.assignment.interval.ms'],
  ['streams.heartbeat.interval.ms', 'group.streams.min.heartbeat.interval.ms', 'group.streams.max.heartbeat.interval.ms'],
  ['streams.session.timeout.ms', 'group.streams.min.session.timeout.ms', 'group.streams.max.session.timeout.ms'],
  ['streams.num.standby.replicas', null, 'group.streams.max.standby.replicas'],
  ['streams.assignment.interval.ms', 'group.streams.min.assignment.interval.ms', 'group.streams.max.assignment.interval.ms'],
];

const SESSION_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['consumer.session.timeout.ms', 'consumer.heartbeat.interval.ms'],
  ['share.session.timeout.ms', 'share.heartbeat.interval.ms'],
  ['streams.session.timeout.ms', 'streams.heartbeat.interval.ms'],
];

/** GroupConfig.validate over the group's resulting configs: names, parse, then the broker bounds. */
export function groupConfigProblem(broker: Broker, configs: Readonly<Record<string, string>>): EntityOutcome | null {
  const unknown = Object.keys(configs).find((k) => !GROUP_KEY.has(k));
  if (unknown !== undefined) return invalidConfig(`Unknown group config name: ${unknown}`);
  const tags = configs['streams.rack.aware.assignment.tags'];
  if (tags !== undefined && hasDuplicates(tags)) return invalidConfig('streams.rack.aware.assignment.tags must not contain duplicate tag keys.');
  for (const [key, def] of GROUP_KEYS) {
    const v = configs[key];
    if (v === undefined) continue;
    const problem = parseProblem(key, def, v);
    if (problem !== null) return invalidConfig(problem);
  }
  const int = (k: string): number | undefined => (configs[k] === undefined ? undefined : Number((configs[k] ?? '').trim()));
  for (const [key, minKey, maxKey] of RANGES) {
    const v = int(key);
    if (v === undefined) continue;
    if (minKey === null) {
      const max = brokerBound(broker.config, maxKey ?? '');
      if (v > max) return invalidConfig(`${key} must be less than or equal to ${max}`);
      continue;
    }
    const min = brokerBound(broker.config, minKey);
    const max = brokerBound(broker.config, maxKey ?? '');
    if (v < min || v > max) return invalidConfig(`${key} must be in the range ${min} to ${max} inclusive.`);
  }
  const assignor = configs['streams.assignor.name'];
  if (assignor !== undefined) {
    const registered = parseConfigList(brokerValue(broker.config, 'group.streams.assignors', 'sticky'));
    if (!registered.includes(assignor.trim())) {
      return invalidConfig(`streams.assignor.name '${assignor.trim()}' is not a registered task assignor. Registered assignors are: [${registered.join(', ')}].`);
    }
  }
  for (const [session, heartbeat] of SESSION_PAIRS) {
    if (configs[session] === undefined && configs[heartbeat] === undefined) continue;
    const s = int(session) ?? Number(groupDefault(broker, GROUP_KEY.get(session) as GroupKeyDef));
    const h = int(heartbeat) ?? Number(groupDefault(broker, GROUP_KEY.get(heartbeat) as GroupKeyDef));
    if (s <= h) return invalidConfig(`${session} must be greater than ${heartbeat}`);
  }
  const dlq = configs['errors.deadletterqueue.topic.name'];
  if (dlq !== undefined && dlq.trim().startsWith('__')) return invalidConfig("errors.deadletterqueue.topic.name: DLQ topic name must not start with '__'");
  return null;
}

// Kafka's internal group configs (ConfigDef.defineInternal): settable, described only when set.
const INTERNAL_GROUP_KEYS = new Set([
  'consumer.assignor.offload.enable', 'share.assignor.offload.enable', 'streams.assignor.offload.enable',
  'streams.task.offset.interval.ms', 'streams.num.warmup.replicas', 'streams.acceptable.recovery.lag',
]);

/**
 * DescribeConfigs of a group (any name): every group config but the unset internal ones, in the
 * order Kafka answers them: the set internal ones, then the rest in the order of the hash map Kafka
 * builds them in (bucket of the key's hash, then definition order).
 */
export function describeGroupConfigs(broker: Broker, name: string, opts: EntityDescribeOptions): DescribeConfigsResourceResult[] {
  const stored = broker.entityConfigs.get('group', name);
  const out: DescribeConfigsResourceResult[] = [];
  // Set internal keys come first (checked against Kafka 4.4), then the others in hash order.
  const internal = GROUP_KEYS.filter(([key]) => INTERNAL_GROUP_KEYS.has(key) && stored[key] !== undefined);
  const listed = javaHashOrder(
    GROUP_KEYS.filter(([key]) => !INTERNAL_GROUP_KEYS.has(key)),
    ([key]) => javaStringHash(key),
  );
  for (const [key, def] of [...internal, ...listed]) {
    if (!wanted(opts.keys, key)) continue;
    const dflt = groupDefault(broker, def);
    const brokerSyn: DescribeConfigsSynonym[] = [];
    if (def.broker === null) brokerSyn.push({ name: key, value: dflt, source: ConfigSource.DEFAULT_CONFIG });
    else {
      const set = broker.config.raw[def.broker];
      if (set !== undefined) brokerSyn.push({ name: def.broker, value: set, source: ConfigSource.STATIC_BROKER_CONFIG });
      brokerSyn.push({ name: def.broker, value: def.dflt, source: ConfigSource.DEFAULT_CONFIG });
    }
    const v = stored[key];
    const value = v === undefined ? dflt : canonical(def, v);
    const synonyms = v === undefined ? brokerSyn : [{ name: key, value, source: ConfigSource.GROUP_CONFIG }, ...brokerSyn];
    const source = synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG;
    out.push(describedEntry(key, value, source, def.type, opts.includeSynonyms ? synonyms : [], opts.includeDocumentation ? def.doc : null));
  }
  return out;
}

/** Stores a group's resulting configs after Kafka's checks (validateOnly: checks only). */
export function alterGroupConfigs(broker: Broker, name: string, next: Record<string, string>, validateOnly: boolean): EntityOutcome {
  if (name === '') return invalidRequest('Default group resources are not allowed.');
  const problem = groupConfigProblem(broker, next);
  if (problem !== null) return problem;
  if (!validateOnly) {
    broker.entityConfigs.set('group', name, next);
    broker.log(`altered group ${name} configs: ${JSON.stringify(next)}`);
  }
  return OK;
}
