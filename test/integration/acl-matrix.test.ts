import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDescriptor } from '../../src/protocol/generated/api-keys.js';
import { CreateTopicsApi } from '../../src/protocol/generated/apis/create-topics.js';
import { DeleteGroupsApi } from '../../src/protocol/generated/apis/delete-groups.js';
import { DeleteTopicsApi } from '../../src/protocol/generated/apis/delete-topics.js';
import { DescribeClusterApi } from '../../src/protocol/generated/apis/describe-cluster.js';
import { DescribeConfigsApi } from '../../src/protocol/generated/apis/describe-configs.js';
import { DescribeGroupsApi } from '../../src/protocol/generated/apis/describe-groups.js';
import { EndTxnApi } from '../../src/protocol/generated/apis/end-txn.js';
import { FetchApi } from '../../src/protocol/generated/apis/fetch.js';
import { FindCoordinatorApi } from '../../src/protocol/generated/apis/find-coordinator.js';
import { IncrementalAlterConfigsApi } from '../../src/protocol/generated/apis/incremental-alter-configs.js';
import { InitProducerIdApi } from '../../src/protocol/generated/apis/init-producer-id.js';
import { JoinGroupApi } from '../../src/protocol/generated/apis/join-group.js';
import { ListGroupsApi } from '../../src/protocol/generated/apis/list-groups.js';
import { ListOffsetsApi } from '../../src/protocol/generated/apis/list-offsets.js';
import { MetadataApi } from '../../src/protocol/generated/apis/metadata.js';
import { OffsetCommitApi } from '../../src/protocol/generated/apis/offset-commit.js';
import { OffsetFetchApi } from '../../src/protocol/generated/apis/offset-fetch.js';
import { ProduceApi } from '../../src/protocol/generated/apis/produce.js';
import { defaultCreatableTopic, defaultCreateTopicsRequest } from '../../src/protocol/generated/messages/create-topics-request.js';
import { defaultDeleteTopicState, defaultDeleteTopicsRequest } from '../../src/protocol/generated/messages/delete-topics-request.js';
import { defaultDescribeClusterRequest } from '../../src/protocol/generated/messages/describe-cluster-request.js';
import { defaultDescribeConfigsRequest, defaultDescribeConfigsResource } from '../../src/protocol/generated/messages/describe-configs-request.js';
import { defaultDescribeGroupsRequest } from '../../src/protocol/generated/messages/describe-groups-request.js';
import { defaultEndTxnRequest } from '../../src/protocol/generated/messages/end-txn-request.js';
import { defaultFetchPartition, defaultFetchRequest, defaultFetchTopic } from '../../src/protocol/generated/messages/fetch-request.js';
import { defaultFindCoordinatorRequest } from '../../src/protocol/generated/messages/find-coordinator-request.js';
import { defaultAlterableConfig, defaultAlterConfigsResource, defaultIncrementalAlterConfigsRequest } from '../../src/protocol/generated/messages/incremental-alter-configs-request.js';
import { defaultInitProducerIdRequest } from '../../src/protocol/generated/messages/init-producer-id-request.js';
import { defaultJoinGroupRequest } from '../../src/protocol/generated/messages/join-group-request.js';
import { defaultListGroupsRequest } from '../../src/protocol/generated/messages/list-groups-request.js';
import { defaultListOffsetsPartition, defaultListOffsetsRequest } from '../../src/protocol/generated/messages/list-offsets-request.js';
import { defaultMetadataRequest, defaultMetadataRequestTopic } from '../../src/protocol/generated/messages/metadata-request.js';
import { defaultOffsetCommitRequest, defaultOffsetCommitRequestPartition } from '../../src/protocol/generated/messages/offset-commit-request.js';
import { defaultOffsetFetchRequest } from '../../src/protocol/generated/messages/offset-fetch-request.js';
import { defaultPartitionProduceData, defaultProduceRequest } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeSaslAuthenticateResponse } from '../../src/protocol/generated/messages/sasl-authenticate-response.js';
import { encodeSaslAuthenticateRequest } from '../../src/protocol/generated/messages/sasl-authenticate-request.js';
import { decodeSaslHandshakeResponse } from '../../src/protocol/generated/messages/sasl-handshake-response.js';
import { encodeSaslHandshakeRequest } from '../../src/protocol/generated/messages/sasl-handshake-request.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { createSaslClient } from '../../src/protocol/sasl/client.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { SecureWire } from './security-wire.js';

