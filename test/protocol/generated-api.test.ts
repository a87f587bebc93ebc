// Exact bytes of flexible/tagged encodings (the part kafkajs cannot cross-check), header-version
// rules, and the codec's error behaviour.
import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError, ProtocolEncodeError } from '../../src/protocol/codec/errors.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { ApiKey, apiInfo, apiTable, requestHeaderVersion, responseHeaderVersion } from '../../src/protocol/generated/api-keys.js';
import { decodeApiVersionsRequest, encodeApiVersionsRequest } from '../../src/protocol/generated/messages/api-versions-request.js';
import {
  decodeApiVersionsResponse,
  defaultApiVersionsResponse,
  encodeApiVersionsResponse,
  type ApiVersionsResponse,
} from '../../src/protocol/generated/messages/api-versions-response.js';
import { decodeCreateTopicsResponse, defaultCreatableTopicResult, defaultCreateTopicsResponse } from '../../src/protocol/generated/messages/create-topics-response.js';
import { encodeDescribeTopicPartitionsRequest } from '../../src/protocol/generated/messages/describe-topic-partitions-request.js';
import {
  decodeFetchResponse,
  defaultFetchableTopicResponse,
  defaultFetchResponse,
  defaultPartitionData,
  encodeFetchResponse,
} from '../../src/protocol/generated/messages/fetch-response.js';
import { defaultMetadataRequest, encodeMetadataRequest } from '../../src/protocol/generated/messages/metadata-request.js';
import { defaultMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { decodeProduceRequest, defaultProduceRequest, encodeProduceRequest, ProduceRequestVersions } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeRequestHeader, encodeRequestHeader } from '../../src/protocol/generated/messages/request-header.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function bytesOf(fn: (w: Writer) => void): Buffer {
  const w = new Writer(16);
  fn(w);
  return w.toBuffer();
}

