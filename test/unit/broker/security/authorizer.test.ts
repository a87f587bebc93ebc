import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AclOperation as Op, AclPermissionType as Perm, ANY_FILTER, PatternType as Pat, ResourceType as Res, type AclBinding } from '../../../../src/protocol/acl.js';
import { AclStore } from '../../../../src/broker/security/acl-store.js';
import {
  Authorizer,
  authorizeCreateTopics,
  authorizeInitProducerId,
  authorizeMetadataTopics,
  authorizeTopics,
  authorizedOperations,
  authorizerSettings,
  createAuthorizer,
  partitionByAuthorized,
  STANDARD_AUTHORIZER,
  type AuthzContext,
} from '../../../../src/broker/security/authorizer.js';
import type { Session } from '../../../../src/broker/security/session.js';

const alice: Session = { principal: 'User:alice', listenerName: 'SASL_SSL', securityProtocol: 'SASL_SSL', clientHost: '10.0.0.1' };
const bob: Session = { ...alice, principal: 'User:bob' };

function acl(over: Partial<AclBinding>): AclBinding {
  return { resourceType: Res.TOPIC, resourceName: 't', patternType: Pat.LITERAL, principal: 'User:alice', host: '*', operation: Op.READ, permissionType: Perm.ALLOW, ...over };
}

function authz(acls: AclBinding[], raw: Record<string, string> = {}): Authorizer {
  const a = new Authorizer(authorizerSettings({ 'authorizer.class.name': STANDARD_AUTHORIZER, ...raw }));
  a.createAcls(acls);
  return a;
}

describe('authorizer settings', () => {
  it('is off without authorizer.class.name, and then allows everything', () => {
    expect(authorizerSettings({})).toBeUndefined();
    const a = new Authorizer(undefined);
    expect(a.enabled).toBe(false);
    expect(a.authorize(alice, Op.WRITE, Res.TOPIC, 't')).toBe(true);
  });

  it('accepts both class names, parses super.users and allow.everyone.if.no.acl.found', () => {
    const s = authorizerSettings({ 'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer', 'super.users': ' User:admin ; User:bob;', 'allow.everyone.if.no.acl.found': 'TRUE' });
    expect([...(s?.superUsers ?? [])]).toEqual(['User:admin', 'User:bob']);
    expect(s?.allowEveryoneIfNoAclFound).toBe(true);
    expect(authorizerSettings({ 'authorizer.class.name': STANDARD_AUTHORIZER })?.allowEveryoneIfNoAclFound).toBe(false);
  });

  it('refuses another authorizer class and a malformed super user', () => {
    expect(() => authorizerSettings({ 'authorizer.class.name': 'com.example.Mine' })).toThrow(/com.example.Mine is not supported/);
    expect(() => authorizerSettings({ 'authorizer.class.name': STANDARD_AUTHORIZER, 'super.users': 'admin' })).toThrow(
      'super.users: expected a string in format principalType:principalName but got admin',
    );
  });
});

