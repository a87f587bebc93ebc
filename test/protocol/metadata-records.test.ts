// The hand-written KRaft metadata record codec (src/protocol/metadata-records): records assembled
// byte by byte as Kafka's MetadataRecordSerde frames them, decoded; round trips of the encoder the
// e2e fixtures use; and the refusals (unknown api key, a newer version, bad frames) the shell skips.
import { describe, expect, it } from 'vitest';
import {
  controlRecordType,
  decodeControlValue,
  decodeMetadataRecord,
  encodeControlKey,
  encodeControlValue,
  encodeMetadataRecord,
  METADATA_RECORDS,
  MetadataRecordError,
} from '../../src/protocol/metadata-records/index.js';

const UUID_BYTES = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const UUID = UUID_BYTES.toString('base64url'); // AAECAwQFBgcICQoLDA0ODw

function compactString(s: string): Buffer {
  return Buffer.concat([Buffer.from([Buffer.byteLength(s) + 1]), Buffer.from(s)]);
}

describe('metadata records: decode of hand-assembled bytes', () => {
  it('TopicRecord v0: frame 1, api key 2, version 0, name, topic id, no tagged fields', () => {
    const bytes = Buffer.concat([Buffer.from([1, 2, 0]), compactString('orders'), UUID_BYTES, Buffer.from([0])]);
    expect(decodeMetadataRecord(bytes)).toEqual({ apiKey: 2, name: 'TopicRecord', version: 0, data: { name: 'orders', topicId: UUID } });
  });

  it('PartitionChangeRecord v0: the untagged partition and topic, then tagged isr (tag 0) and leader (tag 1); the rest default', () => {
    const isr = Buffer.from([3, 0, 0, 0, 1, 0, 0, 0, 2]); // compact array of 2 int32s
    const leader = Buffer.from([0, 0, 0, 2]);
    const bytes = Buffer.concat([Buffer.from([1, 5, 0]), Buffer.from([0, 0, 0, 4]), UUID_BYTES, Buffer.from([2, 0, isr.length]), isr, Buffer.from([1, leader.length]), leader]);
    const rec = decodeMetadataRecord(bytes);
    expect(rec.name).toBe('PartitionChangeRecord');
    expect(rec.data).toEqual({
      partitionId: 4,
      topicId: UUID,
      isr: [1, 2],
      leader: 2,
      replicas: null,
      removingReplicas: null,
      addingReplicas: null,
      leaderRecoveryState: -1,
      directories: null,
      eligibleLeaderReplicas: null,
      lastKnownElr: null,
    });
  });

  it('an unknown tagged field is skipped, as Kafka skips it', () => {
    const bytes = Buffer.concat([Buffer.from([1, 9, 0]), UUID_BYTES, Buffer.from([1, 40, 2, 0xab, 0xcd])]);
    expect(decodeMetadataRecord(bytes)).toEqual({ apiKey: 9, name: 'RemoveTopicRecord', version: 0, data: { topicId: UUID } });
  });

  it('ClientQuotaRecord v0: entity array with a null name (the default entity), key, float64 value, remove', () => {
    const value = Buffer.alloc(8);
    value.writeDoubleBE(12.5);
    const entity = Buffer.concat([Buffer.from([2]), compactString('client-id'), Buffer.from([0]), Buffer.from([0])]);
    const bytes = Buffer.concat([Buffer.from([1, 14, 0]), entity, compactString('request_percentage'), value, Buffer.from([0, 0])]);
    expect(decodeMetadataRecord(bytes).data).toEqual({ entity: [{ entityType: 'client-id', entityName: null }], key: 'request_percentage', value: 12.5, remove: false });
  });

  it('RegisterBrokerRecord v3 reads isMigratingZkBroker (v2+), inControlledShutdown (v1+) and the tagged logDirs (v3+)', () => {
    const endpoint = Buffer.concat([compactString('PLAINTEXT'), compactString('h'), Buffer.from([0x23, 0x84, 0, 0, 0])]);
    const feature = Buffer.concat([compactString('metadata.version'), Buffer.from([0, 7, 0, 33, 0])]);
    const logDirs = Buffer.concat([Buffer.from([2]), UUID_BYTES]);
    const bytes = Buffer.concat([
      Buffer.from([1, 0, 3]),
      Buffer.from([0, 0, 0, 1]), // brokerId
      Buffer.from([0]), // isMigratingZkBroker
      UUID_BYTES, // incarnationId
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 9]), // brokerEpoch
      Buffer.from([2]),
      endpoint,
      Buffer.from([2]),
      feature,
      Buffer.from([0]), // rack: null
      Buffer.from([1]), // fenced
      Buffer.from([0]), // inControlledShutdown
      Buffer.from([1, 0, logDirs.length]),
      logDirs,
    ]);
    const rec = decodeMetadataRecord(bytes);
    expect(rec.version).toBe(3);
    expect(rec.data).toEqual({
      brokerId: 1,
      isMigratingZkBroker: false,
      incarnationId: UUID,
      brokerEpoch: 9n,
      endPoints: [{ name: 'PLAINTEXT', host: 'h', port: 9092, securityProtocol: 0 }],
      features: [{ name: 'metadata.version', minSupportedVersion: 7, maxSupportedVersion: 33 }],
      rack: null,
      fenced: true,
      inControlledShutdown: false,
      logDirs: [UUID],
      cordonedLogDirs: null,
    });
  });

  it('RegisterBrokerRecord v0 has no isMigratingZkBroker and no inControlledShutdown: they take their defaults', () => {
    const bytes = Buffer.concat([Buffer.from([1, 0, 0]), Buffer.from([0, 0, 0, 2]), UUID_BYTES, Buffer.alloc(8), Buffer.from([1, 1]), compactString('r1'), Buffer.from([0, 0])]);
    const rec = decodeMetadataRecord(bytes);
    expect(rec.data).toMatchObject({ brokerId: 2, isMigratingZkBroker: false, endPoints: [], features: [], rack: 'r1', fenced: false, inControlledShutdown: false, logDirs: [] });
  });
});

