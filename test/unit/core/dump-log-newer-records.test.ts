// --offsets-decoder on the record types newer than ../shared's coordinator specs (schemas-newer.ts,
// read by schema-decode.ts): records built byte by byte as Kafka 4.4 writes them, printed as Kafka's
// JsonConverters do. The reference tier (parity-dump-log) compares a real streams app's records with
// Kafka's own DumpLogSegments; this pins the encodings one by one.
import { describe, expect, it } from 'vitest';
import { Writer } from '../../../src/protocol/codec/writer.js';
import { offsetsParser } from '../../../src/core/dump-log/coordinator.js';
import type { KafkaRecord } from '../../../src/protocol/records/record.js';

function record(key: Buffer, value: Buffer | null): KafkaRecord {
  return { offset: 7n, offsetDelta: 0, timestamp: 0n, key, value, headers: [] };
}

/** A key: the record type, then the key's fields (version 0, not flexible). */
function key(type: number, ...strings: string[]): Buffer {
  const w = new Writer().int16(type);
  for (const s of strings) w.string(s);
  return w.toBuffer();
}

/** A tagged field's bytes: the tag, its size, then the data. */
function tagged(w: Writer, fields: Array<[number, Buffer]>): Writer {
  w.uvarint(fields.length);
  for (const [tag, data] of fields) w.uvarint(tag).uvarint(data.length).raw(data);
  return w;
}

describe('dump-log --offsets-decoder: record types 10-23', () => {
  it('StreamsGroupMetadata (17): tagged fields at their default are left out, others printed', () => {
    const plain = tagged(new Writer().int16(0).int32(5).int64(-9n), []).toBuffer();
    expect(offsetsParser(record(key(17, 'app'), plain))).toEqual({
      key: '{"type":"17","data":{"groupId":"app"}}',
      payload: '{"version":"0","data":{"epoch":5,"metadataHash":-9}}',
    });
    const configs = new Writer().compactArrayLength(1).compactString('num.standby.replicas').compactString('1').uvarint(0).toBuffer();
    const withTags = tagged(new Writer().int16(0).int32(5).int64(123456789012345n), [
      [0, new Writer().int32(4).toBuffer()],
      [1, configs],
      [3, new Writer().int32(-1).toBuffer()],
      [9, Buffer.from([1, 2])], // an unknown tag is skipped
    ]).toBuffer();
    expect(offsetsParser(record(key(17, 'app'), withTags)).payload).toBe(
      '{"version":"0","data":{"epoch":5,"metadataHash":123456789012345,"validatedTopologyEpoch":4,"lastAssignmentConfigs":[{"key":"num.standby.replicas","value":"1"}]}}',
    );
  });

  it('StreamsGroupMemberMetadata (19): nullable strings, a nullable struct, uint16', () => {
    const v = (endpoint: boolean): Buffer => {
      const w = new Writer().int16(0).compactNullableString(null).compactNullableString('r1').compactString('c-1').compactString('/127.0.0.1').int32(30000).int32(2).compactString('p-9');
      if (endpoint) w.int8(1).compactString('h"x').uint16(65535).uvarint(0);
      else w.int8(-1);
      w.compactArrayLength(1).compactString('zone').compactString('a').uvarint(0);
      return tagged(w, []).toBuffer();
    };
    expect(offsetsParser(record(key(19, 'app', 'm1'), v(true)))).toEqual({
      key: '{"type":"19","data":{"groupId":"app","memberId":"m1"}}',
      payload:
        '{"version":"0","data":{"instanceId":null,"rackId":"r1","clientId":"c-1","clientHost":"/127.0.0.1","rebalanceTimeoutMs":30000,"topologyEpoch":2,"processId":"p-9","userEndpoint":{"host":"h\\"x","port":65535},"clientTags":[{"key":"zone","value":"a"}]}}',
    });
    expect(offsetsParser(record(key(19, 'app', 'm1'), v(false))).payload).toContain('"processId":"p-9","userEndpoint":null,"clientTags"');
  });

  it('StreamsGroupCurrentMemberAssignment (22): task lists with tagged assignment epochs, and a tombstone', () => {
    const tasks = (w: Writer, epochs: number[] | null): Writer => {
      w.compactArrayLength(1).compactString('0').compactArrayLength(2).int32(0).int32(1);
      if (epochs === null) return w.uvarint(0);
      const e = new Writer().compactArrayLength(epochs.length);
      for (const x of epochs) e.int32(x);
      return tagged(w, [[0, e.toBuffer()]]);
    };
    const w = new Writer().int16(0).int32(3).int32(2).int8(0);
    tasks(w, [3, 2]);
    for (let i = 0; i < 5; i++) w.compactArrayLength(0);
    const value = tagged(w, []).toBuffer();
    expect(offsetsParser(record(key(22, 'app', 'm1'), value)).payload).toBe(
      '{"version":"0","data":{"memberEpoch":3,"previousMemberEpoch":2,"state":0,"activeTasks":[{"subtopologyId":"0","partitions":[0,1],"assignmentEpochs":[3,2]}],"standbyTasks":[],"warmupTasks":[],"activeTasksPendingRevocation":[],"standbyTasksPendingRevocation":[],"warmupTasksPendingRevocation":[]}}',
    );
    expect(offsetsParser(record(key(22, 'app', 'm1'), null))).toEqual({ key: '{"type":"22","data":{"groupId":"app","memberId":"m1"}}', payload: '<DELETE>' });
  });

  it('ConsumerGroupRegularExpression (16) and ShareGroupMetadata (11)', () => {
    const regex = tagged(new Writer().int16(0).compactArrayLength(2).compactString('t1').compactString('t2').int64(4n).int64(1700000000000n), []).toBuffer();
    expect(offsetsParser(record(key(16, 'g', 'top.*'), regex))).toEqual({
      key: '{"type":"16","data":{"groupId":"g","regularExpression":"top.*"}}',
      payload: '{"version":"0","data":{"topics":["t1","t2"],"version":4,"timestamp":1700000000000}}',
    });
    expect(offsetsParser(record(key(11, 'sg'), tagged(new Writer().int16(0).int32(1).int64(0n), []).toBuffer())).payload).toBe('{"version":"0","data":{"epoch":1,"metadataHash":0}}');
  });

  it('an unsupported value version, a truncated value and type 18 (not in Kafka 4.4) are reported as Kafka does', () => {
    expect(offsetsParser(record(key(23, 'app'), new Writer().int16(1).toBuffer())).key).toBe('Error at offset 7, skipping. Unknown record version 1 for record type 23');
    expect(offsetsParser(record(key(20, 'app'), new Writer().int16(0).int16(1).toBuffer())).key).toMatch(/^Error at offset 7, skipping\. Could not read record with version 0 from value's buffer due to: /);
    expect(offsetsParser(record(key(18, 'app'), null)).key).toBe('Unknown record type 18 at offset 7, skipping.');
  });
});
