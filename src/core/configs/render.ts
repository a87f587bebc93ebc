// kafka-configs' output lines, byte for byte, and the -o json document.
import type { ConfigEntry, QuotaEntity } from './admin.js';
import { javaDouble } from './java.js';
import { DEFAULT_ENTITY } from './options.js';

export interface EntityJson {
  entityType: string;
  /** null: the cluster-wide default (brokers). */
  entityName: string | null;
  configs: ConfigEntry[];
}

/** -o json: one document per run. */
export interface ConfigsJson {
  entities?: EntityJson[];
  quotas?: Array<{ entity: Record<string, string | null>; values: Record<string, number> }>;
  scram?: Array<{ user: string; credentials: Array<{ mechanism: string; iterations: number }>; error?: string }>;
  altered?: { entityType: string; entityName: string | null; set: Record<string, string>; deleted: string[] };
}

export function describeHeader(entityType: string, entity: string, all: boolean): string {
  if (entity === DEFAULT_ENTITY) return `Default configs for ${entityType} in the cluster are:`;
  return `${all ? 'All' : 'Dynamic'} configs for ${entityType.slice(0, -1)} ${entity} are:`;
}

/** `  name=value sensitive=false synonyms={SOURCE:name=value, ...}` (Java prints null as "null"). */
export function entryLine(e: ConfigEntry): string {
  const synonyms = e.synonyms.map((s) => `${s.source}:${s.name}=${String(s.value)}`).join(', ');
  return `  ${e.name}=${String(e.value)} sensitive=${String(e.sensitive)} synonyms={${synonyms}}`;
}

const QUOTA_TYPE_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['user', 'user-principal'],
  ['client-id', 'client-id'],
  ['ip', 'ip'],
];

/** `Quota configs for user-principal 'u', client-id 'c' are k=v, ...` (user, client, ip order). */
export function quotaLine(entity: QuotaEntity, values: ReadonlyArray<readonly [string, number]>): string {
  const parts: string[] = [];
  for (const [type, label] of QUOTA_TYPE_NAMES) {
    const e = entity.find((x) => x.entityType === type);
    if (e === undefined) continue;
    parts.push(e.entityName === null || e.entityName === '' ? `the default ${label}` : `${label} '${e.entityName}'`);
  }
  return `Quota configs for ${parts.join(', ')} are ${values.map(([k, v]) => `${k}=${javaDouble(v)}`).join(', ')}`;
}

export function scramLine(user: string, credentials: ReadonlyArray<{ mechanism: string; iterations: number }>): string {
  return `SCRAM credential configs for user-principal '${user}' are ${credentials.map((c) => `${c.mechanism}=iterations=${c.iterations}`).join(', ')}`;
}

export function scramErrorLine(user: string, error: string): string {
  return `Error retrieving SCRAM credential configs for user-principal '${user}': ${error}`;
}