describe('metadata records: refusals', () => {
  it('an unknown api key, a version newer than Kafka 4.4 knows, a bad frame version, a cut record, trailing bytes', () => {
    expect(() => decodeMetadataRecord(Buffer.from([1, 99, 0, 0]))).toThrow(/^Unknown metadata id 99/);
    expect(() => decodeMetadataRecord(Buffer.from([1, 2, 1, 0]))).toThrow(/^Unsupported version 1 of TopicRecord/);
    expect(() => decodeMetadataRecord(Buffer.from([0, 2, 0]))).toThrow(/unknown frame version 0/);
    expect(() => decodeMetadataRecord(Buffer.concat([Buffer.from([1, 2, 0]), compactString('orders'), UUID_BYTES.subarray(0, 5)]))).toThrow(MetadataRecordError);
    expect(() => decodeMetadataRecord(Buffer.from([1, 20, 0, 0, 7]))).toThrow(/1 bytes left after NoOpRecord v0/);
  });
});

describe('metadata records: encoder round trips', () => {
  it('every record at every version decodes back to what was encoded (defaults filled in)', () => {
    for (const schema of METADATA_RECORDS) {
      for (let v = 0; v <= schema.maxVersion; v++) {
        const first = decodeMetadataRecord(encodeMetadataRecord(schema.name, v, {}));
        expect(first).toMatchObject({ apiKey: schema.apiKey, name: schema.name, version: v });
        expect(decodeMetadataRecord(encodeMetadataRecord(schema.name, v, first.data)).data).toEqual(first.data);
      }
    }
  });

  it('PartitionChangeRecord v2 with every tagged field set', () => {
    const data = { partitionId: 1, topicId: UUID, isr: [1], leader: 1, replicas: [1, 2], removingReplicas: [2], addingReplicas: [], leaderRecoveryState: 0, directories: [UUID, UUID], eligibleLeaderReplicas: [2], lastKnownElr: [] };
    expect(decodeMetadataRecord(encodeMetadataRecord('PartitionChangeRecord', 2, data)).data).toEqual(data);
  });
});

describe('KRaft control records', () => {
  it('keys name their type; LeaderChange, SnapshotHeader and KRaftVersion values decode', () => {
    expect(controlRecordType(encodeControlKey(2))).toEqual({ id: 2, name: 'LEADER_CHANGE' });
    expect(controlRecordType(encodeControlKey(6))).toEqual({ id: 6, name: 'KRAFT_VOTERS' });
    expect(controlRecordType(encodeControlKey(42))).toEqual({ id: 42, name: 'UNKNOWN' });
    // LeaderChange v0: version 0, leader 1, voters [{1}], granting voters [{1}]
    const lc = Buffer.from([0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 1, 0, 0]);
    expect(decodeControlValue(2, lc)).toEqual({ version: 0, leaderId: 1, voters: [{ voterId: 1, voterDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }], grantingVoters: [{ voterId: 1, voterDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }] });
    expect(decodeControlValue(3, encodeControlValue(3, { version: 0, lastContainedLogTimestamp: 1234n }))).toEqual({ version: 0, lastContainedLogTimestamp: 1234n });
    expect(decodeControlValue(5, Buffer.from([0, 0, 0, 1, 0]))).toEqual({ version: 0, kRaftVersion: 1 });
    expect(decodeControlValue(6, Buffer.alloc(3))).toBeUndefined();
    expect(() => controlRecordType(Buffer.from([0]))).toThrow(MetadataRecordError);
  });
});
