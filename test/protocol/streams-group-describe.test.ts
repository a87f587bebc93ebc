// The hand-written StreamsGroupDescribe codec (src/protocol/streams-group-describe.ts): encode then
// decode gives the same value and bytes at v0 and v1, a response assembled byte by byte here from
// the spec's field order decodes to the expected value, and a cut frame is a decode error.
import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError } from '../../src/protocol/codec/errors.js';
import { Reader } from '../../src/protocol/codec/reader.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { StreamsGroupDescribeApi as ClientStreamsGroupDescribeApi } from '../../src/client/native/apis/streams-group-describe.js';
import {
  StreamsGroupDescribeApi,
  decodeStreamsGroupDescribeRequest,
  decodeStreamsGroupDescribeResponse,
  defaultStreamsAssignment,
  defaultStreamsDescribedGroup,
  encodeStreamsGroupDescribeRequest,
  encodeStreamsGroupDescribeResponse,
  type StreamsDescribedGroup,
  type StreamsGroupDescribeResponse,
} from '../../src/protocol/streams-group-describe.js';

function bytesOf(fn: (w: Writer) => void): Buffer {
  const w = new Writer(64);
  fn(w);
  return w.toBuffer();
}

function fullGroup(version: number): StreamsDescribedGroup {
  return {
    ...defaultStreamsDescribedGroup(),
    groupId: 'wordcount',
    groupState: 'Stable',
    groupEpoch: 7,
    assignmentEpoch: 7,
    topology: {
      epoch: 0,
      subtopologies: [
        {
          subtopologyId: '0',
          sourceTopics: ['lines'],
          repartitionSinkTopics: ['wordcount-counts-repartition'],
          stateChangelogTopics: [],
          repartitionSourceTopics: [],
        },
        {
          subtopologyId: '1',
          sourceTopics: ['wordcount-counts-repartition'],
          repartitionSinkTopics: [],
          stateChangelogTopics: [{ name: 'wordcount-counts-changelog', partitions: 0, replicationFactor: 0, topicConfigs: [] }],
          repartitionSourceTopics: [{ name: 'wordcount-counts-repartition', partitions: 2, replicationFactor: -1, topicConfigs: [{ key: 'cleanup.policy', value: 'delete' }] }],
          _tagged: [{ tag: 5, data: Buffer.from([1, 2]) }],
        },
      ],
    },
    members: [
      {
        memberId: 'm-1',
        memberEpoch: 7,
        instanceId: null,
        rackId: 'r1',
        clientId: 'wordcount-client',
        clientHost: '/127.0.0.1',
        topologyEpoch: 0,
        processId: 'p-1',
        userEndpoint: { host: 'localhost', port: 65535 },
        clientTags: [{ key: 'zone', value: 'a' }],
        taskOffsets: [{ subtopologyId: '1', partition: 0, offset: 42n }],
        taskEndOffsets: [{ subtopologyId: '1', partition: 0, offset: 9_007_199_254_740_993n }],
        assignment: { activeTasks: [{ subtopologyId: '0', partitions: [0, 1] }], standbyTasks: [], warmupTasks: [{ subtopologyId: '1', partitions: [1] }] },
        targetAssignment: defaultStreamsAssignment(),
        isClassic: false,
      },
    ],
    authorizedOperations: 0x1f,
    ...(version >= 1
      ? {
          topologyDescriptionStatus: 3,
          assignorName: 'sticky',
          topologyDescription: {
            subtopologies: [{ subtopologyId: '0', nodes: [{ name: 'KSTREAM-SOURCE-0000000000', nodeType: 1, sourceTopics: ['lines'], sinkTopic: null, stores: [], successors: ['KSTREAM-SINK-0000000001'] }] }],
            globalStores: [
              {
                source: { name: 'g-src', nodeType: 1, sourceTopics: ['g'], sinkTopic: null, stores: [], successors: ['g-proc'] },
                processor: { name: 'g-proc', nodeType: 2, sourceTopics: [], sinkTopic: null, stores: ['g-store'], successors: [] },
              },
            ],
          },
        }
      : {}),
  };
}

