// What Kafka's controller accepts in AlterClientQuotas (ClientQuotaControlManager with 4.x's
// QuotaConfigs), with its messages, checked against Apache Kafka 4.4: the entity first (types,
// empty names, the IP-alone rule), then each key to set in the order Kafka's map holds them.
import { isIP } from 'node:net';
import { CLIENT_ID, IP, USER, type QuotaEntity } from './store.js';

type KeyType = 'LONG' | 'DOUBLE' | 'INT';

const CLIENT_KEYS: Readonly<Record<string, KeyType>> = {
  producer_byte_rate: 'LONG',
  consumer_byte_rate: 'LONG',
  request_percentage: 'DOUBLE',
  controller_mutation_rate: 'DOUBLE',
};
const IP_KEYS: Readonly<Record<string, KeyType>> = { connection_creation_rate: 'INT' };

const LIMIT: Record<KeyType, number> = { LONG: 2 ** 63, INT: 2147483647, DOUBLE: Number.MAX_VALUE };

/** The entity's problem, or null (a non-literal IP name's lookup is the caller's: needsLookup). */
export function entityProblem(parts: readonly { entityType: string; entityName: string | null }[]): string | null {
  if (parts.length === 0) return 'Invalid empty client quota entity';
  for (const p of parts) {
    if (p.entityType !== USER && p.entityType !== CLIENT_ID && p.entityType !== IP) return `Unhandled client quota entity type: ${p.entityType}`;
    if (p.entityName === '') return `Empty ${p.entityType} not supported`;
  }
  const types = new Set(parts.map((p) => p.entityType));
  if (types.has(IP) && (types.has(USER) || types.has(CLIENT_ID))) {
    return 'Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId';
  }
  return null;
}

/** True when an IP entity's name needs a DNS lookup (Kafka accepts any resolvable host). */
export function needsLookup(entity: QuotaEntity): string | null {
  const name = entity.get(IP);
  return name === undefined || name === null || isIP(name) !== 0 ? null : name;
}

export function unresolvableIp(name: string): string {
  return `${name} is not a valid IP or resolvable host.`;
}

/** The problem with setting `key` to `value` on this entity, or null. */
export function quotaValueProblem(entity: QuotaEntity, key: string, value: number): string | null {
  const type = (entity.has(IP) ? IP_KEYS : CLIENT_KEYS)[key];
  if (type === undefined) return `Invalid configuration key ${key}`;
  if (type !== 'DOUBLE') {
    if (!Number.isInteger(value)) return `${key} cannot be a fractional value.`;
    if (type === 'LONG' ? value >= LIMIT.LONG : value > LIMIT[type]) return `Proposed value for ${key} is too large for a ${type}.`;
  }
  if (!(value > 0)) return `Quota ${key} must be greater than 0`;
  return null;
}
