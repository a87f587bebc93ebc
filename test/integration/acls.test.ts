// DescribeAcls, CreateAcls and DeleteAcls (29-31) against the real broker: exact responses for every
// version, Kafka's errors (SECURITY_DISABLED, CLUSTER_AUTHORIZATION_FAILED, INVALID_REQUEST,
// UNKNOWN_SERVER_ERROR, a closed connection for what Kafka fails to parse), persistence across a
// restart, and kafkajs's admin as an independent client.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } from 'kafkajs';
import { Writer } from '../../src/protocol/codec/writer.js';
import { requestHeaderVersion } from '../../src/protocol/generated/api-keys.js';
import { aclCreation as creation, ANY_ACL as ANY, CreateAcls as Create, DeleteAcls as Delete, DescribeAcls as Describe, INVALID_ACLS, SAMPLE_ACLS } from '../helpers/acls.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { WireClient } from './admin-wire.js';

const STANDARD = { 'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer' };
// Codes: see test/helpers/acls.ts.

/** Sends one request and resolves true when the broker closes the connection instead of answering. */
function closesConnection<Req>(port: number, api: { apiKey: number; encode: (w: Writer, r: Req, v: number) => void }, version: number, body: Req): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let answered = false;
    sock.on('data', () => (answered = true));
    sock.on('error', () => undefined);
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(false);
    }, 5000);
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(!answered);
    });
    sock.once('connect', () => {
      const w = new Writer(256).startFrame();
      w.int16(api.apiKey).int16(version).int32(1).nullableString('acl-test');
      if (requestHeaderVersion(api.apiKey, version) >= 2) w.uvarint(0);
      api.encode(w, body, version);
      sock.write(w.toBuffer());
    });
  });
}

describe('ACL APIs without an authorizer', () => {
  let b: TestBroker;
  let wire: WireClient;
  beforeAll(async () => {
    b = await startTestBroker();
    wire = await WireClient.connect(b.running.port);
  });
  afterAll(async () => {
    wire.close();
    await b.dispose();
  });

  it('answers SECURITY_DISABLED with Kafka\'s messages on every version', async () => {
    for (let v = 0; v <= 3; v++) {
      expect(await wire.request(Describe, v, { ...ANY, patternTypeFilter: 3 })).toMatchObject({ errorCode: 54, errorMessage: 'No Authorizer is configured on the broker', resources: [] });
      expect((await wire.request(Create, v, { creations: [creation(), creation({ operation: 4 })] })).results).toEqual([
        { errorCode: 54, errorMessage: 'No Authorizer is configured.' },
        { errorCode: 54, errorMessage: 'No Authorizer is configured.' },
      ]);
      expect((await wire.request(Delete, v, { filters: [{ ...ANY, patternTypeFilter: 3 }] })).filterResults).toEqual([{ errorCode: 54, errorMessage: 'No Authorizer is configured.', matchingAcls: [] }]);
    }
  });
});

