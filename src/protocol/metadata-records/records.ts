// The KRaft metadata records (Kafka 4.4's common/metadata specs: api key, valid versions, fields),
// as our own field tables for schema.ts's walkers. Hand-written: see schema.ts's header for why.
import type { Field } from './schema.js';

export interface RecordSchema {
  apiKey: number;
  name: string;
  maxVersion: number;
  fields: readonly Field[];
}

const ENDPOINT: readonly Field[] = [
  { name: 'name', type: 'string' },
  { name: 'host', type: 'string' },
  { name: 'port', type: 'uint16' },
  { name: 'securityProtocol', type: 'int16' },
];
const FEATURE: readonly Field[] = [
  { name: 'name', type: 'string' },
  { name: 'minSupportedVersion', type: 'int16' },
  { name: 'maxSupportedVersion', type: 'int16' },
];

export const METADATA_RECORDS: readonly RecordSchema[] = [
  {
    apiKey: 0,
    name: 'RegisterBrokerRecord',
    maxVersion: 4,
    fields: [
      { name: 'brokerId', type: 'int32' },
      { name: 'isMigratingZkBroker', type: 'bool', since: 2 },
      { name: 'incarnationId', type: 'uuid' },
      { name: 'brokerEpoch', type: 'int64' },
      { name: 'endPoints', type: '[]struct', struct: ENDPOINT },
      { name: 'features', type: '[]struct', struct: FEATURE },
      { name: 'rack', type: 'string', nullableSince: 0 },
      { name: 'fenced', type: 'bool', dflt: true },
      { name: 'inControlledShutdown', type: 'bool', since: 1 },
      { name: 'logDirs', type: '[]uuid', since: 3, tag: 0 },
      { name: 'cordonedLogDirs', type: '[]uuid', since: 4, nullableSince: 4, tag: 1 },
    ],
  },
  { apiKey: 1, name: 'UnregisterBrokerRecord', maxVersion: 0, fields: [{ name: 'brokerId', type: 'int32' }, { name: 'brokerEpoch', type: 'int64' }] },
  { apiKey: 2, name: 'TopicRecord', maxVersion: 0, fields: [{ name: 'name', type: 'string' }, { name: 'topicId', type: 'uuid' }] },
  {
    apiKey: 3,
    name: 'PartitionRecord',
    maxVersion: 2,
    fields: [
      { name: 'partitionId', type: 'int32', dflt: -1 },
      { name: 'topicId', type: 'uuid' },
      { name: 'replicas', type: '[]int32' },
      { name: 'isr', type: '[]int32' },
      { name: 'removingReplicas', type: '[]int32' },
      { name: 'addingReplicas', type: '[]int32' },
      { name: 'leader', type: 'int32', dflt: -1 },
      { name: 'leaderRecoveryState', type: 'int8', tag: 0, dflt: 0 },
      { name: 'leaderEpoch', type: 'int32', dflt: -1 },
      { name: 'partitionEpoch', type: 'int32', dflt: -1 },
      { name: 'directories', type: '[]uuid', since: 1 },
      { name: 'eligibleLeaderReplicas', type: '[]int32', since: 2, nullableSince: 2, tag: 1 },
      { name: 'lastKnownElr', type: '[]int32', since: 2, nullableSince: 2, tag: 2 },
    ],
  },
  { apiKey: 4, name: 'ConfigRecord', maxVersion: 0, fields: [{ name: 'resourceType', type: 'int8' }, { name: 'resourceName', type: 'string' }, { name: 'name', type: 'string' }, { name: 'value', type: 'string', nullableSince: 0 }] },
  {
    apiKey: 5,
    name: 'PartitionChangeRecord',
    maxVersion: 2,
    fields: [
      { name: 'partitionId', type: 'int32', dflt: -1 },
      { name: 'topicId', type: 'uuid' },
      { name: 'isr', type: '[]int32', nullableSince: 0, tag: 0 },
      { name: 'leader', type: 'int32', tag: 1, dflt: -2 },
      { name: 'replicas', type: '[]int32', nullableSince: 0, tag: 2 },
      { name: 'removingReplicas', type: '[]int32', nullableSince: 0, tag: 3 },
      { name: 'addingReplicas', type: '[]int32', nullableSince: 0, tag: 4 },
      { name: 'leaderRecoveryState', type: 'int8', tag: 5, dflt: -1 },
      { name: 'directories', type: '[]uuid', since: 1, nullableSince: 1, tag: 8 },
      { name: 'eligibleLeaderReplicas', type: '[]int32', since: 2, nullableSince: 2, tag: 6 },
      { name: 'lastKnownElr', type: '[]int32', since: 2, nullableSince: 2, tag: 7 },
    ],
  },
  { apiKey: 7, name: 'FenceBrokerRecord', maxVersion: 0, fields: [{ name: 'id', type: 'int32' }, { name: 'epoch', type: 'int64' }] },
  { apiKey: 8, name: 'UnfenceBrokerRecord', maxVersion: 0, fields: [{ name: 'id', type: 'int32' }, { name: 'epoch', type: 'int64' }] },
  { apiKey: 9, name: 'RemoveTopicRecord', maxVersion: 0, fields: [{ name: 'topicId', type: 'uuid' }] },
  {
    apiKey: 10,
    name: 'DelegationTokenRecord',
    maxVersion: 0,
    fields: [
      { name: 'owner', type: 'string' },
      { name: 'requester', type: 'string' },
      { name: 'renewers', type: '[]string' },
      { name: 'issueTimestamp', type: 'int64' },
      { name: 'maxTimestamp', type: 'int64' },
      { name: 'expirationTimestamp', type: 'int64' },
      { name: 'tokenId', type: 'string' },
    ],
  },
  {
    apiKey: 11,
    name: 'UserScramCredentialRecord',
    maxVersion: 0,
    fields: [
      { name: 'name', type: 'string' },
      { name: 'mechanism', type: 'int8' },
      { name: 'salt', type: 'bytes' },
      { name: 'storedKey', type: 'bytes' },
      { name: 'serverKey', type: 'bytes' },
      { name: 'iterations', type: 'int32' },
    ],
  },
  { apiKey: 12, name: 'FeatureLevelRecord', maxVersion: 0, fields: [{ name: 'name', type: 'string' }, { name: 'featureLevel', type: 'int16' }] },
  {
    apiKey: 14,
    name: 'ClientQuotaRecord',
    maxVersion: 0,
    fields: [
      { name: 'entity', type: '[]struct', struct: [{ name: 'entityType', type: 'string' }, { name: 'entityName', type: 'string', nullableSince: 0 }] },
      { name: 'key', type: 'string' },
      { name: 'value', type: 'float64' },
      { name: 'remove', type: 'bool' },
    ],
  },
  { apiKey: 15, name: 'ProducerIdsRecord', maxVersion: 0, fields: [{ name: 'brokerId', type: 'int32' }, { name: 'brokerEpoch', type: 'int64', dflt: -1n }, { name: 'nextProducerId', type: 'int64' }] },
  {
    apiKey: 17,
    name: 'BrokerRegistrationChangeRecord',
    maxVersion: 3,
    fields: [
      { name: 'brokerId', type: 'int32' },
      { name: 'brokerEpoch', type: 'int64' },
      { name: 'fenced', type: 'int8', tag: 0 },
      { name: 'inControlledShutdown', type: 'int8', since: 1, tag: 1 },
      { name: 'logDirs', type: '[]uuid', since: 2, tag: 2 },
      { name: 'cordonedLogDirs', type: '[]uuid', since: 3, nullableSince: 3, tag: 3 },
    ],
  },
  {
    apiKey: 18,
    name: 'AccessControlEntryRecord',
    maxVersion: 0,
    fields: [
      { name: 'id', type: 'uuid' },
      { name: 'resourceType', type: 'int8' },
      { name: 'resourceName', type: 'string' },
      { name: 'patternType', type: 'int8' },
      { name: 'principal', type: 'string' },
      { name: 'host', type: 'string' },
      { name: 'operation', type: 'int8' },
      { name: 'permissionType', type: 'int8' },
    ],
  },
  { apiKey: 19, name: 'RemoveAccessControlEntryRecord', maxVersion: 0, fields: [{ name: 'id', type: 'uuid' }] },
  { apiKey: 20, name: 'NoOpRecord', maxVersion: 0, fields: [] },
  { apiKey: 21, name: 'ZkMigrationStateRecord', maxVersion: 0, fields: [{ name: 'zkMigrationState', type: 'int8' }] },
  { apiKey: 22, name: 'RemoveUserScramCredentialRecord', maxVersion: 0, fields: [{ name: 'name', type: 'string' }, { name: 'mechanism', type: 'int8' }] },
  { apiKey: 23, name: 'BeginTransactionRecord', maxVersion: 0, fields: [{ name: 'name', type: 'string', nullableSince: 0, tag: 0 }] },
  { apiKey: 24, name: 'EndTransactionRecord', maxVersion: 0, fields: [] },
  { apiKey: 25, name: 'AbortTransactionRecord', maxVersion: 0, fields: [{ name: 'reason', type: 'string', nullableSince: 0, tag: 0 }] },
  { apiKey: 26, name: 'RemoveDelegationTokenRecord', maxVersion: 0, fields: [{ name: 'tokenId', type: 'string' }] },
  {
    apiKey: 27,
    name: 'RegisterControllerRecord',
    maxVersion: 0,
    fields: [
      { name: 'controllerId', type: 'int32' },
      { name: 'incarnationId', type: 'uuid' },
      { name: 'zkMigrationReady', type: 'bool' },
      { name: 'endPoints', type: '[]struct', struct: ENDPOINT },
      { name: 'features', type: '[]struct', struct: FEATURE },
    ],
  },
  { apiKey: 28, name: 'ClearElrRecord', maxVersion: 0, fields: [{ name: 'topicName', type: 'string' }] },
  { apiKey: 29, name: 'UnregisterControllerRecord', maxVersion: 0, fields: [{ name: 'controllerId', type: 'int32' }] },
];

export const RECORD_BY_KEY: ReadonlyMap<number, RecordSchema> = new Map(METADATA_RECORDS.map((s) => [s.apiKey, s]));
export const RECORD_BY_NAME: ReadonlyMap<string, RecordSchema> = new Map(METADATA_RECORDS.map((s) => [s.name, s]));
