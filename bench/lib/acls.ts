// Synthetic ACLs for the authorizer benches (bench/acl.ts in process, bench/acl-produce.ts over a
// broker): literal and prefixed, topics and groups, 50 principals, some host-bound, some DENYs.
import { AclOperation, AclPermissionType, PatternType, ResourceType, type AclBinding } from '../../src/protocol/acl.js';

/** `n` ACLs; `literalOn(i)` may put the i-th on a named literal topic (so a bench's own topics have some too). */
export function syntheticAcls(n: number, literalOn: (i: number) => string | undefined = () => undefined): AclBinding[] {
  const out: AclBinding[] = [];
  for (let i = 0; i < n; i++) {
    const named = literalOn(i);
    const prefixed = named === undefined && i % 2 === 1;
    out.push({
      resourceType: i % 10 === 9 ? ResourceType.GROUP : ResourceType.TOPIC,
      resourceName: named ?? (prefixed ? `team-${i}.` : `topic-${i}`),
      patternType: prefixed ? PatternType.PREFIXED : PatternType.LITERAL,
      principal: `User:u${i % 50}`,
      host: i % 7 === 0 ? `10.0.0.${i % 250}` : '*',
      operation: i % 3 === 0 ? AclOperation.READ : AclOperation.WRITE,
      permissionType: i % 97 === 0 ? AclPermissionType.DENY : AclPermissionType.ALLOW,
    });
  }
  return out;
}
