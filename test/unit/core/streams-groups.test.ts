// kafka-streams-groups' text for states a real cluster rarely shows (standby and warm-up tasks, a
// topology description from the broker's plugin, long names widening the columns), over a fake
// StreamsGroupAdmin; the common cases are compared with Kafka's own tool in
// test/reference/parity-streams-groups.test.ts.
import { describe, expect, it } from 'vitest';
import { tpKey } from '../../../src/core/consumer-groups/types.js';
import type { StreamsGroupAdmin, StreamsGroupInfo } from '../../../src/core/streams-groups/admin.js';
import { matchesInternalTopicFormat } from '../../../src/core/streams-application-reset/internal-topics.js';
import { describeGroups, formatTopology } from '../../../src/core/streams-groups/run.js';
import type { TopologyDescription } from '../../../src/protocol/streams-group-describe.js';

const tasks = (active: Array<[string, number[]]>, standby: Array<[string, number[]]> = [], warmup: Array<[string, number[]]> = []): StreamsGroupInfo['members'][number]['assignment'] => ({
  active: active.map(([subtopologyId, partitions]) => ({ subtopologyId, partitions })),
  standby: standby.map(([subtopologyId, partitions]) => ({ subtopologyId, partitions })),
  warmup: warmup.map(([subtopologyId, partitions]) => ({ subtopologyId, partitions })),
});

function group(over: Partial<StreamsGroupInfo> = {}): StreamsGroupInfo {
  return {
    groupId: 'app',
    state: 'Stable',
    groupEpoch: 9,
    targetAssignmentEpoch: 8,
    topologyEpoch: 2,
    assignor: 'a-very-long-assignor-name',
    coordinator: { id: 3, host: 'broker-three.example.internal', port: 19092 },
    subtopologies: [{ subtopologyId: '0', sourceTopics: ['in'], repartitionSinkTopics: [], stateChangelogTopics: ['app-s-changelog'], repartitionSourceTopics: [] }],
    members: [
      {
        memberId: 'm1',
        memberEpoch: 9,
        instanceId: null,
        rackId: null,
        processId: 'p1',
        clientId: 'c1',
        clientHost: '/10.0.0.1',
        topologyEpoch: 2,
        isClassic: true,
        assignment: tasks([['0', [0, 2]]], [['0', [1]]], [['0', [3]]]),
        targetAssignment: tasks([['0', [0]]], [], [['0', [1, 2]]]),
      },
    ],
    topologyDescriptionStatus: 0,
    topologyDescription: null,
    ...over,
  };
}

function fakeAdmin(g: StreamsGroupInfo): StreamsGroupAdmin {
  const fake = {
    listStreamsGroups: () => Promise.resolve([{ groupId: g.groupId, state: g.state }]),
    describeStreamsGroups: () => Promise.resolve(new Map([[g.groupId, g]])),
    listOffsets: (tps: Array<{ topic: string; partition: number }>, spec: string) => Promise.resolve(new Map(tps.map((tp) => [tpKey(tp.topic, tp.partition), spec === 'earliest' ? 1n : 10n]))),
    fetchOffsets: () => Promise.resolve(new Map([[tpKey('in', 2), { topic: 'in', partition: 2, offset: 7n, leaderEpoch: 4 }]])),
  };
  return fake as unknown as StreamsGroupAdmin;
}

async function text(g: StreamsGroupInfo, view: 'offsets' | 'members' | 'state' | 'topology', verbose: boolean): Promise<{ out: string; failed: boolean }> {
  let out = '';
  const r = await describeGroups(fakeAdmin(g), { groups: [g.groupId], allGroups: false, view, verbose }, (t) => (out += t));
  return { out, failed: r.failed };
}

