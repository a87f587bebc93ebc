// The KIP-848 consumer-group records Kafka keeps in __consumer_offsets (key types 3-8), over the
// codecs generated from Kafka's specs. Values are the generated types themselves; every value is
// written at version 0, the only one Kafka defines.
import { Reader } from '../../protocol/codec/reader.js';
import { Writer } from '../../protocol/codec/writer.js';
import * as cmaKey from '../../protocol/coordinator/consumer-group-current-member-assignment-key.js';
import * as cmaValue from '../../protocol/coordinator/consumer-group-current-member-assignment-value.js';
import * as mmKey from '../../protocol/coordinator/consumer-group-member-metadata-key.js';
import * as mmValue from '../../protocol/coordinator/consumer-group-member-metadata-value.js';
import * as gmKey from '../../protocol/coordinator/consumer-group-metadata-key.js';
import * as gmValue from '../../protocol/coordinator/consumer-group-metadata-value.js';
import * as pmKey from '../../protocol/coordinator/consumer-group-partition-metadata-key.js';
import * as pmValue from '../../protocol/coordinator/consumer-group-partition-metadata-value.js';
import * as tamKey from '../../protocol/coordinator/consumer-group-target-assignment-member-key.js';
import * as tamValue from '../../protocol/coordinator/consumer-group-target-assignment-member-value.js';
import * as tmKey from '../../protocol/coordinator/consumer-group-target-assignment-metadata-key.js';
import * as tmValue from '../../protocol/coordinator/consumer-group-target-assignment-metadata-value.js';

export type GroupEpochValue = gmValue.ConsumerGroupMetadataValue;
export type PartitionMetadataValue = pmValue.ConsumerGroupPartitionMetadataValue;
export type MemberMetadataValue = mmValue.ConsumerGroupMemberMetadataValue;
export type TargetAssignmentMetadataValue = tmValue.ConsumerGroupTargetAssignmentMetadataValue;
export type TargetAssignmentMemberValue = tamValue.ConsumerGroupTargetAssignmentMemberValue;
export type CurrentAssignmentValue = cmaValue.ConsumerGroupCurrentMemberAssignmentValue;

/** Kafka's record type ids (the key's leading int16). */
export const CG_KEY = {
  groupEpoch: 3,
  partitionMetadata: 4,
  memberMetadata: 5,
  targetMetadata: 6,
  targetMember: 7,
  currentAssignment: 8,
} as const;

export type ConsumerGroupRecord =
  | { key: { type: 'cg-epoch'; group: string }; value: GroupEpochValue | null }
  | { key: { type: 'cg-partition-metadata'; group: string }; value: PartitionMetadataValue | null }
  | { key: { type: 'cg-member'; group: string; memberId: string }; value: MemberMetadataValue | null }
  | { key: { type: 'cg-target-epoch'; group: string }; value: TargetAssignmentMetadataValue | null }
  | { key: { type: 'cg-target-member'; group: string; memberId: string }; value: TargetAssignmentMemberValue | null }
  | { key: { type: 'cg-current'; group: string; memberId: string }; value: CurrentAssignmentValue | null };

export type ConsumerGroupKey = ConsumerGroupRecord['key'];

/** One record type: Kafka's id (the key's leading int16, also the key's version) and its codecs. */
interface Codec {
  id: number;
  // Method syntax: each entry takes its own key and value type.
  encodeKey(w: Writer, key: { groupId: string; memberId: string }, version: number): void;
  decodeKey(r: Reader, version: number): { groupId: string; memberId?: string };
  encodeValue(w: Writer, value: NonNullable<ConsumerGroupRecord['value']>, version: number): void;
  decodeValue(r: Reader, version: number): NonNullable<ConsumerGroupRecord['value']>;
}

