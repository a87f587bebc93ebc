// StreamsGroupDescribe (api key 89, KIP-1071): request and response, versions 0-1, flexible 0+.
//
// Hand-written, not generated: the message specs that scripts/gen-protocol.ts reads
// (../shared/kafka-protocol/message) predate the streams group APIs, and the generator's input is not
// ours to extend. The layout follows Kafka 4.4's StreamsGroupDescribeRequest/Response specs (read
// from kafka-clients-4.4.0.jar) in the generated modules' style: one interface per struct, defaults,
// and encode/decode per version (v1 adds IncludeTopologyDescription to the request and
// TopologyDescription, TopologyDescriptionStatus and AssignorName to each described group).
// Unknown tagged fields are kept so re-encoding gives the same bytes. The generated API table has
// no row for key 89, so `StreamsGroupDescribeApi` below is its own descriptor with the same shape.

import type { ApiDescriptor } from './generated/api-keys.js';
import type { RawTaggedField, Reader } from './codec/reader.js';
import type { Writer } from './codec/writer.js';
import { readTaggedFields, unsupportedDecodeVersion, unsupportedEncodeVersion, writeTaggedFields } from './generated/runtime.js';

export const STREAMS_GROUP_DESCRIBE_KEY = 89;

export const StreamsGroupDescribeVersions = {
  apiKey: STREAMS_GROUP_DESCRIBE_KEY,
  min: 0,
  max: 1,
  flexibleMin: 0,
} as const;

export interface StreamsGroupDescribeRequest {
  groupIds: string[]; // v0
  includeAuthorizedOperations: boolean; // v0
  includeTopologyDescription: boolean; // v1
  _tagged?: RawTaggedField[];
}

export interface StreamsGroupDescribeResponse {
  throttleTimeMs: number; // v0
  groups: StreamsDescribedGroup[]; // v0
  _tagged?: RawTaggedField[];
}

export interface StreamsDescribedGroup {
  errorCode: number; // v0
  errorMessage: string | null; // v0, nullable
  groupId: string; // v0
  groupState: string; // v0
  groupEpoch: number; // v0
  assignmentEpoch: number; // v0
  topology: StreamsTopology | null; // v0, nullable
  members: StreamsMember[]; // v0
  authorizedOperations: number; // v0
  topologyDescription: TopologyDescription | null; // v1, nullable
  topologyDescriptionStatus: number; // v1 (int8)
  assignorName: string | null; // v1, nullable
  _tagged?: RawTaggedField[];
}

export interface StreamsTopology {
  epoch: number; // v0
  subtopologies: StreamsSubtopology[] | null; // v0, nullable
  _tagged?: RawTaggedField[];
}

export interface StreamsSubtopology {
  subtopologyId: string;
  sourceTopics: string[];
  repartitionSinkTopics: string[];
  stateChangelogTopics: StreamsTopicInfo[];
  repartitionSourceTopics: StreamsTopicInfo[];
  _tagged?: RawTaggedField[];
}

export interface StreamsMember {
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  rackId: string | null;
  clientId: string;
  clientHost: string;
  topologyEpoch: number;
  processId: string;
  userEndpoint: StreamsEndpoint | null;
  clientTags: StreamsKeyValue[];
  taskOffsets: StreamsTaskOffset[];
  taskEndOffsets: StreamsTaskOffset[];
  assignment: StreamsAssignment;
  targetAssignment: StreamsAssignment;
  isClassic: boolean;
  _tagged?: RawTaggedField[];
}

export interface StreamsEndpoint {
  host: string;
  port: number; // uint16
  _tagged?: RawTaggedField[];
}

export interface StreamsTaskOffset {
  subtopologyId: string;
  partition: number;
  offset: bigint;
  _tagged?: RawTaggedField[];
}

export interface StreamsAssignment {
  activeTasks: StreamsTaskIds[];
  standbyTasks: StreamsTaskIds[];
  warmupTasks: StreamsTaskIds[];
  _tagged?: RawTaggedField[];
}

export interface StreamsTaskIds {
  subtopologyId: string;
  partitions: number[];
  _tagged?: RawTaggedField[];
}

export interface StreamsKeyValue {
  key: string;
  value: string;
  _tagged?: RawTaggedField[];
}

export interface StreamsTopicInfo {
  name: string;
  partitions: number;
  replicationFactor: number; // int16
  topicConfigs: StreamsKeyValue[];
  _tagged?: RawTaggedField[];
}