describe('StreamsGroupDescribe codec (hand-written, api key 89)', () => {
  it('round-trips requests at v0 and v1 (v1 carries IncludeTopologyDescription)', () => {
    for (const version of [0, 1]) {
      const req = { groupIds: ['a', 'b'], includeAuthorizedOperations: true, includeTopologyDescription: version >= 1 };
      const bytes = bytesOf((w) => encodeStreamsGroupDescribeRequest(w, req, version));
      const r = new Reader(bytes);
      expect(decodeStreamsGroupDescribeRequest(r, version)).toStrictEqual(req);
      expect(r.remaining).toBe(0);
    }
    // v0 has no IncludeTopologyDescription byte: [2 ids] a b, bool, no tags.
    expect(bytesOf((w) => encodeStreamsGroupDescribeRequest(w, { groupIds: ['a'], includeAuthorizedOperations: false, includeTopologyDescription: true }, 0))).toEqual(Buffer.from([2, 2, 0x61, 0, 0]));
    expect(bytesOf((w) => encodeStreamsGroupDescribeRequest(w, { groupIds: ['a'], includeAuthorizedOperations: false, includeTopologyDescription: true }, 1))).toEqual(Buffer.from([2, 2, 0x61, 0, 1, 0]));
  });

  it('round-trips a full response at v0 and v1: same value, same bytes', () => {
    for (const version of [0, 1]) {
      const res: StreamsGroupDescribeResponse = { throttleTimeMs: 3, groups: [fullGroup(version), { ...defaultStreamsDescribedGroup(), errorCode: 69, errorMessage: 'Group x not found.', groupId: 'x', groupState: 'Dead' }] };
      const bytes = bytesOf((w) => encodeStreamsGroupDescribeResponse(w, res, version));
      const r = new Reader(bytes);
      const back = decodeStreamsGroupDescribeResponse(r, version);
      expect(r.remaining).toBe(0);
      expect(back).toStrictEqual(res);
      expect(bytesOf((w) => encodeStreamsGroupDescribeResponse(w, back, version)).equals(bytes)).toBe(true);
    }
  });

  it('decodes a v1 response assembled byte by byte in the spec field order', () => {
    const compact = (s: string): number[] => [s.length + 1, ...Buffer.from(s, 'utf8')];
    const int32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
    const bytes = Buffer.from([
      ...int32(0), // throttle
      2, // 1 group
      0, 0, // error code
      0, // error message null
      ...compact('app'),
      ...compact('Empty'),
      ...int32(4), // group epoch
      ...int32(3), // assignment epoch
      1, // topology present
      ...int32(0), // topology epoch
      2, // 1 subtopology
      ...compact('0'),
      2, ...compact('in'), // source topics
      1, // repartition sink topics: empty
      2, ...compact('app-store-changelog'), ...int32(0), 0, 1, 1, 0, // changelog topic info: 0 partitions, rf 1, no configs, no tags
      1, // repartition source topics: empty
      0, // subtopology tags
      0, // topology tags
      2, // 1 member
      ...compact('m'),
      ...int32(5),
      0, // instance id null
      0, // rack id null
      ...compact('c'),
      ...compact('/10.0.0.1'),
      ...int32(0), // topology epoch
      ...compact('p'),
      0xff, // user endpoint null (int8 -1)
      1, 1, 1, // client tags, task offsets, task end offsets: empty
      2, ...compact('0'), 3, ...int32(0), ...int32(2), 0, 1, 1, 0, // assignment: active 0:[0,2]
      1, 1, 1, 0, // target assignment: empty
      1, // is classic
      0, // member tags
      ...int32(-2147483648), // authorized operations
      0xff, // topology description null
      1, // status NOT_STORED
      0, // assignor name null
      0, // group tags
      0, // response tags
    ]);
    const r = new Reader(bytes);
    const res = decodeStreamsGroupDescribeResponse(r, 1);
    expect(r.remaining).toBe(0);
    expect(res.groups).toHaveLength(1);
    const g = res.groups[0] as StreamsDescribedGroup;
    expect(g).toMatchObject({ groupId: 'app', groupState: 'Empty', groupEpoch: 4, assignmentEpoch: 3, topologyDescription: null, topologyDescriptionStatus: 1, assignorName: null });
    expect(g.topology).toStrictEqual({
      epoch: 0,
      subtopologies: [{ subtopologyId: '0', sourceTopics: ['in'], repartitionSinkTopics: [], stateChangelogTopics: [{ name: 'app-store-changelog', partitions: 0, replicationFactor: 1, topicConfigs: [] }], repartitionSourceTopics: [] }],
    });
    expect(g.members[0]).toMatchObject({ memberId: 'm', memberEpoch: 5, clientHost: '/10.0.0.1', processId: 'p', userEndpoint: null, isClassic: true, assignment: { activeTasks: [{ subtopologyId: '0', partitions: [0, 2] }], standbyTasks: [], warmupTasks: [] } });
    // Cut anywhere, the frame is a decode error, never a partial value.
    for (let cut = 0; cut < bytes.length; cut++) expect(() => decodeStreamsGroupDescribeResponse(new Reader(bytes.subarray(0, cut)), 1)).toThrow(ProtocolDecodeError);
  });

  it('refuses versions outside 0-1', () => {
    expect(() => bytesOf((w) => encodeStreamsGroupDescribeRequest(w, { groupIds: [], includeAuthorizedOperations: false, includeTopologyDescription: false }, 2))).toThrow(/no version 2/);
    expect(() => decodeStreamsGroupDescribeResponse(new Reader(Buffer.alloc(8)), 2)).toThrow(ProtocolDecodeError);
  });

  it('gives the client its own header versions (no row in the generated table): flexible from v0', () => {
    expect(StreamsGroupDescribeApi).toMatchObject({ apiKey: 89, name: 'StreamsGroupDescribe', minVersion: 0, maxVersion: 1, flexibleMin: 0, responseFlexibleMin: 0 });
    expect(ClientStreamsGroupDescribeApi).toMatchObject({ apiKey: 89, min: 0, max: 1, headerFlexibleMin: { request: 0, response: 0 } });
  });
});