describe('flexible encodings, byte for byte', () => {
  it('request header v2 keeps the int16 client id, then ApiVersionsRequest v3 uses compact strings', () => {
    const header = { requestApiKey: ApiKey.ApiVersions, requestApiVersion: 3, correlationId: 1, clientId: 'rdkafka' };
    const body = { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.3.0' };
    const bytes = bytesOf((w) => {
      encodeRequestHeader(w, header, requestHeaderVersion(ApiKey.ApiVersions, 3));
      encodeApiVersionsRequest(w, body, 3);
    });
    expect(bytes.toString('hex')).toBe(
      hex(`0012 0003 00000001 0007 ${Buffer.from('rdkafka').toString('hex')} 00
           0b ${Buffer.from('librdkafka').toString('hex')} 06 ${Buffer.from('2.3.0').toString('hex')} 00`).toString('hex'),
    );
    const r = new Reader(bytes);
    expect(decodeRequestHeader(r, 2)).toStrictEqual(header);
    expect(decodeApiVersionsRequest(r, 3)).toStrictEqual(body);
    expect(r.remaining).toBe(0);
  });

  it('writes non-default tagged fields in tag order, merged with unknown ones, and omits defaults', () => {
    const m: ApiVersionsResponse = {
      ...defaultApiVersionsResponse(),
      apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
      finalizedFeaturesEpoch: 5n,
      zkMigrationReady: true,
      _tagged: [
        { tag: 2 + 5, data: hex('aa') },
        { tag: 300, data: hex('bbcc') },
      ],
    };
    const bytes = bytesOf((w) => encodeApiVersionsResponse(w, m, 3));
    // error, 1 entry (+1) with its empty tag section, throttle, then 4 tagged fields:
    // tag 1 (int64 5), tag 3 (bool true), unknown tag 7, unknown tag 300 (uvarint ac 02).
    expect(bytes.toString('hex')).toBe(
      hex('0000 02 0012 0000 0004 00 00000000 04 01 08 0000000000000005 03 01 01 07 01 aa ac02 02 bbcc').toString('hex'),
    );
    expect(decodeApiVersionsResponse(new Reader(bytes), 3)).toStrictEqual(m);
    // All tagged fields at their defaults: an empty tag section.
    const plain = bytesOf((w) => encodeApiVersionsResponse(w, { ...defaultApiVersionsResponse(), apiKeys: [] }, 3));
    expect(plain.toString('hex')).toBe('00000100000000' + '00');
  });

  it('writes a tagged struct only when it differs from its default (FetchResponse v12 currentLeader)', () => {
    const part = { ...defaultPartitionData(), partitionIndex: 3, highWatermark: 10n, records: null };
    const m = { ...defaultFetchResponse(), responses: [{ ...defaultFetchableTopicResponse(), topic: 't', partitions: [part] }] };
    const plain = bytesOf((w) => encodeFetchResponse(w, m, 12));
    const withLeader = bytesOf((w) =>
      encodeFetchResponse(w, { ...m, responses: [{ ...m.responses[0]!, partitions: [{ ...part, currentLeader: { leaderId: 1, leaderEpoch: 7 } }] }] }, 12),
    );
    // The leader adds: tag count 1 instead of 0, tag 1, size 9, leaderId, leaderEpoch, empty inner tags.
    expect(withLeader.length - plain.length).toBe(11);
    expect(withLeader.toString('hex')).toContain('0101090000000100000007' + '00');
    const back = decodeFetchResponse(new Reader(withLeader), 12);
    expect(back.responses[0]?.partitions[0]?.currentLeader).toStrictEqual({ leaderId: 1, leaderEpoch: 7 });
    expect(decodeFetchResponse(new Reader(plain), 12).responses[0]?.partitions[0]?.currentLeader).toStrictEqual({ leaderId: -1, leaderEpoch: -1 });
  });

  it('reads a tagged int16 inside array elements (CreateTopicsResponse v5 TopicConfigErrorCode)', () => {
    const topic = {
      ...defaultCreatableTopicResult(), name: 'a', errorMessage: null, numPartitions: -1, replicationFactor: -1, configs: null, topicConfigErrorCode: 40,
    };
    // throttle, 1 topic: name, error, null message, partitions, rf, null configs, tags {0: 40}; top tags.
    const v5 = hex('00000000 02 0261 0000 00 ffffffff ffff 00 01 00 02 0028 00');
    const back = decodeCreateTopicsResponse(new Reader(v5), 5);
    expect(back).toStrictEqual({ ...defaultCreateTopicsResponse(), topics: [topic] });
  });

  it('writes the int8 presence marker of nullable structs', () => {
    const base = { topics: [{ name: 'x' }], responsePartitionLimit: 5 };
    expect(bytesOf((w) => encodeDescribeTopicPartitionsRequest(w, { ...base, cursor: null }, 0)).toString('hex')).toBe('02027800' + '00000005' + 'ff' + '00');
    expect(bytesOf((w) => encodeDescribeTopicPartitionsRequest(w, { ...base, cursor: { topicName: 'y', partitionIndex: 2 } }, 0)).toString('hex')).toBe(
      '02027800' + '00000005' + '01' + '0279' + '00000002' + '00' + '00',
    );
  });

  it('decodes records as a zero-copy slice of the input', () => {
    const bytes = bytesOf((w) =>
      encodeProduceRequest(w, { ...defaultProduceRequest(), acks: -1, timeoutMs: 100, topicData: [{ name: 't', partitionData: [{ index: 0, records: hex('deadbeef') }] }] }, 7),
    );
    const records = decodeProduceRequest(new Reader(bytes), 7).topicData[0]?.partitionData[0]?.records;
    expect(records?.toString('hex')).toBe('deadbeef');
    expect(records?.buffer).toBe(bytes.buffer);
    expect(records?.byteOffset).toBe(bytes.byteOffset + bytes.length - 4);
  });
});

describe('codec errors', () => {
  it('rejects versions outside the spec', () => {
    expect(() => encodeProduceRequest(new Writer(), defaultProduceRequest(), 12)).toThrow(ProtocolEncodeError);
    expect(() => encodeProduceRequest(new Writer(), defaultProduceRequest(), -1)).toThrow(ProtocolEncodeError);
    expect(() => decodeProduceRequest(new Reader(hex('00')), 99)).toThrow(ProtocolDecodeError);
  });

  it('refuses null where the version does not allow it, and writes -1 where it does', () => {
    const m = { ...defaultMetadataRequest(), topics: null };
    expect(() => encodeMetadataRequest(new Writer(), m, 0)).toThrow(ProtocolEncodeError);
    expect(bytesOf((w) => encodeMetadataRequest(w, m, 1)).toString('hex')).toBe('ffffffff');
    expect(bytesOf((w) => encodeMetadataRequest(w, m, 9)).toString('hex')).toBe('00' + '01' + '00' + '00' + '00');
  });

  it('refuses unknown tagged fields that collide with a known tag or are out of order', () => {
    const m = defaultApiVersionsResponse();
    expect(() => encodeApiVersionsResponse(new Writer(), { ...m, _tagged: [{ tag: 3, data: hex('01') }] }, 3)).toThrow(ProtocolEncodeError);
    expect(() =>
      encodeApiVersionsResponse(new Writer(), { ...m, _tagged: [{ tag: 9, data: hex('') }, { tag: 8, data: hex('') }] }, 3),
    ).toThrow(ProtocolEncodeError);
  });

  it('rejects out-of-order tags and known tagged fields with trailing bytes', () => {
    // ApiVersionsResponse v3: error 0, no keys, throttle 0, then a tag section.
    const head = '0000 01 00000000';
    expect(() => decodeApiVersionsResponse(new Reader(hex(`${head} 02 07 00 05 00`)), 3)).toThrow(ProtocolDecodeError);
    expect(() => decodeApiVersionsResponse(new Reader(hex(`${head} 01 03 02 01 00`)), 3)).toThrow(/unread bytes/);
    expect(decodeApiVersionsResponse(new Reader(hex(`${head} 01 03 01 01`)), 3).zkMigrationReady).toBe(true);
  });
});

describe('api keys and header versions', () => {
  it('lists every API with its request ranges', () => {
    expect(apiTable).toHaveLength(88);
    expect(apiInfo(ApiKey.Produce)).toStrictEqual({
      apiKey: 0, name: 'Produce', minVersion: 0, maxVersion: 11, flexibleMin: 9, responseFlexibleMin: 9,
      latestVersionUnstable: false, listeners: ['zkBroker', 'broker'], deprecatedVersions: { min: 0, max: 6 },
    });
    expect(apiInfo(ApiKey.EndTxn)?.latestVersionUnstable).toBe(true);
    expect(apiInfo(ApiKey.OffsetDelete)?.flexibleMin).toBe(-1);
    expect(apiInfo(ApiKey.ReadShareGroupStateSummary)?.apiKey).toBe(87);
    expect(apiInfo(88)).toBeUndefined();
    expect(ProduceRequestVersions).toStrictEqual({ apiKey: 0, min: 0, max: 11, flexibleMin: 9, latestVersionUnstable: false, listeners: ['zkBroker', 'broker'] });
  });

  it('picks request header v0/v1/v2 and response header v0/v1 (ApiVersions always v0)', () => {
    expect(requestHeaderVersion(ApiKey.Produce, 8)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Produce, 9)).toBe(2);
    expect(requestHeaderVersion(ApiKey.ControlledShutdown, 0)).toBe(0);
    expect(requestHeaderVersion(ApiKey.ControlledShutdown, 1)).toBe(1);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 3)).toBe(2);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 7)).toBe(2);
    expect(requestHeaderVersion(ApiKey.OffsetDelete, 0)).toBe(1);
    expect(requestHeaderVersion(999, 0)).toBe(1);
    expect(responseHeaderVersion(ApiKey.ApiVersions, 3)).toBe(0);
    expect(responseHeaderVersion(ApiKey.Metadata, 8)).toBe(0);
    expect(responseHeaderVersion(ApiKey.Metadata, 9)).toBe(1);
    expect(responseHeaderVersion(ApiKey.DescribeCluster, 0)).toBe(1);
  });

  it('default builders give fresh objects with spec defaults', () => {
    const a = defaultMetadataResponse();
    const b = defaultMetadataResponse();
    expect(a).toStrictEqual({ throttleTimeMs: 0, brokers: [], clusterId: null, controllerId: -1, topics: [], clusterAuthorizedOperations: -2147483648 });
    expect(a.brokers).not.toBe(b.brokers);
    expect(defaultFetchResponse().sessionId).toBe(0);
  });
});
