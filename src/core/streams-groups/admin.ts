// The cluster operations kafka-streams-groups needs beyond consumer-groups' GroupAdmin (whose
// OffsetFetch, OffsetCommit, OffsetDelete, DeleteGroups, ListOffsets and Metadata it reuses, as
// Kafka's admin does for streams groups): ListGroups filtered to type "streams", StreamsGroupDescribe
// at each group's coordinator, and DeleteTopics at the controller. Failures are the Java
// exceptions' texts, as Kafka's tool prints them.
import { clientApi } from '../../client/native/apis.js';
import { ListGroupsApi } from '../../client/native/apis/list-groups.js';
import { StreamsGroupDescribeApi } from '../../client/native/apis/streams-group-describe.js';
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { DeleteTopicsApi as DeleteTopicsSpec } from '../../protocol/generated/apis/delete-topics.js';
import type { StreamsAssignment, StreamsDescribedGroup, TopologyDescription } from '../../protocol/streams-group-describe.js';
import { NativeGroupAdmin } from '../consumer-groups/admin.js';
import type { CoordinatorNode } from '../consumer-groups/types.js';
import { javaException } from '../get-offsets/java-errors.js';

const DeleteTopicsApi = clientApi(DeleteTopicsSpec, DeleteTopicsSpec.minVersion, DeleteTopicsSpec.maxVersion);
const RETRIABLE_COORDINATOR = new Set<number>([ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.COORDINATOR_NOT_AVAILABLE, ErrorCode.NOT_COORDINATOR]);

/**
 * A failure Kafka's tool reports through its catch-all, `Error: Executing streams group command
 * failed due to <message>`: `message` is the Java exception's getMessage() there.
 */
export class StreamsCommandFailure extends Error {
  override readonly name: string = 'StreamsCommandFailure';
}

/** A failed admin call as the tool meets it: the cause's toString(), or wrapped once more in a RuntimeException. */
export class StreamsAdminError extends Error {
  override readonly name: string = 'StreamsAdminError';
  /** `org.apache.kafka.common.errors.X: message` */
  readonly javaText: string;
  constructor(javaText: string) {
    super(javaText);
    this.javaText = javaText;
  }
}

export interface StreamsTasks {
  subtopologyId: string;
  partitions: number[];
}

export interface StreamsMemberInfo {
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  processId: string;
  clientId: string;
  clientHost: string;
  topologyEpoch: number;
  isClassic: boolean;
  assignment: { active: StreamsTasks[]; standby: StreamsTasks[]; warmup: StreamsTasks[] };
  targetAssignment: { active: StreamsTasks[]; standby: StreamsTasks[]; warmup: StreamsTasks[] };
}

export interface StreamsSubtopologyInfo {
  subtopologyId: string;
  sourceTopics: string[];
  repartitionSinkTopics: string[];
  stateChangelogTopics: string[];
  repartitionSourceTopics: string[];
}

export interface StreamsGroupInfo {
  groupId: string;
  state: string;
  groupEpoch: number;
  targetAssignmentEpoch: number;
  /** The topology's epoch; -1 when the group has none. */
  topologyEpoch: number;
  /** The assignor the coordinator will use next (StreamsGroupDescribe v1+); null when not told. */
  assignor: string | null;
  coordinator: CoordinatorNode;
  subtopologies: StreamsSubtopologyInfo[];
  members: StreamsMemberInfo[];
  /** v1 with IncludeTopologyDescription: 0 not requested, 1 not stored, 2 error, 3 available. */
  topologyDescriptionStatus: number;
  topologyDescription: TopologyDescription | null;
}

export interface StreamsGroupListing {
  groupId: string;
  /** GroupState's name; '' when the broker does not say (ListGroups < v4). */
  state: string;
}

function tasks(a: StreamsAssignment): StreamsMemberInfo['assignment'] {
  const ids = (list: Array<{ subtopologyId: string; partitions: number[] }>): StreamsTasks[] => list.map((t) => ({ subtopologyId: t.subtopologyId, partitions: [...t.partitions] }));
  return { active: ids(a.activeTasks), standby: ids(a.standbyTasks), warmup: ids(a.warmupTasks) };
}

function groupInfo(g: StreamsDescribedGroup, coordinator: CoordinatorNode): StreamsGroupInfo {
  return {
    groupId: g.groupId,
    state: g.groupState,
    groupEpoch: g.groupEpoch,
    targetAssignmentEpoch: g.assignmentEpoch,
    topologyEpoch: g.topology?.epoch ?? -1,
    assignor: g.assignorName,
    coordinator,
    subtopologies: (g.topology?.subtopologies ?? []).map((s) => ({
      subtopologyId: s.subtopologyId,
      sourceTopics: [...s.sourceTopics],
      repartitionSinkTopics: [...s.repartitionSinkTopics],
      stateChangelogTopics: s.stateChangelogTopics.map((t) => t.name),
      repartitionSourceTopics: s.repartitionSourceTopics.map((t) => t.name),
    })),
    members: g.members.map((m) => ({
      memberId: m.memberId,
      memberEpoch: m.memberEpoch,
      instanceId: m.instanceId,
      rackId: m.rackId,
      processId: m.processId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      topologyEpoch: m.topologyEpoch,
      isClassic: m.isClassic,
      assignment: tasks(m.assignment),
      targetAssignment: tasks(m.targetAssignment),
    })),
    topologyDescriptionStatus: g.topologyDescriptionStatus,
    topologyDescription: g.topologyDescription,
  };
}

