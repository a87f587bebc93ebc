// The registry's state and its log. Every change is a record appended to the compacted `_schemas`
// topic through the broker's own append (PartitionLog.append: the produce path's durability) and
// then applied to memory by the same `apply` that replays the topic when the broker starts, so what
// a client was told is exactly what a restart (or a kill -9) finds.
import { decodeRecordBatch } from '../../protocol/records/batch.js';
import type { Clock } from '../../shared/clock.js';
import { batchesFrom, encodeCoordinatorBatch } from '../group/offsets-topic.js';
import type { TopicManager, TopicState } from '../metadata/topics.js';
import { decodeRecord, encodeKey, encodeValue, type ConfigValue, type DeleteSubjectValue, type ModeValue, type RegistryRecord, type SchemaValue } from './records.js';

export const SCHEMAS_TOPIC = '_schemas';

/** Identity of a schema's content for id reuse: type, stored text and references. */
export function contentKey(v: Pick<SchemaValue, 'schemaType' | 'schema' | 'references'>): string {
  return JSON.stringify([v.schemaType, v.schema, v.references.map((r) => [r.name, r.subject, r.version])]);
}

export class RegistryState {
  /** subject → version → value (soft-deleted versions included, hard-deleted ones gone). */
  readonly subjects = new Map<string, Map<number, SchemaValue>>();
  /** id → the subject versions that carry it. */
  readonly idVersions = new Map<number, Map<string, number>>();
  readonly byContent = new Map<string, number>();
  /** Key null: the global config / mode. */
  readonly configs = new Map<string | null, ConfigValue>();
  readonly modes = new Map<string | null, ModeValue>();
  /** The highest id ever seen: ids are never given out twice, even after a hard delete. */
  maxId = 0;

  apply(rec: RegistryRecord): void {
    switch (rec.key.keytype) {
      case 'SCHEMA': {
        const { subject, version } = rec.key;
        const value = rec.value as SchemaValue | null;
        this.removeVersion(subject, version);
        if (value === null) return;
        let versions = this.subjects.get(subject);
        if (versions === undefined) this.subjects.set(subject, (versions = new Map<number, SchemaValue>()));
        versions.set(version, value);
        let ids = this.idVersions.get(value.id);
        if (ids === undefined) this.idVersions.set(value.id, (ids = new Map<string, number>()));
        ids.set(subject, version);
        const content = contentKey(value);
        if (!this.byContent.has(content)) this.byContent.set(content, value.id);
        if (value.id > this.maxId) this.maxId = value.id;
        return;
      }
      case 'CONFIG': {
        const value = rec.value;
        if (value === null) this.configs.delete(rec.key.subject);
        else this.configs.set(rec.key.subject, value);
        return;
      }
      case 'MODE': {
        const value = rec.value as ModeValue | null;
        if (value === null) this.modes.delete(rec.key.subject);
        else this.modes.set(rec.key.subject, value);
        return;
      }
      case 'DELETE_SUBJECT': {
        // Confluent's soft delete of a subject: every version up to the recorded one is marked deleted.
        const value = rec.value as DeleteSubjectValue | null;
        if (value === null) return;
        const versions = this.subjects.get(value.subject);
        if (versions === undefined) return;
        for (const [v, sv] of versions) if (v <= value.version && !sv.deleted) versions.set(v, { ...sv, deleted: true });
        return;
      }
      case 'CLEAR_SUBJECT': {
        const value = rec.value as { subject: string } | null;
        if (value === null) return;
        const versions = this.subjects.get(value.subject);
        if (versions === undefined) return;
        for (const [v, sv] of [...versions]) if (sv.deleted) this.removeVersion(value.subject, v);
        return;
      }
      case 'NOOP':
        return;
    }
  }

  private removeVersion(subject: string, version: number): void {
    const versions = this.subjects.get(subject);
    const old = versions?.get(version);
    if (versions === undefined || old === undefined) return;
    versions.delete(version);
    if (versions.size === 0) this.subjects.delete(subject);
    const ids = this.idVersions.get(old.id);
    if (ids !== undefined && ids.get(subject) === version) {
      ids.delete(subject);
      if (ids.size === 0) {
        this.idVersions.delete(old.id);
        const content = contentKey(old);
        if (this.byContent.get(content) === old.id) this.byContent.delete(content);
      }
    }
  }

  /** Any stored value carrying `id` (the schema text is the same under every subject). */
  valueById(id: number): SchemaValue | undefined {
    const ids = this.idVersions.get(id);
    if (ids === undefined) return undefined;
    for (const [subject, version] of ids) {
      const v = this.subjects.get(subject)?.get(version);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

/** The `_schemas` topic: one partition, compacted, as Confluent's KafkaStore creates it. */
export class SchemasTopic {
  private readonly topics: TopicManager;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;

  constructor(topics: TopicManager, clock: Clock, log: (line: string) => void) {
    this.topics = topics;
    this.clock = clock;
    this.log = log;
  }

  ensure(): TopicState {
    const existing = this.topics.get(SCHEMAS_TOPIC);
    if (existing !== undefined) return existing;
    const created = this.topics.create(SCHEMAS_TOPIC, 1, { 'cleanup.policy': 'compact' });
    if (!created.ok || created.value === null) throw new Error(`cannot create ${SCHEMAS_TOPIC}: ${created.ok ? 'no topic returned' : created.message}`);
    this.log(`created topic ${SCHEMAS_TOPIC} for the schema registry`);
    return created.value;
  }

  /** Appends the records as one batch; throws if the log refuses it (nothing applied then). */
  append(records: readonly RegistryRecord[]): void {
    const p = this.ensure().partitions[0];
    if (p === undefined) throw new Error(`${SCHEMAS_TOPIC} has no partition 0`);
    const batch = encodeCoordinatorBatch(
      records.map((r) => encodeKey(r.key)),
      records.map((r) => encodeValue(r)),
      this.clock.now(),
    );
    p.log.append(batch);
  }

  /** Replays partition 0 from its start; records it cannot read are logged and skipped, as Confluent does. */
  load(apply: (rec: RegistryRecord) => void): number {
    const p = this.topics.get(SCHEMAS_TOPIC)?.partitions[0];
    if (p === undefined) return 0;
    const end = p.log.logEndOffset;
    let count = 0;
    for (const raw of batchesFrom(p, p.log.logStartOffset, () => end)) {
      let records;
      try {
        const batch = decodeRecordBatch(raw);
        if (batch.isControl) continue;
        records = batch.records;
      } catch (err) {
        this.log(`schema registry: skipping an unreadable batch of ${SCHEMAS_TOPIC}: ${(err as Error).message}`);
        continue;
      }
      for (const r of records) {
        if (r.key === null) continue;
        let rec: RegistryRecord | null;
        try {
          rec = decodeRecord(r.key, r.value);
        } catch (err) {
          this.log(`schema registry: skipping an unreadable record of ${SCHEMAS_TOPIC} (key ${r.key.toString('utf8').slice(0, 200)}): ${(err as Error).message}`);
          continue;
        }
        if (rec === null) continue;
        apply(rec);
        count++;
      }
    }
    return count;
  }
}