// The ACL matrix (issue #14): a broker with the StandardAuthorizer and `super.users=User:admin` on a
// SASL_PLAINTEXT listener. alice (PLAIN) without ACLs is refused by every API family with Kafka's own
// error code; each `tkafka acls --add` an admin runs (bin/tkafka.js over SASL with --command-config)
// grants exactly what it names and nothing more; a DENY wins over a matching ALLOW.

const JAAS = 'org.apache.kafka.common.security.plain.PlainLoginModule required user_admin="admin-secret" user_alice="alice-secret";';
const TOPIC_AUTHZ = 29;
const GROUP_AUTHZ = 30;
const CLUSTER_AUTHZ = 31;
const TXN_AUTHZ = 53;

let b: TestBroker;
let port: number;
let dir: string;
let adminConfig: string;
let admin: SecureWire;
let alice: SecureWire;
let ordersId: string;

async function login(user: string, password: string): Promise<SecureWire> {
  const wire = await SecureWire.connect(port);
  const hs = await wire.request(17, 1, (w) => encodeSaslHandshakeRequest(w, { mechanism: 'PLAIN' }, 1));
  if (hs === null || decodeSaslHandshakeResponse(hs, 1).errorCode !== 0) throw new Error('SaslHandshake failed');
  const authBytes = await createSaslClient({ mechanism: 'PLAIN', username: user, password }).initial();
  const auth = await wire.request(36, 2, (w) => encodeSaslAuthenticateRequest(w, { authBytes }, 2));
  if (auth === null || decodeSaslAuthenticateResponse(auth, 2).errorCode !== 0) throw new Error('SaslAuthenticate failed');
  return wire;
}

async function call<Req, Res>(wire: SecureWire, api: ApiDescriptor<Req, Res>, version: number, req: Req): Promise<Res> {
  const r = await wire.request(api.apiKey, version, (w) => api.encodeRequest(w, req, version));
  if (r === null) throw new Error(`the broker closed the connection on API ${api.apiKey}`);
  return api.decodeResponse(r, version);
}

/** tkafka acls as the super user, over SASL_PLAINTEXT with --command-config. */
async function acls(...args: string[]): Promise<void> {
  const r = await runCli(['acls', '--bootstrap-server', `127.0.0.1:${port}`, '--command-config', adminConfig, ...args]);
  if (r.exitCode !== 0) throw new Error(`tkafka acls ${args.join(' ')} failed: ${r.stderr}`);
}

const batch = (opts: { producerId?: bigint; transactional?: boolean } = {}): Buffer =>
  encodeRecordBatch({ records: [{ key: null, value: Buffer.from('v') }], producerId: opts.producerId ?? -1n, producerEpoch: opts.producerId === undefined ? -1 : 0, baseSequence: opts.producerId === undefined ? -1 : 0, isTransactional: opts.transactional === true });

async function produce(wire: SecureWire, topic: string, transactionalId: string | null = null, records = batch()): Promise<number> {
  const req = { ...defaultProduceRequest(), transactionalId, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ ...defaultPartitionProduceData(), index: 0, records }] }] };
  const res = await call(wire, ProduceApi, 9, req);
  return res.responses[0]?.partitionResponses[0]?.errorCode ?? -1;
}