export class StreamsGroupAdmin extends NativeGroupAdmin {
  /** ListGroups with the type filter "streams" (and the states, if any) to every broker, in the brokers' order. */
  async listStreamsGroups(states: readonly string[] = []): Promise<StreamsGroupListing[]> {
    const meta = await this.client.metadata([]);
    const out: StreamsGroupListing[] = [];
    const seen = new Set<string>();
    for (const b of meta.brokers) {
      const conn = await this.client.nodeConnection(b.nodeId);
      const v = conn.version(ListGroupsApi);
      const res = await conn.send(ListGroupsApi, { statesFilter: v >= 4 ? [...states] : [], typesFilter: v >= 5 ? ['streams'] : [] });
      if (res.errorCode !== ErrorCode.NONE) throw new StreamsAdminError(javaException(res.errorCode));
      for (const g of res.groups) {
        // A broker older than ListGroups v5 knows no streams groups.
        if (v < 5 || g.groupType.toLowerCase() !== 'streams' || seen.has(g.groupId)) continue;
        if (states.length > 0 && v >= 4 && !states.some((s) => s.toLowerCase() === g.groupState.toLowerCase())) continue;
        seen.add(g.groupId);
        out.push({ groupId: g.groupId, state: v >= 4 ? g.groupState : '' });
      }
    }
    return out;
  }

  /**
   * StreamsGroupDescribe at each group's coordinator (retrying while it moves or loads). A group's
   * error, or a broker without the API, fails the whole call as the Java admin's all() does.
   */
  async describeStreamsGroups(groupIds: readonly string[], opts: { includeTopologyDescription?: boolean } = {}): Promise<Map<string, StreamsGroupInfo>> {
    const described = await this.withCoordinators<StreamsGroupInfo | StreamsAdminError>(groupIds, async (conn, coordinator, ids) => {
      const results = new Map<string, { retry: number } | { value: StreamsGroupInfo | StreamsAdminError }>();
      if (!conn.supports(StreamsGroupDescribeApi)) {
        const err = new StreamsAdminError('org.apache.kafka.common.errors.UnsupportedVersionException: The node does not support STREAMS_GROUP_DESCRIBE');
        for (const id of ids) results.set(id, { value: err });
        return results;
      }
      const res = await conn.send(StreamsGroupDescribeApi, { groupIds: ids, includeAuthorizedOperations: false, includeTopologyDescription: opts.includeTopologyDescription === true });
      for (const g of res.groups) {
        if (!ids.includes(g.groupId)) continue;
        if (RETRIABLE_COORDINATOR.has(g.errorCode)) results.set(g.groupId, { retry: g.errorCode });
        else if (g.errorCode !== ErrorCode.NONE) results.set(g.groupId, { value: new StreamsAdminError(javaException(g.errorCode, g.errorMessage)) });
        else results.set(g.groupId, { value: groupInfo(g, coordinator) });
      }
      for (const id of ids) if (!results.has(id)) results.set(id, { value: new StreamsAdminError(`java.lang.IllegalStateException: no description of group '${id}'`) });
      return results;
    });
    const out = new Map<string, StreamsGroupInfo>();
    for (const id of groupIds) {
      const d = described.get(id);
      if (d instanceof StreamsAdminError) throw d;
      if (d !== undefined) out.set(id, d);
    }
    return out;
  }

  /** Like describeStreamsGroups, one result or error per group (the admin's per-group futures). */
  async describeEach(groupIds: readonly string[]): Promise<Map<string, StreamsGroupInfo | StreamsAdminError>> {
    const out = new Map<string, StreamsGroupInfo | StreamsAdminError>();
    for (const id of new Set(groupIds)) {
      try {
        const d = (await this.describeStreamsGroups([id])).get(id);
        if (d !== undefined) out.set(id, d);
      } catch (err) {
        if (!(err instanceof StreamsAdminError)) throw err;
        out.set(id, err);
      }
    }
    return out;
  }

  /** DeleteTopics at the controller; per topic the Java exception text of its failure, null when deleted. */
  async deleteTopics(topics: readonly string[]): Promise<Map<string, string | null>> {
    const names = [...new Set(topics)];
    const out = new Map<string, string | null>();
    if (names.length === 0) return out;
    const md = await this.client.metadata([]);
    const conn = md.brokers.some((b) => b.nodeId === md.controllerId) ? await this.client.nodeConnection(md.controllerId) : await this.client.anyConnection();
    const res = await conn.send(DeleteTopicsApi, { topics: names.map((name) => ({ name, topicId: ZERO_UUID })), topicNames: [...names], timeoutMs: this.timeoutMs });
    for (const r of res.responses) out.set(r.name ?? '', r.errorCode === ErrorCode.NONE ? null : javaException(r.errorCode, r.errorMessage));
    return out;
  }

  /** Every topic name (for the internal topics' fallback listing). */
  async allTopicNames(): Promise<string[]> {
    return this.topicNames();
  }
}
