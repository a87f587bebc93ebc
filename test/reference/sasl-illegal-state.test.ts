// A request out of place during SASL authentication, on the wire, Apache Kafka 4.4's SASL_SSL
// listener next to our broker's SASL listener: before SaslHandshake both close without an answer
// (Kafka's InvalidRequestException); after SaslHandshake v1 both answer the request with its own
// error response carrying ILLEGAL_SASL_STATE (Kafka's IllegalSaslStateException through the request
// class's getErrorResponse) and then close. The decoded answers must be identical.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Reader } from '../../src/protocol/codec/reader.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { decodeMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { defaultMetadataRequest, encodeMetadataRequest } from '../../src/protocol/generated/messages/metadata-request.js';
import { defaultProduceRequest, encodeProduceRequest } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { decodeFindCoordinatorResponse } from '../../src/protocol/generated/messages/find-coordinator-response.js';
import { defaultFindCoordinatorRequest, encodeFindCoordinatorRequest } from '../../src/protocol/generated/messages/find-coordinator-request.js';
import { encodeSaslHandshakeRequest } from '../../src/protocol/generated/messages/sasl-handshake-request.js';
import { decodeSaslHandshakeResponse } from '../../src/protocol/generated/messages/sasl-handshake-response.js';
import { apis } from '../../src/protocol/generated/index.js';
import { defaultStruct, schemaMessage, type SchemaMessage } from '../helpers/arbitrary.js';
import { listenerPort, startTestBroker, type TestBroker } from '../helpers/broker.js';
import { SecureWire } from '../integration/security-wire.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const TIER = 'SASL state machine on the wire: Apache Kafka 4.4 vs tkafka broker';

let ours: TestBroker;
let ca: string;