describe('streams-groups describe text', () => {
  it('--members: standby and warm-up tasks, the target ones with --verbose, classic members', async () => {
    expect((await text(group(), 'members', false)).out).toBe(
      'GROUP           MEMBER          PROCESS         CLIENT-ID       ASSIGNMENTS\n' + 'app             m1              p1              c1              ACTIVE: 0:[0,2]; STANDBY: 0:[1]; WARMUP: 0:[3]; \n',
    );
    expect((await text(group(), 'members', true)).out).toBe(
      'GROUP           TARGET-ASSIGNMENT-EPOCH   TOPOLOGY-EPOCH MEMBER          MEMBER-PROTOCOL MEMBER-EPOCH    PROCESS         CLIENT-ID       ASSIGNMENTS\n' +
        'app             8                         2              m1              classic         9               p1              c1              ACTIVE: 0:[0,2]; STANDBY: 0:[1]; WARMUP: 0:[3]; TARGET-ACTIVE: 0:[0]; TARGET-WARMUP: 0:[1,2]; \n',
    );
  });

  it('--state: the coordinator and assignor columns widen; Empty adds its notice', async () => {
    expect((await text(group(), 'state', true)).out).toBe(
      'GROUP           COORDINATOR (ID)                        ASSIGNOR                  STATE                     GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS\n' +
        'app             broker-three.example.internal:19092 (3) a-very-long-assignor-name Stable                    9               8                         1\n',
    );
    expect((await text(group({ state: 'Empty', members: [], assignor: null }), 'state', false)).out).toBe(
      "\nError: Streams group 'app' has no active members.\n" +
        'GROUP           COORDINATOR (ID)                        ASSIGNOR        STATE                     #MEMBERS\n' +
        'app             broker-three.example.internal:19092 (3)                 Empty                     0\n',
    );
    // Members and offsets print nothing for a group without members.
    expect((await text(group({ state: 'Empty', members: [] }), 'members', false)).out).toBe('');
    expect((await text(group({ state: 'Empty', members: [] }), 'offsets', false)).out).toBe('');
  });

  it('--offsets --verbose: lag from the commit, else from the log start; HashMap order (in-2 in bucket 4, in-0 in 6)', async () => {
    expect((await text(group(), 'offsets', true)).out).toBe(
      'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LEADER-EPOCH    LOG-END-OFFSET  OFFSET-LAG     \n' +
        'app             in              2          7               4               10              3              \n' +
        'app             in              0          -               -               10              9              \n',
    );
  });

  it('--topology: the description as Topology#describe(), or why there is none (exit 1)', async () => {
    const d: TopologyDescription = {
      subtopologies: [
        {
          subtopologyId: '0',
          nodes: [
            { name: 'src', nodeType: 1, sourceTopics: ['b', 'a'], sinkTopic: null, stores: [], successors: ['proc'] },
            { name: 'proc', nodeType: 2, sourceTopics: [], sinkTopic: null, stores: ['s2', 's1'], successors: ['sink', 'other'] },
            { name: 'sink', nodeType: 3, sourceTopics: [], sinkTopic: 'out', stores: [], successors: [] },
            { name: 'other', nodeType: 3, sourceTopics: [], sinkTopic: null, stores: [], successors: [] },
          ],
        },
      ],
      globalStores: [{ source: { name: 'gs', nodeType: 1, sourceTopics: ['g'], sinkTopic: null, stores: [], successors: ['gp'] }, processor: { name: 'gp', nodeType: 2, sourceTopics: [], sinkTopic: null, stores: ['gstore'], successors: [] } }],
    };
    const expected =
      'Topologies:\n' +
      '   Sub-topology: 0\n' +
      '    Source: src (topics: [a, b])\n      --> proc\n' +
      '    Processor: proc (stores: [s1, s2])\n      --> other, sink\n      <-- src\n' +
      '    Sink: sink (topic: out)\n      <-- proc\n' +
      '    Sink: other (topic: null)\n      <-- proc\n' +
      '\n' +
      '   Sub-topology: 1 for global store (will not generate tasks)\n' +
      '    Source: gs (topics: [g])\n      --> gp\n' +
      '    Processor: gp (stores: [gstore])\n      --> none\n      <-- gs\n' +
      '\n';
    expect(formatTopology(d)).toBe(expected);
    expect(await text(group({ topologyDescriptionStatus: 3, topologyDescription: d }), 'topology', false)).toEqual({ out: `${expected}\n`, failed: false });
    expect(await text(group({ topologyDescriptionStatus: 1 }), 'topology', false)).toEqual({ out: "\nError: No topology description is stored for streams group 'app'.\n", failed: true });
    expect(await text(group({ topologyDescriptionStatus: 2 }), 'topology', false)).toEqual({
      out: "\nError: The broker failed to fetch the topology description for streams group 'app'. See the broker logs for details.\n",
      failed: true,
    });
    expect(await text(group({ topologyDescriptionStatus: 0 }), 'topology', false)).toEqual({ out: "\nError: No topology description is available for streams group 'app' (status: NOT_REQUESTED).\n", failed: true });
  });

  it("infers internal topics as Kafka's tool does", () => {
    for (const t of ['a-x-changelog', 'a-x-repartition', 'a-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic', 'a-x-subscription-response-topic']) expect(matchesInternalTopicFormat(t), t).toBe(true);
    for (const t of ['a-x', 'changelog-a', 'a-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-x-topic']) expect(matchesInternalTopicFormat(t), t).toBe(false);
  });
});
