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

export function isConsumerGroupKey(key: { type: string }): key is ConsumerGroupKey {
  return key.type.startsWith('cg-');
}

export function encodeConsumerGroupKey(key: ConsumerGroupKey): Buffer {
  const w = new Writer(64);
  switch (key.type) {
    case 'cg-epoch':
      w.int16(CG_KEY.groupEpoch);
      gmKey.encodeConsumerGroupMetadataKey(w, { groupId: key.group }, CG_KEY.groupEpoch);
      break;
    case 'cg-partition-metadata':
      w.int16(CG_KEY.partitionMetadata);
      pmKey.encodeConsumerGroupPartitionMetadataKey(w, { groupId: key.group }, CG_KEY.partitionMetadata);
      break;
    case 'cg-member':
      w.int16(CG_KEY.memberMetadata);
      mmKey.encodeConsumerGroupMemberMetadataKey(w, { groupId: key.group, memberId: key.memberId }, CG_KEY.memberMetadata);
      break;
    case 'cg-target-epoch':
      w.int16(CG_KEY.targetMetadata);
      tmKey.encodeConsumerGroupTargetAssignmentMetadataKey(w, { groupId: key.group }, CG_KEY.targetMetadata);
      break;
    case 'cg-target-member':
      w.int16(CG_KEY.targetMember);
      tamKey.encodeConsumerGroupTargetAssignmentMemberKey(w, { groupId: key.group, memberId: key.memberId }, CG_KEY.targetMember);
      break;
    case 'cg-current':
      w.int16(CG_KEY.currentAssignment);
      cmaKey.encodeConsumerGroupCurrentMemberAssignmentKey(w, { groupId: key.group, memberId: key.memberId }, CG_KEY.currentAssignment);
      break;
  }
  return w.toBuffer();
}

export function encodeConsumerGroupValue(rec: ConsumerGroupRecord): Buffer | null {
  if (rec.value === null) return null;
  const w = new Writer(128).int16(0);
  switch (rec.key.type) {
    case 'cg-epoch':
      gmValue.encodeConsumerGroupMetadataValue(w, rec.value as GroupEpochValue, 0);
      break;
    case 'cg-partition-metadata':
      pmValue.encodeConsumerGroupPartitionMetadataValue(w, rec.value as PartitionMetadataValue, 0);
      break;
    case 'cg-member':
      mmValue.encodeConsumerGroupMemberMetadataValue(w, rec.value as MemberMetadataValue, 0);
      break;
    case 'cg-target-epoch':
      tmValue.encodeConsumerGroupTargetAssignmentMetadataValue(w, rec.value as TargetAssignmentMetadataValue, 0);
      break;
    case 'cg-target-member':
      tamValue.encodeConsumerGroupTargetAssignmentMemberValue(w, rec.value as TargetAssignmentMemberValue, 0);
      break;
    case 'cg-current':
      cmaValue.encodeConsumerGroupCurrentMemberAssignmentValue(w, rec.value as CurrentAssignmentValue, 0);
      break;
  }
  return w.toBuffer();
}

/** Null for a key that is not a consumer-group record (classic, share-group or unknown). */
export function decodeConsumerGroupRecord(keyBuf: Buffer, valueBuf: Buffer | null): ConsumerGroupRecord | null {
  const r = new Reader(keyBuf);
  const type = r.int16();
  const value = <T>(decode: (r: Reader, version: number) => T): T | null => {
    if (valueBuf === null) return null;
    const vr = new Reader(valueBuf);
    return decode(vr, vr.int16());
  };
  switch (type) {
    case CG_KEY.groupEpoch:
      return { key: { type: 'cg-epoch', group: gmKey.decodeConsumerGroupMetadataKey(r, type).groupId }, value: value(gmValue.decodeConsumerGroupMetadataValue) };
    case CG_KEY.partitionMetadata:
      return {
        key: { type: 'cg-partition-metadata', group: pmKey.decodeConsumerGroupPartitionMetadataKey(r, type).groupId },
        value: value(pmValue.decodeConsumerGroupPartitionMetadataValue),
      };
    case CG_KEY.memberMetadata: {
      const k = mmKey.decodeConsumerGroupMemberMetadataKey(r, type);
      return { key: { type: 'cg-member', group: k.groupId, memberId: k.memberId }, value: value(mmValue.decodeConsumerGroupMemberMetadataValue) };
    }
    case CG_KEY.targetMetadata:
      return {
        key: { type: 'cg-target-epoch', group: tmKey.decodeConsumerGroupTargetAssignmentMetadataKey(r, type).groupId },
        value: value(tmValue.decodeConsumerGroupTargetAssignmentMetadataValue),
      };
    case CG_KEY.targetMember: {
      const k = tamKey.decodeConsumerGroupTargetAssignmentMemberKey(r, type);
      return { key: { type: 'cg-target-member', group: k.groupId, memberId: k.memberId }, value: value(tamValue.decodeConsumerGroupTargetAssignmentMemberValue) };
    }
    case CG_KEY.currentAssignment: {
      const k = cmaKey.decodeConsumerGroupCurrentMemberAssignmentKey(r, type);
      return { key: { type: 'cg-current', group: k.groupId, memberId: k.memberId }, value: value(cmaValue.decodeConsumerGroupCurrentMemberAssignmentValue) };
    }
    default:
      return null;
  }
}