describe('ACL APIs with the StandardAuthorizer', () => {
  let b: TestBroker;
  let wire: WireClient;
  const started: TestBroker[] = [];
  beforeAll(async () => {
    b = await startTestBroker({ config: { ...STANDARD, 'super.users': 'User:ANONYMOUS' } });
    wire = await WireClient.connect(b.running.port);
  });
  afterEach(async () => {
    for (const x of started.splice(0)) await x.dispose();
  });
  afterAll(async () => {
    wire.close();
    await b.dispose();
  });

  it('creates, describes by every filter kind, and deletes, with exact responses', async () => {
    const created = await wire.request(Create, 3, {
      creations: [
        ...SAMPLE_ACLS,
        creation(), // again: a success, stored once
      ],
    });
    expect(created).toEqual({ throttleTimeMs: 0, results: Array(5).fill({ errorCode: 0, errorMessage: '' }) });

    const all = await wire.request(Describe, 3, ANY);
    expect(all).toEqual({
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: '',
      resources: [
        { resourceType: 2, resourceName: 'orders', patternType: 3, acls: [{ principal: 'User:alice', host: '*', operation: 3, permissionType: 3 }, { principal: 'User:alice', host: '10.0.0.1', operation: 4, permissionType: 3 }] },
        { resourceType: 2, resourceName: 'ord', patternType: 4, acls: [{ principal: 'User:*', host: '*', operation: 3, permissionType: 2 }] },
        { resourceType: 3, resourceName: 'g1', patternType: 3, acls: [{ principal: 'User:alice', host: '*', operation: 3, permissionType: 3 }] },
      ],
    });
    // MATCH: what applies to topic 'orders'; LITERAL on v0 (ANY is read as LITERAL there).
    const match = await wire.request(Describe, 1, { ...ANY, resourceTypeFilter: 2, resourceNameFilter: 'orders', patternTypeFilter: 2 });
    expect(match.resources.map((r) => `${r.resourceName}/${r.patternType}`)).toEqual(['orders/3', 'ord/4']);
    const v0 = await wire.request(Describe, 0, { ...ANY, patternTypeFilter: 1 });
    expect(v0.resources.map((r) => r.resourceName)).toEqual(['orders', 'g1']);
    const byEntry = await wire.request(Describe, 2, { ...ANY, principalFilter: 'User:alice', hostFilter: '10.0.0.1', operation: 4, permissionType: 3 });
    expect(byEntry.resources).toEqual([{ resourceType: 2, resourceName: 'orders', patternType: 3, acls: [{ principal: 'User:alice', host: '10.0.0.1', operation: 4, permissionType: 3 }] }]);

    const deleted = await wire.request(Delete, 3, { filters: [{ ...ANY, resourceTypeFilter: 2, operation: 4 }, { ...ANY, resourceTypeFilter: 5 }, { ...ANY, resourceTypeFilter: 99 }, { ...ANY, operation: 99 }] });
    expect(deleted).toEqual({
      throttleTimeMs: 0,
      filterResults: [
        {
          errorCode: 0,
          errorMessage: null,
          matchingAcls: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders', patternType: 3, principal: 'User:alice', host: '10.0.0.1', operation: 4, permissionType: 3 }],
        },
        { errorCode: 0, errorMessage: null, matchingAcls: [] },
        { errorCode: 42, errorMessage: 'Unknown patternFilter.', matchingAcls: [] },
        { errorCode: 42, errorMessage: 'Unknown entryFilter.', matchingAcls: [] },
      ],
    });
    expect((await wire.request(Describe, 3, ANY)).resources.flatMap((r) => r.acls)).toHaveLength(3);
  });

  it('validates creations as Kafka does', async () => {
    const res = await wire.request(Create, 3, {
      creations: [
        ...INVALID_ACLS,
        creation({ resourceType: 4, resourceName: 'kafka-cluster', operation: 7 }),
      ],
    });
    expect(res.results).toEqual([
      { errorCode: 42, errorMessage: 'The only valid name for the CLUSTER resource is kafka-cluster' },
      { errorCode: 42, errorMessage: 'Invalid empty resource name' },
      { errorCode: 42, errorMessage: 'Invalid resourceType UNKNOWN' },
      { errorCode: 42, errorMessage: 'Invalid patternType UNKNOWN' },
      { errorCode: 42, errorMessage: 'Invalid operation UNKNOWN' },
      { errorCode: 42, errorMessage: 'Invalid permissionType UNKNOWN' },
      { errorCode: 0, errorMessage: '' },
    ]);
    // A filter value in a creation fails Kafka's AclBinding constructor: the whole request is UNKNOWN_SERVER_ERROR.
    for (const bad of [{ resourceType: 1 }, { resourcePatternType: 2 }, { resourcePatternType: 1 }, { operation: 1 }, { permissionType: 1 }]) {
      expect((await wire.request(Create, 3, { creations: [creation(), creation(bad)] })).results).toEqual([
        { errorCode: -1, errorMessage: null },
        { errorCode: -1, errorMessage: null },
      ]);
    }
  });

  it('closes the connection on what Kafka fails to parse (an UNKNOWN code)', async () => {
    const port = b.running.port;
    expect(await closesConnection(port, Describe, 3, { ...ANY, operation: 0 })).toBe(true);
    expect(await closesConnection(port, Create, 1, { creations: [creation({ resourceType: 0 })] })).toBe(true);
    expect(await closesConnection(port, Delete, 2, { filters: [{ ...ANY, permissionType: 0 }] })).toBe(true);
    // The broker keeps serving the other connection.
    expect((await wire.request(Describe, 3, ANY)).errorCode).toBe(0);
  });

  it('keeps the ACLs across a restart', async () => {
    const x = await startTestBroker({ config: { ...STANDARD, 'super.users': 'User:ANONYMOUS' } });
    started.push(x);
    const w1 = await WireClient.connect(x.running.port);
    await w1.request(Create, 3, { creations: [creation(), creation({ resourceType: 5, resourceName: 'tx', operation: 4 })] });
    await w1.request(Delete, 3, { filters: [{ ...ANY, resourceTypeFilter: 2 }] });
    w1.close();
    const dataDir = x.dataDir;
    await x.stop();
    const y = await startTestBroker({ dataDir, config: { ...STANDARD, 'super.users': 'User:ANONYMOUS' } });
    started.push(y);
    const w2 = await WireClient.connect(y.running.port);
    expect((await w2.request(Describe, 3, ANY)).resources).toEqual([{ resourceType: 5, resourceName: 'tx', patternType: 3, acls: [{ principal: 'User:alice', host: '*', operation: 4, permissionType: 3 }] }]);
    w2.close();
  });

  it('refuses principals without ALTER/DESCRIBE on the cluster with CLUSTER_AUTHORIZATION_FAILED', async () => {
    const x = await startTestBroker({ config: { ...STANDARD } });
    started.push(x);
    const w = await WireClient.connect(x.running.port);
    const message = /^Request Request\(processor=0, connectionId=\d+, session=Session\(User:ANONYMOUS,\/127\.0\.0\.1\), listenerName=ListenerName\(PLAINTEXT\), securityProtocol=PLAINTEXT, buffer=null, envelope=None\) is not authorized\.$/;
    const d = await w.request(Describe, 3, ANY);
    expect(d.errorCode).toBe(31);
    expect(d.errorMessage).toMatch(message);
    const c = await w.request(Create, 3, { creations: [creation()] });
    expect(c.results[0]?.errorCode).toBe(31);
    expect(c.results[0]?.errorMessage).toMatch(message);
    const del = await w.request(Delete, 3, { filters: [ANY] });
    expect(del.filterResults[0]).toMatchObject({ errorCode: 31, matchingAcls: [] });
    w.close();
  });

  it("serves kafkajs's admin (an independent client)", async () => {
    const kafka = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const acl = { resourceType: AclResourceTypes.TOPIC, resourceName: 'kjs', resourcePatternType: ResourcePatternTypes.PREFIXED, principal: 'User:carol', host: '*', operation: AclOperationTypes.WRITE, permissionType: AclPermissionTypes.ALLOW };
      await admin.createAcls({ acl: [acl] });
      const found = await admin.describeAcls({ resourceType: AclResourceTypes.TOPIC, resourceName: 'kjs-1', resourcePatternType: ResourcePatternTypes.MATCH, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY });
      expect(found.resources).toEqual([{ resourceType: 2, resourceName: 'kjs', resourcePatternType: 4, acls: [{ principal: 'User:carol', host: '*', operation: 4, permissionType: 3 }] }]);
      const gone = await admin.deleteAcls({ filters: [{ resourceType: AclResourceTypes.TOPIC, resourceName: 'kjs', resourcePatternType: ResourcePatternTypes.PREFIXED, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY }] });
      expect(gone.filterResponses[0]?.matchingAcls).toHaveLength(1);
    } finally {
      await admin.disconnect();
    }
  });
});
