import { describe, expect, it } from 'vitest';
import { ANY_FILTER, filterMatches, AclOperation as Op, PatternType as Pat, ResourceType as Res, bindingKey, type AclBinding, type AclBindingFilter } from '../../../src/protocol/acl.js';
import { aclError, type AclAdmin } from '../../../src/core/acls/admin.js';
import { checkAclsArgs, filterAcls, resourceFilters, type AclsFlags } from '../../../src/core/acls/options.js';
import { planAcls, runAclCommand } from '../../../src/core/acls/run.js';

/** An in-memory AclAdmin with Kafka's filter semantics. */
class MemoryAdmin implements AclAdmin {
  acls: AclBinding[] = [];
  describeAcls(f: AclBindingFilter): Promise<AclBinding[]> {
    return Promise.resolve(this.acls.filter((b) => filterMatches(f, b)));
  }
  createAcls(bs: readonly AclBinding[]): Promise<void> {
    for (const b of bs) if (!this.acls.some((x) => bindingKey(x) === bindingKey(b))) this.acls.push(b);
    return Promise.resolve();
  }
  deleteAcls(fs: readonly AclBindingFilter[]): Promise<AclBinding[][]> {
    const matched = fs.map((f) => this.acls.filter((b) => filterMatches(f, b)));
    const gone = new Set(matched.flat().map(bindingKey));
    this.acls = this.acls.filter((b) => !gone.has(bindingKey(b)));
    return Promise.resolve(matched);
  }
}

async function run(flags: AclsFlags, admin: AclAdmin, answers: string[] = []): Promise<{ text: string; doc: unknown }> {
  let text = '';
  const doc = await runAclCommand(planAcls(checkAclsArgs(flags), flags), admin, {
    text: (t) => (text += t),
    confirm: (p) => {
      text += p;
      return Promise.resolve(answers.shift() === 'y');
    },
  }, flags.force === true);
  return { text, doc };
}

describe('kafka-acls options', () => {
  it('checks the action and the conflicting options in Kafka\'s order', () => {
    expect(() => checkAclsArgs({})).toThrow('Command must include exactly one action: --list, --add, --remove.');
    expect(() => checkAclsArgs({ list: true, denyHost: ['h'] })).toThrow('Option "[list]" can\'t be used with option "[deny-host]"');
    expect(() => checkAclsArgs({ add: true, consumer: true, denyPrincipal: ['User:x'] })).toThrow('Option "[consumer]" can\'t be used with option "[deny-principal]"');
    // --producer with --consumer may name a cluster.
    expect(checkAclsArgs({ add: true, producer: true, consumer: true, topic: ['t'], group: ['g'], cluster: true })).toBe('add');
  });

  it('builds filters in command-line order; the cluster only for literal patterns; transactional ids untrimmed', () => {
    expect(resourceFilters({ topic: [' a ', 'a'], cluster: true, transactionalId: [' tx '], group: ['g'] }, true)).toEqual([
      { resourceType: Res.TOPIC, resourceName: 'a', patternType: Pat.LITERAL },
      { resourceType: Res.CLUSTER, resourceName: 'kafka-cluster', patternType: Pat.LITERAL },
      { resourceType: Res.GROUP, resourceName: 'g', patternType: Pat.LITERAL },
      { resourceType: Res.TRANSACTIONAL_ID, resourceName: ' tx ', patternType: Pat.LITERAL },
    ]);
    expect(resourceFilters({ topic: ['a'], cluster: true, resourcePatternType: 'MATCH' }, false)).toEqual([{ resourceType: Res.TOPIC, resourceName: 'a', patternType: Pat.MATCH }]);
  });

  it('--producer and --consumer merge on a shared topic; hosts default to * per principal', () => {
    const r = filterAcls({ add: true, producer: true, consumer: true, topic: ['t'], group: ['g'], allowPrincipal: ['User:a'] });
    expect(r.map((x) => [x.filter.resourceName, x.acls.map((a) => a.operation)])).toEqual([
      ['t', [Op.WRITE, Op.DESCRIBE, Op.CREATE, Op.READ]],
      ['g', [Op.READ]],
    ]);
    expect(r[0]?.acls.every((a) => a.host === '*')).toBe(true);
  });
});

describe('kafka-acls actions', () => {
  it('add prints Kafka\'s blocks, skips existing ACLs and reports them; list and remove follow', async () => {
    const admin = new MemoryAdmin();
    const first = await run({ add: true, allowPrincipal: ['User:a'], operation: ['Read'], topic: ['t'], group: ['g'] }, admin);
    expect(first.text).toBe(
      'Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)`: \n \t(principal=User:a, host=*, operation=READ, permissionType=ALLOW)\n\n' +
        'Adding ACLs for resource `ResourcePattern(resourceType=GROUP, name=g, patternType=LITERAL)`: \n \t(principal=User:a, host=*, operation=READ, permissionType=ALLOW)\n\n',
    );
    const again = await run({ add: true, allowPrincipal: ['User:a'], operation: ['Read'], topic: ['t'] }, admin);
    expect(again.text).toBe('Acl (pattern=ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL), entry=(principal=User:a, host=*, operation=READ, permissionType=ALLOW)) already exists.\n');
    expect(again.doc).toEqual({ added: [], existing: [{ resourceType: 'TOPIC', name: 't', patternType: 'LITERAL', principal: 'User:a', host: '*', operation: 'READ', permissionType: 'ALLOW' }] });
    expect((await run({ list: true, principal: ['User:b'] }, admin)).text).toBe('ACLs for principal `User:b`\n');

    const declined = await run({ remove: true, topic: ['t'] }, admin, ['n']);
    expect(declined.text).toBe('Are you sure you want to delete all ACLs for resource filter `ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)`? (y/n)\n');
    expect(admin.acls).toHaveLength(2);
    const removed = await run({ remove: true, topic: ['t'], resourcePatternType: 'any' }, admin, ['y']);
    expect(removed.doc).toEqual({ removed: [{ resourceType: 'TOPIC', name: 't', patternType: 'LITERAL', principal: 'User:a', host: '*', operation: 'READ', permissionType: 'ALLOW' }] });
    expect((await run({ list: true }, admin)).text).toBe('Current ACLs for resource `ResourcePattern(resourceType=GROUP, name=g, patternType=LITERAL)`:\n\t(principal=User:a, host=*, operation=READ, permissionType=ALLOW)\n\n');
    expect(await admin.describeAcls(ANY_FILTER)).toHaveLength(1);
  });

  it('prints broker errors as the Java exceptions kafka-acls shows', () => {
    expect(aclError(54, 'No Authorizer is configured on the broker').message).toBe('org.apache.kafka.common.errors.SecurityDisabledException: No Authorizer is configured on the broker');
    expect(aclError(-1, null).message).toBe('org.apache.kafka.common.errors.UnknownServerException: The server experienced an unexpected error when processing the request.');
    expect(aclError(31, null).message).toBe('org.apache.kafka.common.errors.ClusterAuthorizationException: Cluster authorization failed.');
  });
});
