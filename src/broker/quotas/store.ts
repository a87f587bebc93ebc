// Client quotas as Kafka's controller keeps them (ClientQuotaControlManager): per entity (user,
// client-id, user+client-id or ip; a null name is the default entity) a map of quota keys to values,
// changed by AlterClientQuotas and read by DescribeClientQuotas and the quota managers. Persisted as
// `<data dir>/.client-quotas.json`, rewritten whole through the atomic writer on every change.
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import { readStateFile } from '../fs/state-file.js';
import { javaHashOrder, javaMapHash, javaStringHash } from '../../shared/java-hash.js';

export const USER = 'user';
export const CLIENT_ID = 'client-id';
export const IP = 'ip';

/** One quota entity: entity type → name (null: the default entity of that type). */
export type QuotaEntity = ReadonlyMap<string, string | null>;

export interface QuotaEntry {
  entity: QuotaEntity;
  values: Map<string, number>;
}

const FILE = '.client-quotas.json';
const VERSION = 1;

/** Kafka shows an entity's parts in this order (its small HashMap's buckets). */
const PART_ORDER = [CLIENT_ID, USER, IP];

/** A stable key for an entity, independent of the order its parts were given in. */
export function entityKey(entity: QuotaEntity): string {
  return PART_ORDER.filter((t) => entity.has(t)).map((t) => `${t}=${entity.get(t) === null ? '\u0000' : String(entity.get(t))}`).join('\u0001');
}

/** The entity's parts in the order Kafka lists them. */
export function entityParts(entity: QuotaEntity): { entityType: string; entityName: string | null }[] {
  const known = PART_ORDER.filter((t) => entity.has(t));
  const other = [...entity.keys()].filter((t) => !PART_ORDER.includes(t));
  return [...known, ...other].map((t) => ({ entityType: t, entityName: entity.get(t) ?? null }));
}

/** Kafka's ClientQuotaEntity.toString: `ClientQuotaEntity(entries={user=a, client-id=b})`. */
export function entityString(entity: QuotaEntity): string {
  return `ClientQuotaEntity(entries={${entityParts(entity).map((p) => `${p.entityType}=${p.entityName === null ? 'null' : p.entityName}`).join(', ')}})`;
}

/** Objects.hash(entries): the order Kafka's HashMaps of entities iterate in. */
export function entityHash(entity: QuotaEntity): number {
  return (31 + javaMapHash([...entity.entries()])) | 0;
}

export function sortLikeKafka<T>(items: readonly T[], entityOf: (t: T) => QuotaEntity): T[] {
  return javaHashOrder(items, (t) => entityHash(entityOf(t)));
}

/** An entity's values in the order Kafka lists them. */
export function valuesLikeKafka(values: ReadonlyMap<string, number>): { key: string; value: number }[] {
  const keys = javaHashOrder([...values.keys()], javaStringHash);
  return keys.map((key) => ({ key, value: values.get(key) as number }));
}

interface StoredEntry {
  entity: { type: string; name: string | null }[];
  values: Record<string, number>;
}

function isStoredQuotas(d: unknown): boolean {
  if (typeof d !== 'object' || d === null) return false;
  const doc = d as { version?: unknown; quotas?: unknown };
  if (doc.version !== VERSION || !Array.isArray(doc.quotas)) return false;
  return doc.quotas.every((e: unknown) => {
    const q = e as Partial<StoredEntry> | null;
    return (
      typeof q === 'object' && q !== null && Array.isArray(q.entity) && typeof q.values === 'object' && q.values !== null &&
      q.entity.every((p) => typeof p === 'object' && p !== null && typeof p.type === 'string' && (p.name === null || typeof p.name === 'string')) &&
      Object.values(q.values).every((v) => typeof v === 'number')
    );
  });
}

export class ClientQuotaStore {
  private readonly file: string;
  private readonly entries = new Map<string, QuotaEntry>();
  /** Bumped on every change, so the quota managers know to re-resolve what they cached. */
  generation = 0;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, FILE);
    this.load();
  }

  private load(): void {
    const doc = readStateFile<{ quotas: StoredEntry[] }>(this.file, 'client quota', 'restore it from a backup or remove it to start without quotas', (d) =>
      isStoredQuotas(d) ? null : `expected {"version": ${VERSION}, "quotas": [{"entity": [{"type", "name"}], "values": {...}}]}`,
    );
    for (const e of doc?.quotas ?? []) {
      const entity = new Map(e.entity.map((p) => [p.type, p.name] as const));
      this.entries.set(entityKey(entity), { entity, values: new Map(Object.entries(e.values)) });
    }
  }

  /** Writes the current quotas (once per request, after its changes). */
  persist(): void {
    const quotas: StoredEntry[] = [...this.entries.values()].map((e) => ({
      entity: entityParts(e.entity).map((p) => ({ type: p.entityType, name: p.entityName })),
      values: Object.fromEntries(e.values),
    }));
    writeFileAtomic(this.file, `${JSON.stringify({ version: VERSION, quotas }, null, 1)}\n`);
  }

  /** Every entity with at least one quota, in insertion order. */
  list(): QuotaEntry[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  get(entity: QuotaEntity): ReadonlyMap<string, number> | undefined {
    return this.entries.get(entityKey(entity))?.values;
  }

  /** Applies one entity's changes (null removes a key); `persist` writes them. */
  apply(entity: QuotaEntity, changes: ReadonlyMap<string, number | null>): void {
    const key = entityKey(entity);
    const current = this.entries.get(key);
    const values = new Map(current?.values ?? []);
    for (const [k, v] of changes) {
      if (v === null) values.delete(k);
      else values.set(k, v);
    }
    if (values.size === 0) this.entries.delete(key);
    else this.entries.set(key, { entity, values });
    this.generation++;
  }
}
