// KRaft metadata log records: a metadata record's value is framed as Kafka's MetadataRecordSerde
// writes it (uvarint frame version 1, uvarint api key, uvarint record version, then the record's
// flexible body); its key is null. The control records of a KRaft log (LeaderChange, the snapshot
// header and footer, KRaftVersion, Voters) share the v2 control-record key with transaction markers.
// Hand-written, not generated: see schema.ts's header for why.
import { Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { ProtocolDecodeError } from '../codec/errors.js';
import { RECORD_BY_KEY, RECORD_BY_NAME } from './records.js';
import { readStruct, writeStruct, type Field, type Struct } from './schema.js';

export { METADATA_RECORDS, RECORD_BY_KEY, RECORD_BY_NAME, type RecordSchema } from './records.js';
export type { Struct, Value } from './schema.js';

/** A record this decoder cannot read: an unknown api key, an unsupported version or a bad frame. */
export class MetadataRecordError extends ProtocolDecodeError {}

export interface MetadataRecord {
  apiKey: number;
  /** The spec's name, e.g. TopicRecord. */
  name: string;
  version: number;
  data: Struct;
}

/** A decode error's message without the offset suffix (the wrapping error adds its own). */
function bare(err: ProtocolDecodeError): string {
  return err.message.replace(/ at byte \d+$/, '');
}

/** Decodes one metadata record value; throws MetadataRecordError for what Kafka's serde refuses. */
export function decodeMetadataRecord(value: Buffer): MetadataRecord {
  const r = new Reader(value);
  try {
    const frame = r.uvarint();
    if (frame !== 1) throw new MetadataRecordError(`Could not deserialize metadata record due to unknown frame version ${frame} (only frame version 1 is supported)`, 0);
    const apiKey = r.uvarint();
    const version = r.uvarint();
    const schema = RECORD_BY_KEY.get(apiKey);
    if (schema === undefined) throw new MetadataRecordError(`Unknown metadata id ${apiKey}`, r.offset);
    if (version > schema.maxVersion) throw new MetadataRecordError(`Unsupported version ${version} of ${schema.name} (this reader knows 0-${schema.maxVersion})`, r.offset);
    const data = readStruct(r, schema.fields, version);
    if (r.remaining !== 0) throw new MetadataRecordError(`${r.remaining} bytes left after ${schema.name} v${version}`, r.offset);
    return { apiKey, name: schema.name, version, data };
  } catch (err) {
    if (err instanceof MetadataRecordError) throw err;
    if (err instanceof ProtocolDecodeError) throw new MetadataRecordError(`Could not deserialize metadata record: ${bare(err)}`, r.offset);
    throw err;
  }
}

/** Encodes a metadata record value (tests and fixtures); absent fields take their defaults. */
export function encodeMetadataRecord(name: string, version: number, data: Struct): Buffer {
  const schema = RECORD_BY_NAME.get(name);
  if (schema === undefined) throw new RangeError(`unknown metadata record ${name}`);
  if (version < 0 || version > schema.maxVersion) throw new RangeError(`${name} has no version ${version}`);
  const w = new Writer(64);
  w.uvarint(1).uvarint(schema.apiKey).uvarint(version);
  writeStruct(w, schema.fields, data, version, () => new Writer(32));
  return w.toBuffer();
}

/** The control record types of a KRaft log, by the type in their key. */
export const KRAFT_CONTROL_TYPES: Readonly<Record<number, string>> = {
  0: 'ABORT',
  1: 'COMMIT',
  2: 'LEADER_CHANGE',
  3: 'SNAPSHOT_HEADER',
  4: 'SNAPSHOT_FOOTER',
  5: 'KRAFT_VERSION',
  6: 'KRAFT_VOTERS',
};

/** The type of a control record from its key (int16 version, int16 type); UNKNOWN when unknown. */
export function controlRecordType(key: Buffer | null): { id: number; name: string } {
  if (key === null || key.length < 4) throw new MetadataRecordError('control record key too short', 0);
  const id = key.readInt16BE(2);
  return { id, name: KRAFT_CONTROL_TYPES[id] ?? 'UNKNOWN' };
}

/** The control record's key: version 0 and its type. */
export function encodeControlKey(type: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt16BE(0, 0);
  b.writeInt16BE(type, 2);
  return b;
}

const VOTER: readonly Field[] = [{ name: 'voterId', type: 'int32' }, { name: 'voterDirectoryId', type: 'uuid', since: 1 }];
const LEADER_CHANGE: readonly Field[] = [
  { name: 'version', type: 'int16' },
  { name: 'leaderId', type: 'int32' },
  { name: 'voters', type: '[]struct', struct: VOTER },
  { name: 'grantingVoters', type: '[]struct', struct: VOTER },
];
const SNAPSHOT_HEADER: readonly Field[] = [{ name: 'version', type: 'int16' }, { name: 'lastContainedLogTimestamp', type: 'int64' }];
const SNAPSHOT_FOOTER: readonly Field[] = [{ name: 'version', type: 'int16' }];
const KRAFT_VERSION: readonly Field[] = [{ name: 'version', type: 'int16' }, { name: 'kRaftVersion', type: 'int16' }];

const CONTROL_FIELDS: Readonly<Record<number, readonly Field[]>> = {
  2: LEADER_CHANGE,
  3: SNAPSHOT_HEADER,
  4: SNAPSHOT_FOOTER,
  5: KRAFT_VERSION,
};

/**
 * Decodes a KRaft control record's value (LeaderChange v0-1, SnapshotHeader, SnapshotFooter,
 * KRaftVersion; all flexible); undefined for a type this reader does not decode (Voters, markers).
 * LeaderChange is read at version 0, as Kafka's snapshot file reader does.
 */
export function decodeControlValue(type: number, value: Buffer): Struct | undefined {
  const fields = CONTROL_FIELDS[type];
  if (fields === undefined) return undefined;
  const r = new Reader(value);
  try {
    return readStruct(r, fields, 0);
  } catch (err) {
    if (err instanceof ProtocolDecodeError) throw new MetadataRecordError(`Could not read control record: ${bare(err)}`, r.offset);
    throw err;
  }
}

/** Encodes a control record's value (tests and fixtures) for the types decodeControlValue reads. */
export function encodeControlValue(type: number, data: Struct): Buffer {
  const fields = CONTROL_FIELDS[type];
  if (fields === undefined) throw new RangeError(`no codec for control type ${type}`);
  const w = new Writer(32);
  writeStruct(w, fields, data, 0, () => new Writer(16));
  return w.toBuffer();
}