export interface TopologyDescription {
  subtopologies: TopologyDescriptionSubtopology[];
  globalStores: TopologyDescriptionGlobalStore[];
  _tagged?: RawTaggedField[];
}

export interface TopologyDescriptionSubtopology {
  subtopologyId: string;
  nodes: TopologyDescriptionNode[];
  _tagged?: RawTaggedField[];
}

export interface TopologyDescriptionNode {
  name: string;
  nodeType: number; // int8: 1 source, 2 processor, 3 sink
  sourceTopics: string[];
  sinkTopic: string | null;
  stores: string[];
  successors: string[];
  _tagged?: RawTaggedField[];
}

export interface TopologyDescriptionGlobalStore {
  source: TopologyDescriptionNode;
  processor: TopologyDescriptionNode;
  _tagged?: RawTaggedField[];
}

/** TopologyDescriptionStatus values (v1). */
export const TopologyDescriptionStatus = { NOT_REQUESTED: 0, NOT_STORED: 1, ERROR: 2, AVAILABLE: 3 } as const;

export function defaultStreamsGroupDescribeRequest(): StreamsGroupDescribeRequest {
  return { groupIds: [], includeAuthorizedOperations: false, includeTopologyDescription: false };
}

export function defaultStreamsDescribedGroup(): StreamsDescribedGroup {
  return {
    errorCode: 0,
    errorMessage: null,
    groupId: '',
    groupState: '',
    groupEpoch: 0,
    assignmentEpoch: 0,
    topology: null,
    members: [],
    authorizedOperations: -2147483648,
    topologyDescription: null,
    topologyDescriptionStatus: 0,
    assignorName: null,
  };
}

export function defaultStreamsAssignment(): StreamsAssignment {
  return { activeTasks: [], standbyTasks: [], warmupTasks: [] };
}

// --- helpers -------------------------------------------------------------------------------------

function writeArray<T>(w: Writer, a: readonly T[], each: (w: Writer, e: T) => void): void {
  w.compactArrayLength(a.length);
  for (const e of a) each(w, e);
}

function readArray<T>(r: Reader, what: string, each: (r: Reader) => T): T[] {
  const n = r.compactArrayLength();
  if (n < 0) r.fail(`null for non-nullable StreamsGroupDescribe ${what}`);
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(each(r));
  return out;
}

function withTagged<T extends object>(m: T, tagged: RawTaggedField[] | undefined): T & { _tagged?: RawTaggedField[] } {
  const out: T & { _tagged?: RawTaggedField[] } = m;
  if (tagged !== undefined) out._tagged = tagged;
  return out;
}

const writeString = (w: Writer, s: string): void => void w.compactString(s);
const readString = (r: Reader): string => r.compactString();

function checkVersion(version: number, name: string, r?: Reader): void {
  if (version >= StreamsGroupDescribeVersions.min && version <= StreamsGroupDescribeVersions.max) return;
  if (r !== undefined) unsupportedDecodeVersion(r, name, version);
  unsupportedEncodeVersion(name, version);
}

// --- request ---------------------------------------------------------------------------------------

export function encodeStreamsGroupDescribeRequest(w: Writer, m: StreamsGroupDescribeRequest, version: number): void {
  checkVersion(version, 'StreamsGroupDescribeRequest');
  writeArray(w, m.groupIds, writeString);
  w.bool(m.includeAuthorizedOperations);
  if (version >= 1) w.bool(m.includeTopologyDescription);
  writeTaggedFields(w, m._tagged);
}

export function decodeStreamsGroupDescribeRequest(r: Reader, version: number): StreamsGroupDescribeRequest {
  checkVersion(version, 'StreamsGroupDescribeRequest', r);
  const groupIds = readArray(r, 'groupIds', readString);
  const includeAuthorizedOperations = r.bool();
  const includeTopologyDescription = version >= 1 ? r.bool() : false;
  return withTagged({ groupIds, includeAuthorizedOperations, includeTopologyDescription }, readTaggedFields(r));
}

// --- response: common structs --------------------------------------------------------------------

function encodeKeyValue(w: Writer, m: StreamsKeyValue): void {
  w.compactString(m.key);
  w.compactString(m.value);
  writeTaggedFields(w, m._tagged);
}