/** Fetch v12 of `partitions` (topic → partition indexes): "topic-partition:errorCode" per partition answered. */
async function fetchCodes(wire: SecureWire, partitions: [string, number[]][]): Promise<string[]> {
  const topics = partitions.map(([topic, indexes]) => ({ ...defaultFetchTopic(), topic, partitions: indexes.map((partition) => ({ ...defaultFetchPartition(), partition, fetchOffset: 0n, partitionMaxBytes: 1 << 20 })) }));
  const res = await call(wire, FetchApi, 12, { ...defaultFetchRequest(), maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, topics });
  return res.responses.flatMap((t) => t.partitions.map((p) => `${t.topic}-${p.partitionIndex}:${p.errorCode}`));
}

async function fetchCode(wire: SecureWire, topic: string): Promise<number> {
  const [answer] = await fetchCodes(wire, [[topic, [0]]]);
  return answer === undefined ? -1 : Number(answer.slice(answer.lastIndexOf(':') + 1));
}

async function metadata(wire: SecureWire, topics: string[] | null, allowAutoTopicCreation = false): Promise<{ name: string | null; errorCode: number }[]> {
  const req = { ...defaultMetadataRequest(), topics: topics === null ? null : topics.map((name) => ({ ...defaultMetadataRequestTopic(), name })), allowAutoTopicCreation };
  const res = await call(wire, MetadataApi, 12, req);
  return res.topics.map((t) => ({ name: t.name, errorCode: t.errorCode }));
}

async function listOffsetsCode(wire: SecureWire, topic: string): Promise<number> {
  const req = { ...defaultListOffsetsRequest(), replicaId: -1, topics: [{ name: topic, partitions: [{ ...defaultListOffsetsPartition(), partitionIndex: 0, timestamp: -1n }] }] };
  const res = await call(wire, ListOffsetsApi, 7, req);
  return res.topics[0]?.partitions[0]?.errorCode ?? -1;
}

const findCoordinator = async (wire: SecureWire, key: string, keyType: number): Promise<number> =>
  (await call(wire, FindCoordinatorApi, 4, { ...defaultFindCoordinatorRequest(), keyType, coordinatorKeys: [key] })).coordinators[0]?.errorCode ?? -1;

async function commitCode(wire: SecureWire, group: string, topic: string): Promise<number> {
  const req = { ...defaultOffsetCommitRequest(), groupId: group, generationIdOrMemberEpoch: -1, memberId: '', topics: [{ name: topic, partitions: [{ ...defaultOffsetCommitRequestPartition(), partitionIndex: 0, committedOffset: 1n }] }] };
  const res = await call(wire, OffsetCommitApi, 8, req);
  return res.topics[0]?.partitions[0]?.errorCode ?? -1;
}

async function offsetFetch(wire: SecureWire, group: string, topic: string): Promise<{ errorCode: number; partition: number | undefined; offset: bigint | undefined }> {
  const res = await call(wire, OffsetFetchApi, 7, { ...defaultOffsetFetchRequest(), groupId: group, topics: [{ name: topic, partitionIndexes: [0] }] });
  const p = res.topics[0]?.partitions[0];
  return { errorCode: res.errorCode, partition: p?.errorCode, offset: p?.committedOffset };
}

const joinCode = async (wire: SecureWire, group: string): Promise<number> =>
  (
    await call(wire, JoinGroupApi, 5, {
      ...defaultJoinGroupRequest(),
      groupId: group,
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 10_000,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    })
  ).errorCode;

const describeGroupCode = async (wire: SecureWire, group: string): Promise<number> => (await call(wire, DescribeGroupsApi, 5, { ...defaultDescribeGroupsRequest(), groups: [group] })).groups[0]?.errorCode ?? -1;
const deleteGroupCode = async (wire: SecureWire, group: string): Promise<number> => (await call(wire, DeleteGroupsApi, 2, { groupsNames: [group] })).results[0]?.errorCode ?? -1;
const listGroups = async (wire: SecureWire): Promise<string[]> => (await call(wire, ListGroupsApi, 4, { ...defaultListGroupsRequest() })).groups.map((g) => g.groupId);