beforeAll(async () => {
  const props = fs.readFileSync(kafka1.saslClientConfig as string, 'utf8');
  ca = fs.readFileSync(/^ssl\.truststore\.location=(.*)$/m.exec(props)?.[1] as string, 'utf8');
  ours = await startTestBroker({ config: { listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0', 'sasl.enabled.mechanisms': 'SCRAM-SHA-512' } });
});
afterAll(async () => {
  await ours?.dispose();
});

/** A fresh connection to Kafka's SASL_SSL listener or ours. */
function connect(side: 'kafka' | 'ours'): Promise<SecureWire> {
  if (side === 'ours') return SecureWire.connect(listenerPort(ours, 'SASL_PLAINTEXT'));
  const port = Number((kafka1.saslBootstrap as string).split(':')[1]);
  return SecureWire.connect(port, { ca });
}

async function handshake(wire: SecureWire): Promise<void> {
  const r = await wire.request(17, 1, (w) => encodeSaslHandshakeRequest(w, { mechanism: 'SCRAM-SHA-512' }, 1));
  expect(decodeSaslHandshakeResponse(r as Reader, 1).errorCode).toBe(0);
}

const metadataBody = (w: Parameters<typeof encodeMetadataRequest>[0]): void =>
  encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: [{ name: 'a', topicId: ZERO_UUID }, { name: 'b', topicId: ZERO_UUID }] }, 12);

describe('a request other than SaslAuthenticate during SASL authentication', () => {
  it('before SaslHandshake: closed without an answer by both', async () => {
    for (const side of ['kafka', 'ours'] as const) {
      const wire = await connect(side);
      expect(await wire.request(3, 12, metadataBody), side).toBeNull();
      await wire.closed;
    }
    logParity({ tier: TIER, scenario: 'Metadata before SaslHandshake: closed unanswered', result: 'passes' });
  });

  it('closed without an answer by both: a second ApiVersions, SaslAuthenticate before the handshake, an unknown API key or Produce acks=0 after it', async () => {
    const apiVersions = (w: Writer): void => void w.compactString('t').compactString('1').uvarint(0);
    const produce = { ...defaultProduceRequest(), acks: 0, timeoutMs: 1000, topicData: [{ name: 't', topicId: ZERO_UUID, partitionData: [{ index: 0, records: Buffer.alloc(0) }] }] };
    for (const side of ['kafka', 'ours'] as const) {
      const twice = await connect(side);
      expect(await twice.request(18, 3, apiVersions), side).not.toBeNull();
      expect(await twice.request(18, 3, apiVersions), side).toBeNull();
      const early = await connect(side);
      expect(await early.request(36, 2, (w) => w.compactBytes(Buffer.from('x')).uvarint(0)), side).toBeNull();
      const unknown = await connect(side);
      await handshake(unknown);
      expect(await unknown.request(999, 0, () => undefined), side).toBeNull();
      const acks0 = await connect(side);
      await handshake(acks0);
      for (const b of frameOf(0, 9, (w) => encodeProduceRequest(w, produce, 9))) acks0.sock.write(b);
      expect(await acks0.next(), side).toBeNull();
    }
    logParity({ tier: TIER, scenario: 'second ApiVersions, early SaslAuthenticate, unknown API key, Produce acks=0: closed unanswered', result: 'passes' });
  });

  it('after SaslHandshake v1: the same error response with ILLEGAL_SASL_STATE from both, then the close', async () => {
    const answers: Record<string, unknown[]> = {};
    for (const side of ['kafka', 'ours'] as const) {
      const got: unknown[] = [];
      const md = await connect(side);
      await handshake(md);
      got.push(decodeMetadataResponse((await md.request(3, 12, metadataBody)) as Reader, 12));
      await md.closed;

      const produce = await connect(side);
      await handshake(produce);
      const req = { ...defaultProduceRequest(), acks: -1, timeoutMs: 1000, topicData: [{ name: 't', topicId: ZERO_UUID, partitionData: [{ index: 0, records: Buffer.alloc(0) }, { index: 3, records: Buffer.alloc(0) }] }] };
      const pr = await produce.request(0, 9, (w) => encodeProduceRequest(w, req, 9));
      expect(pr, side).not.toBeNull();
      got.push(decodeProduceResponse(pr as Reader, 9));
      await produce.closed;

      const fc = await connect(side);
      await handshake(fc);
      got.push(decodeFindCoordinatorResponse((await fc.request(10, 4, (w) => encodeFindCoordinatorRequest(w, { ...defaultFindCoordinatorRequest(), keyType: 0, coordinatorKeys: ['g1'] }, 4))) as Reader, 4));
      await fc.closed;
      answers[side] = got;
    }
    expect(answers['ours']).toEqual(answers['kafka']);
    expect(answers['kafka']?.[0]).toMatchObject({ topics: [{ name: 'a', errorCode: 34 }, { name: 'b', errorCode: 34 }] });
    logParity({ tier: TIER, scenario: 'Metadata/Produce/FindCoordinator after SaslHandshake v1: identical ILLEGAL_SASL_STATE answers, then closed', result: 'passes' });
  });

  it('the same answer as Kafka for the other client APIs', async () => {
    const m = Buffer.from([0, 3, 0, 0, 0, 1, 0, 1, 116, 0, 0, 0, 0]);
    const cases: [string, number, number, Record<string, unknown>][] = [
      ['ListOffsets', 2, 7, { replicaId: -1, topics: [{ name: 't', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }] }] }],
      ['Fetch', 1, 12, { replicaId: -1, maxWaitMs: 100, sessionId: 0, sessionEpoch: -1, topics: [{ topic: 't', partitions: [{ partition: 1, fetchOffset: 0n, partitionMaxBytes: 1000 }] }] }],
      ['Fetch', 1, 15, { maxWaitMs: 100, topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', partitions: [{ partition: 1, fetchOffset: 0n, partitionMaxBytes: 1000 }] }] }],
      ['OffsetCommit', 8, 8, { groupId: 'g', generationIdOrMemberEpoch: -1, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 5n, committedLeaderEpoch: -1 }] }] }],
      ['OffsetFetch', 9, 7, { groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 2] }] }],
      ['OffsetFetch', 9, 8, { groups: [{ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0] }] }] }],
      ['JoinGroup', 11, 9, { groupId: 'g', sessionTimeoutMs: 10000, rebalanceTimeoutMs: 10000, protocolType: 'consumer', protocols: [{ name: 'range', metadata: m }] }],
      ['SyncGroup', 14, 5, { groupId: 'g', generationId: 1, memberId: 'm', protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId: 'm', assignment: Buffer.alloc(0) }] }],
      ['Heartbeat', 12, 4, { groupId: 'g', generationId: 1, memberId: 'm' }],
      ['LeaveGroup', 13, 5, { groupId: 'g', members: [{ memberId: 'm', groupInstanceId: null }] }],
      ['DescribeGroups', 15, 5, { groups: ['g', 'h'] }],
      ['ListGroups', 16, 4, {}],
      ['CreateTopics', 19, 7, { topics: [{ name: 't', numPartitions: 1, replicationFactor: 1 }], timeoutMs: 1000 }],
      ['DeleteTopics', 20, 6, { topics: [{ name: 't', topicId: ZERO_UUID }], timeoutMs: 1000 }],
      ['DeleteRecords', 21, 2, { topics: [{ name: 't', partitions: [{ partitionIndex: 0, offset: 1n }] }], timeoutMs: 1000 }],
      ['InitProducerId', 22, 4, { transactionalId: null, transactionTimeoutMs: 1000, producerId: -1n, producerEpoch: -1 }],
      ['DescribeConfigs', 32, 4, { resources: [{ resourceType: 2, resourceName: 't', configurationKeys: null }] }],
      ['CreatePartitions', 37, 3, { topics: [{ name: 't', count: 2, assignments: null }], timeoutMs: 1000 }],
      ['DescribeCluster', 60, 1, {}],
      ['DeleteGroups', 42, 2, { groupsNames: ['g'] }],
      ['ApiVersions', 18, 3, { clientSoftwareName: 't', clientSoftwareVersion: '1' }],
      ['Metadata', 3, 4, { topics: null, allowAutoTopicCreation: true }],
      ['AddPartitionsToTxn', 24, 3, { v3AndBelowTransactionalId: 'tx', v3AndBelowProducerId: 1n, v3AndBelowProducerEpoch: 0, v3AndBelowTopics: [{ name: 't', partitions: [0, 1] }] }],
      ['AddOffsetsToTxn', 25, 3, { transactionalId: 'tx', producerId: 1n, producerEpoch: 0, groupId: 'g' }],
      ['EndTxn', 26, 3, { transactionalId: 'tx', producerId: 1n, producerEpoch: 0, committed: true }],
      ['TxnOffsetCommit', 28, 3, { transactionalId: 'tx', groupId: 'g', producerId: 1n, producerEpoch: 0, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n }] }] }],
      ['DescribeAcls', 29, 3, { resourceTypeFilter: 1, patternTypeFilter: 1, operation: 1, permissionType: 1 }],
      ['CreateAcls', 30, 3, { creations: [{ resourceType: 2, resourceName: 't', resourcePatternType: 3, principal: 'User:a', host: '*', operation: 3, permissionType: 3 }] }],
      ['DeleteAcls', 31, 3, { filters: [{ resourceTypeFilter: 2, resourceNameFilter: 't', patternTypeFilter: 3, principalFilter: null, hostFilter: null, operation: 1, permissionType: 1 }] }],
      ['AlterConfigs', 33, 2, { resources: [{ resourceType: 2, resourceName: 't', configs: [{ name: 'retention.ms', value: '1' }] }] }],
      ['DescribeLogDirs', 35, 4, { topics: [{ topic: 't', partitions: [0] }] }],
      ['CreateDelegationToken', 38, 3, { ownerPrincipalType: null, ownerPrincipalName: null, renewers: [], maxLifetimeMs: -1n }],
      ['DescribeDelegationToken', 41, 3, { owners: null }],
      ['ElectLeaders', 43, 2, { electionType: 0, topicPartitions: [{ topic: 't', partitions: [0, 1] }], timeoutMs: 1000 }],
      ['IncrementalAlterConfigs', 44, 1, { resources: [{ resourceType: 2, resourceName: 't', configs: [{ name: 'retention.ms', configOperation: 0, value: '1' }] }] }],
      ['AlterPartitionReassignments', 45, 0, { timeoutMs: 1000, topics: [{ name: 't', partitions: [{ partitionIndex: 0, replicas: [1] }] }] }],
      ['ListPartitionReassignments', 46, 0, { timeoutMs: 1000, topics: [{ name: 't', partitionIndexes: [0] }] }],
      ['OffsetDelete', 47, 0, { groupId: 'g', topics: [{ name: 't', partitions: [{ partitionIndex: 0 }] }] }],
      ['DescribeClientQuotas', 48, 1, { components: [{ entityType: 'user', matchType: 0, match: 'a' }], strict: false }],
      ['AlterClientQuotas', 49, 1, { entries: [{ entity: [{ entityType: 'user', entityName: 'a' }], ops: [{ key: 'producer_byte_rate', value: 1, remove: false }] }], validateOnly: false }],
      ['DescribeUserScramCredentials', 50, 0, { users: [{ name: 'a' }] }],
      ['AlterUserScramCredentials', 51, 0, { deletions: [{ name: 'a', mechanism: 1 }], upsertions: [] }],
      ['OffsetForLeaderEpoch', 23, 4, { replicaId: -1, topics: [{ topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] }] }],
      ['DescribeProducers', 61, 0, { topics: [{ name: 't', partitionIndexes: [0] }] }],
      ['DescribeTransactions', 65, 0, { transactionalIds: ['tx'] }],
      ['ListTransactions', 66, 1, { stateFilters: [], producerIdFilters: [], durationFilter: -1n }],
      ['ConsumerGroupHeartbeat', 68, 0, { groupId: 'g', memberId: 'm', memberEpoch: 0, rebalanceTimeoutMs: 1000, subscribedTopicNames: ['t'], topicPartitions: [] }],
      ['ConsumerGroupDescribe', 69, 0, { groupIds: ['g'] }],
      ['DescribeTopicPartitions', 75, 0, { topics: [{ name: 't' }], responsePartitionLimit: 10, cursor: null }],
    ];
    const differ: string[] = [];
    for (const [name, key, version, fields] of cases) {
      const api = apis.get(key);
      if (api === undefined) throw new Error(name);
      const req = complete(schemaMessage(api.request.name), api.request.name, fields);
      const got: Record<string, unknown> = {};
      for (const side of ['kafka', 'ours'] as const) {
        const wire = await connect(side);
        await handshake(wire);
        const r = await wire.request(key, version, (w) => api.request.encode(w, req, version));
        got[side] = r === null ? 'closed without an answer' : api.response.decode(r, version);
        await wire.closed;
      }
      try {
        expect(got['ours']).toEqual(got['kafka']);
      } catch {
        differ.push(`${name} v${version}: Kafka ${stringify(got['kafka'])}\n  ours ${stringify(got['ours'])}`);
      }
    }
    expect(differ.join('\n')).toBe('');
    logParity({ tier: TIER, scenario: `${cases.length} more requests after SaslHandshake v1: identical answers`, result: 'passes' });
  });
});

/** A request with every field the case leaves out at its spec default, nested structs included. */
function complete(m: SchemaMessage, struct: string, given: Record<string, unknown>): Record<string, unknown> {
  const out = defaultStruct(m, struct);
  for (const f of m.structs[struct] ?? []) {
    if (!(f.name in given)) continue;
    const v = given[f.name];
    const elem = f.type.startsWith('[]') ? f.type.slice(2) : f.type;
    const isStruct = /^[A-Z]/.test(elem);
    if (isStruct && Array.isArray(v)) out[f.name] = v.map((x) => complete(m, elem, x as Record<string, unknown>));
    else if (isStruct && v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) out[f.name] = complete(m, elem, v as Record<string, unknown>);
    else out[f.name] = v;
  }
  return out;
}

/** A whole request frame, for a request that gets no answer (the wire helper waits for one). */
function frameOf(apiKey: number, version: number, body: (w: Writer) => void): Buffer[] {
  const w = new Writer(128).startFrame();
  w.int16(apiKey).int16(version).int32(77).nullableString('security-test').uvarint(0);
  body(w);
  return w.finish();
}

function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
}