function decodeKeyValue(r: Reader): StreamsKeyValue {
  const key = r.compactString();
  const value = r.compactString();
  return withTagged({ key, value }, readTaggedFields(r));
}

function encodeTopicInfo(w: Writer, m: StreamsTopicInfo): void {
  w.compactString(m.name);
  w.int32(m.partitions);
  w.int16(m.replicationFactor);
  writeArray(w, m.topicConfigs, encodeKeyValue);
  writeTaggedFields(w, m._tagged);
}

function decodeTopicInfo(r: Reader): StreamsTopicInfo {
  const name = r.compactString();
  const partitions = r.int32();
  const replicationFactor = r.int16();
  const topicConfigs = readArray(r, 'TopicInfo.topicConfigs', decodeKeyValue);
  return withTagged({ name, partitions, replicationFactor, topicConfigs }, readTaggedFields(r));
}

function encodeTaskOffset(w: Writer, m: StreamsTaskOffset): void {
  w.compactString(m.subtopologyId);
  w.int32(m.partition);
  w.int64(m.offset);
  writeTaggedFields(w, m._tagged);
}

function decodeTaskOffset(r: Reader): StreamsTaskOffset {
  const subtopologyId = r.compactString();
  const partition = r.int32();
  const offset = r.int64();
  return withTagged({ subtopologyId, partition, offset }, readTaggedFields(r));
}

function encodeTaskIds(w: Writer, m: StreamsTaskIds): void {
  w.compactString(m.subtopologyId);
  writeArray(w, m.partitions, (w2, p) => void w2.int32(p));
  writeTaggedFields(w, m._tagged);
}

function decodeTaskIds(r: Reader): StreamsTaskIds {
  const subtopologyId = r.compactString();
  const partitions = readArray(r, 'TaskIds.partitions', (r2) => r2.int32());
  return withTagged({ subtopologyId, partitions }, readTaggedFields(r));
}

function encodeAssignment(w: Writer, m: StreamsAssignment): void {
  writeArray(w, m.activeTasks, encodeTaskIds);
  writeArray(w, m.standbyTasks, encodeTaskIds);
  writeArray(w, m.warmupTasks, encodeTaskIds);
  writeTaggedFields(w, m._tagged);
}

function decodeAssignment(r: Reader): StreamsAssignment {
  const activeTasks = readArray(r, 'Assignment.activeTasks', decodeTaskIds);
  const standbyTasks = readArray(r, 'Assignment.standbyTasks', decodeTaskIds);
  const warmupTasks = readArray(r, 'Assignment.warmupTasks', decodeTaskIds);
  return withTagged({ activeTasks, standbyTasks, warmupTasks }, readTaggedFields(r));
}

function encodeEndpoint(w: Writer, m: StreamsEndpoint): void {
  w.compactString(m.host);
  w.uint16(m.port);
  writeTaggedFields(w, m._tagged);
}

function decodeEndpoint(r: Reader): StreamsEndpoint {
  const host = r.compactString();
  const port = r.uint16();
  return withTagged({ host, port }, readTaggedFields(r));
}

function encodeNode(w: Writer, m: TopologyDescriptionNode): void {
  w.compactString(m.name);
  w.int8(m.nodeType);
  writeArray(w, m.sourceTopics, writeString);
  w.compactNullableString(m.sinkTopic);
  writeArray(w, m.stores, writeString);
  writeArray(w, m.successors, writeString);
  writeTaggedFields(w, m._tagged);
}

function decodeNode(r: Reader): TopologyDescriptionNode {
  const name = r.compactString();
  const nodeType = r.int8();
  const sourceTopics = readArray(r, 'TopologyDescriptionNode.sourceTopics', readString);
  const sinkTopic = r.compactNullableString();
  const stores = readArray(r, 'TopologyDescriptionNode.stores', readString);
  const successors = readArray(r, 'TopologyDescriptionNode.successors', readString);
  return withTagged({ name, nodeType, sourceTopics, sinkTopic, stores, successors }, readTaggedFields(r));
}

function encodeTopologyDescription(w: Writer, m: TopologyDescription): void {
  writeArray(w, m.subtopologies, (w2, s) => {
    w2.compactString(s.subtopologyId);
    writeArray(w2, s.nodes, encodeNode);
    writeTaggedFields(w2, s._tagged);
  });
  writeArray(w, m.globalStores, (w2, g) => {
    encodeNode(w2, g.source);
    encodeNode(w2, g.processor);
    writeTaggedFields(w2, g._tagged);
  });
  writeTaggedFields(w, m._tagged);
}