async function createTopic(wire: SecureWire, name: string): Promise<{ errorCode: number; errorMessage: string | null }> {
  const res = await call(wire, CreateTopicsApi, 7, { ...defaultCreateTopicsRequest(), timeoutMs: 5000, topics: [{ ...defaultCreatableTopic(), name, numPartitions: 1, replicationFactor: 1 }] });
  const t = res.topics[0];
  return { errorCode: t?.errorCode ?? -1, errorMessage: t?.errorMessage ?? null };
}

const deleteTopicCode = async (wire: SecureWire, name: string): Promise<number> =>
  (await call(wire, DeleteTopicsApi, 6, { ...defaultDeleteTopicsRequest(), timeoutMs: 5000, topics: [{ ...defaultDeleteTopicState(), name }] })).responses[0]?.errorCode ?? -1;

async function describeConfigsCode(wire: SecureWire, resourceType: number, resourceName: string): Promise<number> {
  const res = await call(wire, DescribeConfigsApi, 4, { ...defaultDescribeConfigsRequest(), resources: [{ ...defaultDescribeConfigsResource(), resourceType, resourceName, configurationKeys: null }] });
  return res.results[0]?.errorCode ?? -1;
}

async function alterConfigCode(wire: SecureWire, topic: string): Promise<number> {
  const req = { ...defaultIncrementalAlterConfigsRequest(), resources: [{ ...defaultAlterConfigsResource(), resourceType: 2, resourceName: topic, configs: [{ ...defaultAlterableConfig(), name: 'retention.ms', configOperation: 0, value: '600000' }] }] };
  return (await call(wire, IncrementalAlterConfigsApi, 1, req)).responses[0]?.errorCode ?? -1;
}