describe('StandardAuthorizer rules', () => {
  it('denies by default and allows exactly what an ACL grants', () => {
    const a = authz([acl({})]);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, 't')).toBe(true);
    expect(a.authorize(alice, Op.WRITE, Res.TOPIC, 't')).toBe(false);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, 'u')).toBe(false);
    expect(a.authorize(alice, Op.READ, Res.GROUP, 't')).toBe(false);
    expect(a.authorize(bob, Op.READ, Res.TOPIC, 't')).toBe(false);
  });

  it('READ, WRITE, DELETE and ALTER imply DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS; others imply nothing', () => {
    for (const op of [Op.READ, Op.WRITE, Op.DELETE, Op.ALTER, Op.DESCRIBE]) expect(authz([acl({ operation: op })]).authorize(alice, Op.DESCRIBE, Res.TOPIC, 't')).toBe(true);
    for (const op of [Op.CREATE, Op.DESCRIBE_CONFIGS, Op.ALTER_CONFIGS]) expect(authz([acl({ operation: op })]).authorize(alice, Op.DESCRIBE, Res.TOPIC, 't')).toBe(false);
    expect(authz([acl({ operation: Op.ALTER_CONFIGS })]).authorize(alice, Op.DESCRIBE_CONFIGS, Res.TOPIC, 't')).toBe(true);
    expect(authz([acl({ operation: Op.ALTER })]).authorize(alice, Op.DESCRIBE_CONFIGS, Res.TOPIC, 't')).toBe(false);
    expect(authz([acl({ operation: Op.DESCRIBE })]).authorize(alice, Op.READ, Res.TOPIC, 't')).toBe(false);
    // ALL grants every operation.
    const all = authz([acl({ operation: Op.ALL })]);
    for (const op of [Op.READ, Op.WRITE, Op.CREATE, Op.DELETE, Op.ALTER, Op.DESCRIBE, Op.DESCRIBE_CONFIGS, Op.ALTER_CONFIGS]) expect(all.authorize(alice, op, Res.TOPIC, 't')).toBe(true);
  });

  it('DENY wins over ALLOW, but a DENY is not widened by implications', () => {
    expect(authz([acl({}), acl({ permissionType: Perm.DENY })]).authorize(alice, Op.READ, Res.TOPIC, 't')).toBe(false);
    // DENY READ does not deny DESCRIBE (implied by the ALLOW WRITE).
    const a = authz([acl({ operation: Op.WRITE }), acl({ permissionType: Perm.DENY, operation: Op.READ })]);
    expect(a.authorize(alice, Op.DESCRIBE, Res.TOPIC, 't')).toBe(true);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, 't')).toBe(false);
    // DENY ALL denies everything, a wildcard-principal DENY on a prefix too.
    expect(authz([acl({ operation: Op.ALL }), acl({ operation: Op.ALL, permissionType: Perm.DENY })]).authorize(alice, Op.DESCRIBE, Res.TOPIC, 't')).toBe(false);
    const p = authz([acl({ resourceName: '*' }), acl({ principal: 'User:*', resourceName: 'se', patternType: Pat.PREFIXED, permissionType: Perm.DENY })]);
    expect(p.authorize(alice, Op.READ, Res.TOPIC, 'secret')).toBe(false);
    expect(p.authorize(alice, Op.READ, Res.TOPIC, 'public')).toBe(true);
  });

  it('PREFIXED patterns cover names starting with them; LITERAL only the exact name', () => {
    const a = authz([acl({ resourceName: 'orders.', patternType: Pat.PREFIXED }), acl({ resourceName: 'pay', operation: Op.WRITE })]);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, 'orders.')).toBe(true);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, 'orders.eu')).toBe(true);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, 'orders')).toBe(false);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, 'xorders.eu')).toBe(false);
    expect(a.authorize(alice, Op.WRITE, Res.TOPIC, 'pay')).toBe(true);
    expect(a.authorize(alice, Op.WRITE, Res.TOPIC, 'payments')).toBe(false);
    // Prefixes of several lengths on one name.
    const b = authz([acl({ resourceName: 'a', patternType: Pat.PREFIXED }), acl({ resourceName: 'abc', patternType: Pat.PREFIXED, permissionType: Perm.DENY })]);
    expect(b.authorize(alice, Op.READ, Res.TOPIC, 'ab')).toBe(true);
    expect(b.authorize(alice, Op.READ, Res.TOPIC, 'abcd')).toBe(false);
  });

  it("a LITERAL '*' covers every name of its type; a PREFIXED '*' only names starting with '*'", () => {
    const a = authz([acl({ resourceName: '*' })]);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, 'anything')).toBe(true);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, '*')).toBe(true);
    expect(a.authorize(alice, Op.READ, Res.GROUP, 'anything')).toBe(false);
    const p = authz([acl({ resourceName: '*', patternType: Pat.PREFIXED })]);
    expect(p.authorize(alice, Op.READ, Res.TOPIC, 'anything')).toBe(false);
    expect(p.authorize(alice, Op.READ, Res.TOPIC, '*x')).toBe(true);
  });

  it("principals: the session's own or User:*; hosts: '*' or the client's exact IP (IPv4-mapped IPv6 read as IPv4)", () => {
    const a = authz([acl({ principal: 'User:*' })]);
    expect(a.authorize(bob, Op.READ, Res.TOPIC, 't')).toBe(true);
    expect(authz([acl({ principal: 'Group:*' })]).authorize(bob, Op.READ, Res.TOPIC, 't')).toBe(false);
    const h = authz([acl({ host: '10.0.0.1' })]);
    expect(h.authorize(alice, Op.READ, Res.TOPIC, 't')).toBe(true);
    expect(h.authorize({ ...alice, clientHost: '::ffff:10.0.0.1' }, Op.READ, Res.TOPIC, 't')).toBe(true);
    expect(h.authorize({ ...alice, clientHost: '10.0.0.2' }, Op.READ, Res.TOPIC, 't')).toBe(false);
    const d = authz([acl({}), acl({ host: '10.0.0.2', permissionType: Perm.DENY })]);
    expect(d.authorize(alice, Op.READ, Res.TOPIC, 't')).toBe(true);
    expect(d.authorize({ ...alice, clientHost: '10.0.0.2' }, Op.READ, Res.TOPIC, 't')).toBe(false);
  });

  it('super users pass everything, DENY ACLs included', () => {
    const a = authz([acl({ principal: 'User:bob', operation: Op.ALL, permissionType: Perm.DENY })], { 'super.users': 'User:admin;User:bob' });
    expect(a.authorize(bob, Op.WRITE, Res.TOPIC, 't')).toBe(true);
    expect(a.authorize(bob, Op.ALTER, Res.CLUSTER, 'kafka-cluster')).toBe(true);
    expect(a.authorize(alice, Op.WRITE, Res.TOPIC, 't')).toBe(false);
  });

  it('allow.everyone.if.no.acl.found allows only resources no ACL (of any principal) covers', () => {
    const a = authz([acl({ principal: 'User:bob' })], { 'allow.everyone.if.no.acl.found': 'true' });
    expect(a.authorize(alice, Op.WRITE, Res.TOPIC, 'other')).toBe(true);
    expect(a.authorize(alice, Op.READ, Res.TOPIC, 't')).toBe(false);
    expect(authz([acl({ principal: 'User:bob', resourceName: '*' })], { 'allow.everyone.if.no.acl.found': 'true' }).authorize(alice, Op.READ, Res.TOPIC, 'x')).toBe(false);
  });

  it('authorizeByResourceType: an ALLOW somewhere not dominated by a DENY', () => {
    expect(authz([acl({ operation: Op.WRITE })]).authorizeByResourceType(alice, Op.WRITE, Res.TOPIC)).toBe(true);
    expect(authz([acl({ operation: Op.READ })]).authorizeByResourceType(alice, Op.WRITE, Res.TOPIC)).toBe(false);
    expect(authz([acl({ operation: Op.WRITE }), acl({ operation: Op.WRITE, permissionType: Perm.DENY })]).authorizeByResourceType(alice, Op.WRITE, Res.TOPIC)).toBe(false);
    expect(
      authz([acl({ operation: Op.WRITE, resourceName: 'abc' }), acl({ operation: Op.WRITE, resourceName: 'ab', patternType: Pat.PREFIXED, permissionType: Perm.DENY })]).authorizeByResourceType(alice, Op.WRITE, Res.TOPIC),
    ).toBe(false);
    expect(authz([acl({ operation: Op.WRITE, resourceName: 'abc' }), acl({ resourceName: '*', operation: Op.WRITE, permissionType: Perm.DENY })]).authorizeByResourceType(alice, Op.WRITE, Res.TOPIC)).toBe(false);
    expect(authz([], { 'allow.everyone.if.no.acl.found': 'true' }).authorizeByResourceType(alice, Op.WRITE, Res.TOPIC)).toBe(true);
  });

  it('answers batches in order and stays fast with 10,000 ACLs', () => {
    const many: AclBinding[] = [];
    for (let i = 0; i < 5000; i++) many.push(acl({ resourceName: `topic-${i}`, principal: `User:u${i % 50}`, operation: Op.WRITE }));
    for (let i = 0; i < 5000; i++) many.push(acl({ resourceName: `pre-${i}-`, patternType: Pat.PREFIXED, principal: `User:u${i % 50}` }));
    const a = authz(many);
    expect(a.size).toBe(10_000);
    const u7: Session = { ...alice, principal: 'User:u7' };
    expect(a.authorizeAll(u7, [
      { operation: Op.WRITE, resourceType: Res.TOPIC, name: 'topic-7' },
      { operation: Op.WRITE, resourceType: Res.TOPIC, name: 'topic-8' },
      { operation: Op.READ, resourceType: Res.TOPIC, name: 'pre-57-x' },
      { operation: Op.READ, resourceType: Res.TOPIC, name: 'pre-58-x' },
    ])).toEqual([true, false, true, false]);
    // A look-up touches the ACLs of its name and prefixes only: 100,000 checks are cheap.
    let allowed = 0;
    for (let i = 0; i < 100_000; i++) if (a.authorize(u7, Op.WRITE, Res.TOPIC, `topic-${i % 5000}`)) allowed++;
    expect(allowed).toBe(2000);
  });
});