function decodeTopologyDescription(r: Reader): TopologyDescription {
  const subtopologies = readArray(r, 'TopologyDescription.subtopologies', (r2) => {
    const subtopologyId = r2.compactString();
    const nodes = readArray(r2, 'TopologyDescriptionSubtopology.nodes', decodeNode);
    return withTagged<TopologyDescriptionSubtopology>({ subtopologyId, nodes }, readTaggedFields(r2));
  });
  const globalStores = readArray(r, 'TopologyDescription.globalStores', (r2) => {
    const source = decodeNode(r2);
    const processor = decodeNode(r2);
    return withTagged<TopologyDescriptionGlobalStore>({ source, processor }, readTaggedFields(r2));
  });
  return withTagged({ subtopologies, globalStores }, readTaggedFields(r));
}

// --- response: groups ----------------------------------------------------------------------------

function encodeSubtopology(w: Writer, m: StreamsSubtopology): void {
  w.compactString(m.subtopologyId);
  writeArray(w, m.sourceTopics, writeString);
  writeArray(w, m.repartitionSinkTopics, writeString);
  writeArray(w, m.stateChangelogTopics, encodeTopicInfo);
  writeArray(w, m.repartitionSourceTopics, encodeTopicInfo);
  writeTaggedFields(w, m._tagged);
}

function decodeSubtopology(r: Reader): StreamsSubtopology {
  const subtopologyId = r.compactString();
  const sourceTopics = readArray(r, 'Subtopology.sourceTopics', readString);
  const repartitionSinkTopics = readArray(r, 'Subtopology.repartitionSinkTopics', readString);
  const stateChangelogTopics = readArray(r, 'Subtopology.stateChangelogTopics', decodeTopicInfo);
  const repartitionSourceTopics = readArray(r, 'Subtopology.repartitionSourceTopics', decodeTopicInfo);
  return withTagged({ subtopologyId, sourceTopics, repartitionSinkTopics, stateChangelogTopics, repartitionSourceTopics }, readTaggedFields(r));
}

function encodeTopology(w: Writer, m: StreamsTopology): void {
  w.int32(m.epoch);
  if (m.subtopologies === null) w.compactArrayLength(-1);
  else writeArray(w, m.subtopologies, encodeSubtopology);
  writeTaggedFields(w, m._tagged);
}

function decodeTopology(r: Reader): StreamsTopology {
  const epoch = r.int32();
  const n = r.compactArrayLength();
  let subtopologies: StreamsSubtopology[] | null = null;
  if (n >= 0) {
    subtopologies = [];
    for (let i = 0; i < n; i++) subtopologies.push(decodeSubtopology(r));
  }
  return withTagged({ epoch, subtopologies }, readTaggedFields(r));
}

function encodeMember(w: Writer, m: StreamsMember): void {
  w.compactString(m.memberId);
  w.int32(m.memberEpoch);
  w.compactNullableString(m.instanceId);
  w.compactNullableString(m.rackId);
  w.compactString(m.clientId);
  w.compactString(m.clientHost);
  w.int32(m.topologyEpoch);
  w.compactString(m.processId);
  if (m.userEndpoint === null) w.int8(-1);
  else {
    w.int8(1);
    encodeEndpoint(w, m.userEndpoint);
  }
  writeArray(w, m.clientTags, encodeKeyValue);
  writeArray(w, m.taskOffsets, encodeTaskOffset);
  writeArray(w, m.taskEndOffsets, encodeTaskOffset);
  encodeAssignment(w, m.assignment);
  encodeAssignment(w, m.targetAssignment);
  w.bool(m.isClassic);
  writeTaggedFields(w, m._tagged);
}