async function initProducerId(wire: SecureWire, transactionalId: string | null): Promise<{ errorCode: number; producerId: bigint }> {
  const res = await call(wire, InitProducerIdApi, 4, { ...defaultInitProducerIdRequest(), transactionalId, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
  return { errorCode: res.errorCode, producerId: res.producerId };
}

const endTxnCode = async (wire: SecureWire, transactionalId: string): Promise<number> =>
  (await call(wire, EndTxnApi, 3, { ...defaultEndTxnRequest(), transactionalId, producerId: 1n, producerEpoch: 0, committed: true })).errorCode;

const clusterOps = async (wire: SecureWire): Promise<number> =>
  (await call(wire, DescribeClusterApi, 1, { ...defaultDescribeClusterRequest(), includeClusterAuthorizedOperations: true, endpointType: 1 })).clusterAuthorizedOperations;

const bits = (...ops: number[]): number => ops.reduce((a, op) => a | (1 << op), 0);

beforeAll(async () => {
  b = await startTestBroker({
    config: {
      listeners: 'SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'PLAIN',
      'listener.name.sasl_plaintext.plain.sasl.jaas.config': JAAS,
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'super.users': 'User:admin',
      'auto.create.topics.enable': 'true',
    },
  });
  port = b.running.port;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-acl-matrix-'));
  adminConfig = path.join(dir, 'admin.properties');
  fs.writeFileSync(
    adminConfig,
    'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret";\n',
    { mode: 0o600 },
  );
  admin = await login('admin', 'admin-secret');
  alice = await login('alice', 'alice-secret');
  for (const name of ['orders', 'secret', 'alice-t']) expect((await createTopic(admin, name)).errorCode).toBe(0);
  expect(await produce(admin, 'orders')).toBe(0);
  expect(await commitCode(admin, 'g1', 'orders')).toBe(0);
  ordersId = b.running.broker.topics.get('orders')?.id ?? '';
}, 60_000);

afterAll(async () => {
  admin?.close();
  alice?.close();
  await b?.dispose();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a principal without ACLs', () => {
  it('is refused by every API family with Kafka’s error code', async () => {
    expect(await produce(alice, 'orders')).toBe(TOPIC_AUTHZ);
    // A missing topic is refused too: authorisation comes before existence.
    expect(await produce(alice, 'nope')).toBe(TOPIC_AUTHZ);
    expect(await produce(alice, 'orders', 'tx', batch({ producerId: 5n, transactional: true }))).toBe(TXN_AUTHZ);
    expect(await fetchCode(alice, 'orders')).toBe(TOPIC_AUTHZ);
    // Fetch by topic id (v13): a known id without READ is TOPIC_AUTHORIZATION_FAILED, an unknown one UNKNOWN_TOPIC_ID.
    const byId = async (topicId: string): Promise<number> => {
      const req = { ...defaultFetchRequest(), maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, topics: [{ ...defaultFetchTopic(), topicId, partitions: [{ ...defaultFetchPartition(), partition: 0, partitionMaxBytes: 1 << 20 }] }] };
      return (await call(alice, FetchApi, 13, req)).responses[0]?.partitions[0]?.errorCode ?? -1;
    };
    expect(await byId(ordersId)).toBe(TOPIC_AUTHZ);
    expect(await byId('AAAAAAAAAAAAAAAAAAAAAQ')).toBe(100);
    expect(await metadata(alice, null)).toEqual([]);
    expect(await metadata(alice, ['orders', 'nope'])).toEqual([
      { name: 'orders', errorCode: TOPIC_AUTHZ },
      { name: 'nope', errorCode: TOPIC_AUTHZ },
    ]);
    // By id (v12): topic ids are not secret, so the refusal names the id and no name.
    const byIdMeta = await call(alice, MetadataApi, 12, { ...defaultMetadataRequest(), topics: [{ ...defaultMetadataRequestTopic(), name: null, topicId: ordersId }] });
    expect(byIdMeta.topics.map((t) => [t.name, t.topicId, t.errorCode])).toEqual([[null, ordersId, TOPIC_AUTHZ]]);
    expect(await listOffsetsCode(alice, 'orders')).toBe(TOPIC_AUTHZ);
    expect(await findCoordinator(alice, 'g1', 0)).toBe(GROUP_AUTHZ);
    expect(await findCoordinator(alice, 'tx', 1)).toBe(TXN_AUTHZ);
    expect(await joinCode(alice, 'g1')).toBe(GROUP_AUTHZ);
    expect(await commitCode(alice, 'g1', 'orders')).toBe(GROUP_AUTHZ);
    expect((await offsetFetch(alice, 'g1', 'orders')).errorCode).toBe(GROUP_AUTHZ);
    expect(await describeGroupCode(alice, 'g1')).toBe(GROUP_AUTHZ);
    expect(await deleteGroupCode(alice, 'g1')).toBe(GROUP_AUTHZ);
    expect(await listGroups(alice)).toEqual([]);
    expect(await createTopic(alice, 'fresh')).toEqual({ errorCode: TOPIC_AUTHZ, errorMessage: 'Authorization failed.' });
    expect(await deleteTopicCode(alice, 'orders')).toBe(TOPIC_AUTHZ);
    expect(await describeConfigsCode(alice, 2, 'orders')).toBe(TOPIC_AUTHZ);
    expect(await describeConfigsCode(alice, 4, '1')).toBe(CLUSTER_AUTHZ);
    expect(await alterConfigCode(alice, 'orders')).toBe(TOPIC_AUTHZ);
    expect(await initProducerId(alice, null)).toEqual({ errorCode: CLUSTER_AUTHZ, producerId: -1n });
    expect(await initProducerId(alice, 'tx')).toEqual({ errorCode: TXN_AUTHZ, producerId: -1n });
    expect(await endTxnCode(alice, 'tx')).toBe(TXN_AUTHZ);
    // Anyone may describe the cluster; without DESCRIBE on it the operations bit field is 0.
    expect(await clusterOps(alice)).toBe(0);
    // The super user is unaffected.
    expect(await fetchCode(admin, 'orders')).toBe(0);
    expect(await clusterOps(admin)).toBe(bits(5, 7, 8, 9, 10, 11, 12));
  });
});

describe('each tkafka acls --add grants exactly what it names', () => {
  it('--producer --topic orders: WRITE, DESCRIBE, CREATE on orders (and idempotent InitProducerId), nothing else', async () => {
    await acls('--add', '--allow-principal', 'User:alice', '--producer', '--topic', 'orders');
    expect(await produce(alice, 'orders')).toBe(0);
    expect(await metadata(alice, null)).toEqual([{ name: 'orders', errorCode: 0 }]);
    expect(await metadata(alice, ['orders', 'secret'])).toEqual([
      { name: 'orders', errorCode: 0 },
      { name: 'secret', errorCode: TOPIC_AUTHZ },
    ]);
    expect(await listOffsetsCode(alice, 'orders')).toBe(0);
    expect((await initProducerId(alice, null)).errorCode).toBe(0);
    // Not READ, and not another topic.
    expect(await fetchCode(alice, 'orders')).toBe(TOPIC_AUTHZ);
    expect(await produce(alice, 'secret')).toBe(TOPIC_AUTHZ);
    expect(await deleteTopicCode(alice, 'orders')).toBe(TOPIC_AUTHZ);
  });

  it('kafkajs as alice produces to orders and is refused on secret', async () => {
    const kafka = new Kafka({ brokers: [`127.0.0.1:${port}`], sasl: { mechanism: 'plain', username: 'alice', password: 'alice-secret' }, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      const [r] = await producer.send({ topic: 'orders', messages: [{ value: 'from kafkajs' }] });
      expect(r?.errorCode).toBe(0);
      await expect(producer.send({ topic: 'secret', messages: [{ value: 'x' }] })).rejects.toThrow(/Not authorized to access topics/);
    } finally {
      await producer.disconnect();
    }
  });

  it('--consumer --topic orders --group g1: READ on orders and g1', async () => {
    await acls('--add', '--allow-principal', 'User:alice', '--consumer', '--topic', 'orders', '--group', 'g1');
    expect(await fetchCode(alice, 'orders')).toBe(0);
    // Per partition: a second partition of an allowed topic is only missing (3), a denied topic
    // between and after allowed ones is refused on each of its partitions; the partitions read come
    // first, then the errors (KafkaApis' order).
    expect(await fetchCodes(alice, [['orders', [0, 1]], ['secret', [0, 1]], ['orders', [0]], ['secret', [0]]])).toEqual([
      'orders-0:0',
      'orders-0:0',
      'orders-1:3',
      `secret-0:${TOPIC_AUTHZ}`,
      `secret-1:${TOPIC_AUTHZ}`,
      `secret-0:${TOPIC_AUTHZ}`,
    ]);
    expect(await findCoordinator(alice, 'g1', 0)).toBe(0);
    expect(await commitCode(alice, 'g1', 'orders')).toBe(0);
    expect(await offsetFetch(alice, 'g1', 'orders')).toEqual({ errorCode: 0, partition: 0, offset: 1n });
    expect(await describeGroupCode(alice, 'g1')).toBe(0);
    expect(await listGroups(alice)).toEqual(['g1']);
    // READ on g1 only, and DELETE is not READ.
    expect(await joinCode(alice, 'g2')).toBe(GROUP_AUTHZ);
    expect(await deleteGroupCode(alice, 'g1')).toBe(GROUP_AUTHZ);
    // A topic without READ in a group she may use: TOPIC_AUTHORIZATION_FAILED for that partition only.
    expect(await commitCode(alice, 'g1', 'secret')).toBe(TOPIC_AUTHZ);
    expect(await offsetFetch(alice, 'g1', 'secret')).toEqual({ errorCode: 0, partition: TOPIC_AUTHZ, offset: -1n });
  });

  it('--operation Delete --group g1, Create/Delete on a topic, DescribeConfigs', async () => {
    await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Delete', '--group', 'g1');
    expect(await deleteGroupCode(alice, 'g1')).toBe(0);
    await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Create', '--topic', 'fresh');
    expect(await createTopic(alice, 'fresh')).toEqual({ errorCode: 0, errorMessage: null });
    expect(await deleteTopicCode(alice, 'alice-t')).toBe(TOPIC_AUTHZ);
    await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Delete', '--topic', 'alice-t');
    expect(await deleteTopicCode(alice, 'alice-t')).toBe(0);
    await acls('--add', '--allow-principal', 'User:alice', '--operation', 'DescribeConfigs', '--topic', 'orders');
    expect(await describeConfigsCode(alice, 2, 'orders')).toBe(0);
    expect(await alterConfigCode(alice, 'orders')).toBe(TOPIC_AUTHZ);
    expect(await describeConfigsCode(alice, 4, '1')).toBe(CLUSTER_AUTHZ);
  });

  it('auto-creation through Metadata needs CREATE besides DESCRIBE', async () => {
    await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Describe', '--topic', 'auto-', '--resource-pattern-type', 'prefixed');
    expect(await metadata(alice, ['auto-a'], true)).toEqual([{ name: 'auto-a', errorCode: TOPIC_AUTHZ }]);
    expect(b.running.broker.topics.get('auto-a')).toBeUndefined();
    await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Create', '--topic', 'auto-', '--resource-pattern-type', 'prefixed');
    expect(await metadata(alice, ['auto-a'], true)).toEqual([{ name: 'auto-a', errorCode: 0 }]);
    expect(b.running.broker.topics.get('auto-a')).toBeDefined();
  });

  it('--producer --transactional-id tx: InitProducerId and the transaction APIs on tx', async () => {
    await acls('--add', '--allow-principal', 'User:alice', '--producer', '--topic', 'orders', '--transactional-id', 'tx');
    expect(await findCoordinator(alice, 'tx', 1)).toBe(0);
    const init = await initProducerId(alice, 'tx');
    expect(init.errorCode).toBe(0);
    expect(await endTxnCode(alice, 'tx2')).toBe(TXN_AUTHZ);
    expect((await initProducerId(alice, 'tx2')).errorCode).toBe(TXN_AUTHZ);
  });

  it('--operation Describe --cluster: the cluster operations bit field', async () => {
    await acls('--add', '--allow-principal', 'User:alice', '--operation', 'Describe', '--cluster');
    expect(await clusterOps(alice)).toBe(bits(8));
  });
});

describe('DENY over ALLOW', () => {
  it('a DENY of READ on orders refuses Fetch while her WRITE still works', async () => {
    await acls('--add', '--deny-principal', 'User:alice', '--operation', 'Read', '--topic', 'orders');
    expect(await fetchCode(alice, 'orders')).toBe(TOPIC_AUTHZ);
    expect(await commitCode(alice, 'g1', 'orders')).toBe(TOPIC_AUTHZ);
    expect(await produce(alice, 'orders')).toBe(0);
    // A DENY on READ does not deny DESCRIBE (implications widen ALLOW only).
    expect(await listOffsetsCode(alice, 'orders')).toBe(0);
  });

  it('a DENY of everything on the prefix or-* beats the literal ALLOWs, and User:* covers alice', async () => {
    await acls('--add', '--deny-principal', 'User:*', '--operation', 'All', '--topic', 'or', '--resource-pattern-type', 'prefixed');
    expect(await produce(alice, 'orders')).toBe(TOPIC_AUTHZ);
    expect(await metadata(alice, null)).toEqual([{ name: 'auto-a', errorCode: 0 }]);
    // The super user is still allowed.
    expect(await produce(admin, 'orders')).toBe(0);
  });
});