describe('DescribeAcls/DeleteAcls filters and persistence', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('MATCH finds every pattern that applies to a name; ANY the exact name of any pattern type', () => {
    const a = authz([acl({ resourceName: 'orders' }), acl({ resourceName: '*' }), acl({ resourceName: 'ord', patternType: Pat.PREFIXED }), acl({ resourceName: 'orders', patternType: Pat.PREFIXED }), acl({ resourceName: 'x' })]);
    const names = (patternType: number): string[] => a.acls({ ...ANY_FILTER, resourceType: Res.TOPIC, resourceName: 'orders', patternType }).map((b) => `${b.resourceName}/${b.patternType}`);
    expect(names(Pat.MATCH)).toEqual(['orders/3', '*/3', 'ord/4', 'orders/4']);
    expect(names(Pat.ANY)).toEqual(['orders/3', 'orders/4']);
    expect(names(Pat.LITERAL)).toEqual(['orders/3']);
    expect(names(Pat.PREFIXED)).toEqual(['orders/4']);
    expect(a.acls(ANY_FILTER)).toHaveLength(5);
  });

  it('deletes what each filter matched against the ACLs before the request, and persists 0600 across a restart', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-acl-'));
    dirs.push(dir);
    const raw = { 'authorizer.class.name': STANDARD_AUTHORIZER };
    const a = createAuthorizer(raw, dir);
    a.createAcls([acl({}), acl({ operation: Op.WRITE }), acl({ resourceType: Res.GROUP, resourceName: 'g' }), acl({})]);
    expect(a.size).toBe(3);
    const file = path.join(dir, '.acls.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(createAuthorizer(raw, dir).acls(ANY_FILTER)).toEqual(a.acls(ANY_FILTER));
    // Both filters report the topic's WRITE ACL.
    const matched = a.deleteAcls([{ ...ANY_FILTER, resourceType: Res.TOPIC }, { ...ANY_FILTER, operation: Op.WRITE }]);
    expect(matched.map((m) => m.length)).toEqual([2, 1]);
    expect(createAuthorizer(raw, dir).acls(ANY_FILTER)).toEqual([acl({ resourceType: Res.GROUP, resourceName: 'g' })]);
    expect(new AclStore(dir).load()).toEqual([acl({ resourceType: Res.GROUP, resourceName: 'g' })]);
  });

  it('refuses a corrupt ACL file with a clear message', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-acl-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, '.acls.json'), '{"version":1,"acls":[{"resourceType":"TOPIK"}]}');
    expect(() => createAuthorizer({ 'authorizer.class.name': STANDARD_AUTHORIZER }, dir)).toThrow(/The ACL file .*\.acls\.json is not valid \(unknown resource type "TOPIK"\)/);
  });
});