function decodeMember(r: Reader): StreamsMember {
  const memberId = r.compactString();
  const memberEpoch = r.int32();
  const instanceId = r.compactNullableString();
  const rackId = r.compactNullableString();
  const clientId = r.compactString();
  const clientHost = r.compactString();
  const topologyEpoch = r.int32();
  const processId = r.compactString();
  const userEndpoint = r.int8() < 0 ? null : decodeEndpoint(r);
  const clientTags = readArray(r, 'Member.clientTags', decodeKeyValue);
  const taskOffsets = readArray(r, 'Member.taskOffsets', decodeTaskOffset);
  const taskEndOffsets = readArray(r, 'Member.taskEndOffsets', decodeTaskOffset);
  const assignment = decodeAssignment(r);
  const targetAssignment = decodeAssignment(r);
  const isClassic = r.bool();
  return withTagged(
    { memberId, memberEpoch, instanceId, rackId, clientId, clientHost, topologyEpoch, processId, userEndpoint, clientTags, taskOffsets, taskEndOffsets, assignment, targetAssignment, isClassic },
    readTaggedFields(r),
  );
}

function encodeGroup(w: Writer, m: StreamsDescribedGroup, version: number): void {
  w.int16(m.errorCode);
  w.compactNullableString(m.errorMessage);
  w.compactString(m.groupId);
  w.compactString(m.groupState);
  w.int32(m.groupEpoch);
  w.int32(m.assignmentEpoch);
  if (m.topology === null) w.int8(-1);
  else {
    w.int8(1);
    encodeTopology(w, m.topology);
  }
  writeArray(w, m.members, encodeMember);
  w.int32(m.authorizedOperations);
  if (version >= 1) {
    if (m.topologyDescription === null) w.int8(-1);
    else {
      w.int8(1);
      encodeTopologyDescription(w, m.topologyDescription);
    }
    w.int8(m.topologyDescriptionStatus);
    w.compactNullableString(m.assignorName);
  }
  writeTaggedFields(w, m._tagged);
}

function decodeGroup(r: Reader, version: number): StreamsDescribedGroup {
  const errorCode = r.int16();
  const errorMessage = r.compactNullableString();
  const groupId = r.compactString();
  const groupState = r.compactString();
  const groupEpoch = r.int32();
  const assignmentEpoch = r.int32();
  const topology = r.int8() < 0 ? null : decodeTopology(r);
  const members = readArray(r, 'DescribedGroup.members', decodeMember);
  const authorizedOperations = r.int32();
  let topologyDescription: TopologyDescription | null = null;
  let topologyDescriptionStatus = 0;
  let assignorName: string | null = null;
  if (version >= 1) {
    topologyDescription = r.int8() < 0 ? null : decodeTopologyDescription(r);
    topologyDescriptionStatus = r.int8();
    assignorName = r.compactNullableString();
  }
  return withTagged(
    { errorCode, errorMessage, groupId, groupState, groupEpoch, assignmentEpoch, topology, members, authorizedOperations, topologyDescription, topologyDescriptionStatus, assignorName },
    readTaggedFields(r),
  );
}

export function encodeStreamsGroupDescribeResponse(w: Writer, m: StreamsGroupDescribeResponse, version: number): void {
  checkVersion(version, 'StreamsGroupDescribeResponse');
  w.int32(m.throttleTimeMs);
  writeArray(w, m.groups, (w2, g) => encodeGroup(w2, g, version));
  writeTaggedFields(w, m._tagged);
}

export function decodeStreamsGroupDescribeResponse(r: Reader, version: number): StreamsGroupDescribeResponse {
  checkVersion(version, 'StreamsGroupDescribeResponse', r);
  const throttleTimeMs = r.int32();
  const groups = readArray(r, 'groups', (r2) => decodeGroup(r2, version));
  return withTagged({ throttleTimeMs, groups }, readTaggedFields(r));
}

/** The API's descriptor, shaped as the generated `apis/<name>.ts` ones (the generated table has no row for key 89). */
export const StreamsGroupDescribeApi: ApiDescriptor<StreamsGroupDescribeRequest, StreamsGroupDescribeResponse> = {
  apiKey: STREAMS_GROUP_DESCRIBE_KEY,
  name: 'StreamsGroupDescribe',
  minVersion: StreamsGroupDescribeVersions.min,
  maxVersion: StreamsGroupDescribeVersions.max,
  flexibleMin: StreamsGroupDescribeVersions.flexibleMin,
  responseFlexibleMin: StreamsGroupDescribeVersions.flexibleMin,
  latestVersionUnstable: false,
  listeners: ['broker'],
  deprecatedVersions: null,
  encodeRequest: encodeStreamsGroupDescribeRequest,
  decodeRequest: decodeStreamsGroupDescribeRequest,
  encodeResponse: encodeStreamsGroupDescribeResponse,
  decodeResponse: decodeStreamsGroupDescribeResponse,
};