const CODECS: Record<ConsumerGroupKey['type'], Codec> = {
  'cg-epoch': { id: 3, encodeKey: gmKey.encodeConsumerGroupMetadataKey, decodeKey: gmKey.decodeConsumerGroupMetadataKey, encodeValue: gmValue.encodeConsumerGroupMetadataValue, decodeValue: gmValue.decodeConsumerGroupMetadataValue },
  'cg-partition-metadata': {
    id: 4,
    encodeKey: pmKey.encodeConsumerGroupPartitionMetadataKey,
    decodeKey: pmKey.decodeConsumerGroupPartitionMetadataKey,
    encodeValue: pmValue.encodeConsumerGroupPartitionMetadataValue,
    decodeValue: pmValue.decodeConsumerGroupPartitionMetadataValue,
  },
  'cg-member': {
    id: 5,
    encodeKey: mmKey.encodeConsumerGroupMemberMetadataKey,
    decodeKey: mmKey.decodeConsumerGroupMemberMetadataKey,
    encodeValue: mmValue.encodeConsumerGroupMemberMetadataValue,
    decodeValue: mmValue.decodeConsumerGroupMemberMetadataValue,
  },
  'cg-target-epoch': {
    id: 6,
    encodeKey: tmKey.encodeConsumerGroupTargetAssignmentMetadataKey,
    decodeKey: tmKey.decodeConsumerGroupTargetAssignmentMetadataKey,
    encodeValue: tmValue.encodeConsumerGroupTargetAssignmentMetadataValue,
    decodeValue: tmValue.decodeConsumerGroupTargetAssignmentMetadataValue,
  },
  'cg-target-member': {
    id: 7,
    encodeKey: tamKey.encodeConsumerGroupTargetAssignmentMemberKey,
    decodeKey: tamKey.decodeConsumerGroupTargetAssignmentMemberKey,
    encodeValue: tamValue.encodeConsumerGroupTargetAssignmentMemberValue,
    decodeValue: tamValue.decodeConsumerGroupTargetAssignmentMemberValue,
  },
  'cg-current': {
    id: 8,
    encodeKey: cmaKey.encodeConsumerGroupCurrentMemberAssignmentKey,
    decodeKey: cmaKey.decodeConsumerGroupCurrentMemberAssignmentKey,
    encodeValue: cmaValue.encodeConsumerGroupCurrentMemberAssignmentValue,
    decodeValue: cmaValue.decodeConsumerGroupCurrentMemberAssignmentValue,
  },
};

const BY_ID = new Map(Object.entries(CODECS).map(([type, c]) => [c.id, { ...c, type: type as ConsumerGroupKey['type'] }]));

export function isConsumerGroupKey(key: { type: string }): key is ConsumerGroupKey {
  return key.type.startsWith('cg-');
}

export function encodeConsumerGroupKey(key: ConsumerGroupKey): Buffer {
  const c = CODECS[key.type];
  const w = new Writer(64).int16(c.id);
  c.encodeKey(w, { groupId: key.group, memberId: 'memberId' in key ? key.memberId : '' }, c.id);
  return w.toBuffer();
}

export function encodeConsumerGroupValue(rec: ConsumerGroupRecord): Buffer | null {
  if (rec.value === null) return null;
  const w = new Writer(128).int16(0);
  CODECS[rec.key.type].encodeValue(w, rec.value, 0);
  return w.toBuffer();
}

/** Null for a key that is not a consumer-group record (classic, share-group or unknown). */
export function decodeConsumerGroupRecord(keyBuf: Buffer, valueBuf: Buffer | null): ConsumerGroupRecord | null {
  const r = new Reader(keyBuf);
  const c = BY_ID.get(r.int16());
  if (c === undefined) return null;
  const k = c.decodeKey(r, c.id);
  const key = k.memberId === undefined ? { type: c.type, group: k.groupId } : { type: c.type, group: k.groupId, memberId: k.memberId };
  let value = null;
  if (valueBuf !== null) {
    const vr = new Reader(valueBuf);
    value = c.decodeValue(vr, vr.int16());
  }
  return { key, value } as ConsumerGroupRecord;
}