describe('handler helpers', () => {
  const ctx = (a: Authorizer, session: Session = alice): AuthzContext => ({ broker: { authorizer: a }, session });

  it('filters topics, splits items, and computes the authorized-operations bit field', () => {
    const a = authz([acl({ resourceName: 'a', operation: Op.WRITE }), acl({ resourceName: 'b', operation: Op.ALTER_CONFIGS })]);
    expect([...authorizeTopics(ctx(a), Op.WRITE, ['a', 'b', 'a'])]).toEqual(['a']);
    const [yes, no] = partitionByAuthorized(ctx(a), Op.DESCRIBE, Res.TOPIC, [{ n: 'a' }, { n: 'b' }], (x) => x.n);
    expect([yes.map((x) => x.n), no.map((x) => x.n)]).toEqual([['a'], ['b']]);
    // WRITE (4) and the DESCRIBE (8) it implies.
    expect(authorizedOperations(ctx(a), Res.TOPIC, 'a')).toBe((1 << 4) | (1 << 8));
    expect(authorizedOperations(ctx(a), Res.TOPIC, 'b')).toBe((1 << 10) | (1 << 11));
    // No authorizer: every supported operation.
    expect(authorizedOperations(ctx(new Authorizer(undefined)), Res.CLUSTER, 'kafka-cluster')).toBe([5, 7, 8, 9, 10, 11, 12].reduce((b, o) => b | (1 << o), 0));
  });

  it("Metadata: named topics without DESCRIBE fail, all-topics requests leave them out, auto-create needs CREATE", () => {
    const a = authz([acl({ resourceName: 'seen', operation: Op.DESCRIBE }), acl({ resourceName: 'new', operation: Op.DESCRIBE }), acl({ resourceName: 'new2', operation: Op.ALL })]);
    const exists = (t: string): boolean => t === 'seen' || t === 'hidden';
    expect(authorizeMetadataTopics(ctx(a), ['seen', 'hidden', 'new', 'new2'], { allTopics: false, autoCreate: true, exists })).toEqual({
      authorized: ['seen', 'new2'],
      unauthorizedDescribe: ['hidden'],
      unauthorizedCreate: ['new'],
    });
    expect(authorizeMetadataTopics(ctx(a), ['seen', 'hidden'], { allTopics: true, autoCreate: false, exists })).toEqual({ authorized: ['seen'], unauthorizedDescribe: [], unauthorizedCreate: [] });
    // CREATE on the cluster covers every auto-created topic.
    const c = authz([acl({ resourceName: 'new', operation: Op.DESCRIBE }), acl({ resourceType: Res.CLUSTER, resourceName: 'kafka-cluster', operation: Op.CREATE })]);
    expect(authorizeMetadataTopics(ctx(c), ['new'], { allTopics: false, autoCreate: true, exists }).authorized).toEqual(['new']);
    expect([...authorizeCreateTopics(ctx(c), ['x', 'y'])]).toEqual(['x', 'y']);
    expect([...authorizeCreateTopics(ctx(a), ['new2', 'y'])]).toEqual(['new2']);
  });

  it('InitProducerId: WRITE on the transactional id, or IDEMPOTENT_WRITE on the cluster, or WRITE on some topic', () => {
    const tx = authz([acl({ resourceType: Res.TRANSACTIONAL_ID, resourceName: 'tx', operation: Op.WRITE })]);
    expect(authorizeInitProducerId(ctx(tx), 'tx')).toBe(0);
    expect(authorizeInitProducerId(ctx(tx), 'other')).toBe(53);
    expect(authorizeInitProducerId(ctx(tx), null)).toBe(31);
    expect(authorizeInitProducerId(ctx(authz([acl({ resourceType: Res.CLUSTER, resourceName: 'kafka-cluster', operation: Op.IDEMPOTENT_WRITE })])), null)).toBe(0);
    expect(authorizeInitProducerId(ctx(authz([acl({ resourceName: 'p', patternType: Pat.PREFIXED, operation: Op.WRITE })])), null)).toBe(0);
  });
});
