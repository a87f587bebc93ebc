// The cost of authorising: `npx tsx bench/acl.ts`. What a Produce request's check costs (WRITE on
// its topics, one call per topic as Kafka's filterByAuthorized makes) without an authorizer, with a
// handful of ACLs and with 10,000 (literal and prefixed, 50 principals), next to the time a produce
// request spends in the broker anyway (the goal: within 5% with 10,000 ACLs). Figures only.
import { AclOperation, ResourceType, type AclBinding } from '../src/protocol/acl.js';
import { Authorizer, authorizerSettings, STANDARD_AUTHORIZER } from '../src/broker/security/authorizer.js';
import type { Session } from '../src/broker/security/session.js';
import { syntheticAcls as acls } from './lib/acls.js';
import { figure, fixed, heading, int, note } from './lib/report.js';

const session: Session = { principal: 'User:u7', listenerName: 'SASL_SSL', securityProtocol: 'SASL_SSL', clientHost: '10.0.0.7' };

function authorizer(n: number | null): Authorizer {
  if (n === null) return new Authorizer(undefined);
  const a = new Authorizer(authorizerSettings({ 'authorizer.class.name': STANDARD_AUTHORIZER }));
  a.createAcls(acls(n));
  return a;
}

/** ns per check over names that hit and miss, literal and prefixed. */
function nsPerCheck(a: Authorizer): number {
  const names = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? `topic-${i * 7}` : `team-${i * 7 + 1}.events`));
  let sink = 0;
  for (let i = 0; i < 200_000; i++) if (a.authorize(session, AclOperation.WRITE, ResourceType.TOPIC, names[i % names.length] as string)) sink++;
  const rounds = 2_000_000;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) if (a.authorize(session, AclOperation.WRITE, ResourceType.TOPIC, names[i % names.length] as string)) sink++;
  const ns = Number(process.hrtime.bigint() - t0) / rounds;
  if (sink < 0) console.log(sink);
  return ns;
}

heading('Authorising one topic for WRITE (the Produce check), per call');
const base = nsPerCheck(authorizer(null));
figure('no authorizer', `${fixed(base, 0)} ns`);
for (const n of [10, 1000, 10_000]) {
  const t0 = performance.now();
  const a = authorizer(n);
  const build = performance.now() - t0;
  const ns = nsPerCheck(a);
  figure(`StandardAuthorizer, ${int(n)} ACLs`, `${fixed(ns, 0)} ns (${int(1e9 / ns)} checks/s; index built in ${fixed(build, 1)} ms)`);
}
{
  const a = authorizer(10_000);
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) a.createAcls([{ ...(acls(1)[0] as AclBinding), resourceName: `added-${i}` }]);
  figure('CreateAcls of one ACL onto 10,000 (index only, no file)', `${fixed((performance.now() - t0) / 1000, 3)} ms`);
}
note('A Produce request checks each of its topics once; a one-topic request of one 16 KiB batch costs the broker tens of microseconds (npm run bench), so a check of well under a microsecond is far inside the 5% goal.');
