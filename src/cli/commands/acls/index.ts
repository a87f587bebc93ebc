import { Option } from 'commander';
import type { Command } from 'commander';
import { completeWith } from '../../../core/completion/hints.js';
import { lazyAction } from '../../action.js';
import { packageVersion } from '../../version.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import type { AclsCliFlags } from './action.js';

// Definitions only: the action (native client, admin) is imported when the command runs.

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const OPERATIONS = 'All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit';

const ACLS_JSON_HELP = `JSON output (-o json), one document on stdout (Kafka's enum names):
  --list    {"resources":[{"resourceType","name","patternType","acls":[{"principal","host","operation","permissionType"}]}]}
  --add     {"added":[acl],"existing":[acl]}   acl = {"resourceType","name","patternType","principal","host","operation","permissionType"}
  --remove  {"removed":[acl]}`;

export function registerAclsCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('acls')
    .description("add, remove and list ACLs: Kafka's kafka-acls.sh, same flags and output")
    .addOption(new Option('--add', 'add ACLs'))
    .addOption(new Option('--remove', 'remove ACLs (asks for each resource unless --force)'))
    .addOption(new Option('--list', 'list ACLs, of the given resources or all'))
    .addOption(completeWith(new Option('--topic <topic>', "topic of the ACLs; '*' means all topics (repeatable)").argParser(collect), 'topics'))
    .addOption(new Option('--cluster', 'the cluster resource (kafka-cluster)'))
    .addOption(completeWith(new Option('--group <group>', "consumer group of the ACLs; '*' means all groups (repeatable)").argParser(collect), 'groups'))
    .addOption(new Option('--transactional-id <id>', "transactional id of the ACLs; '*' means all (repeatable)").argParser(collect))
    .addOption(new Option('--delegation-token <token>', "delegation token of the ACLs; '*' means all (repeatable)").argParser(collect))
    .addOption(new Option('--user-principal <principal>', 'a user principal as the resource (CreateTokens, DescribeTokens) (repeatable)').argParser(collect))
    .addOption(completeWith(new Option('--resource-pattern-type <type>', 'literal or prefixed (add); also any or match (list, remove)').default(undefined, 'literal'), { values: ['literal', 'prefixed', 'any', 'match'] }))
    .addOption(completeWith(new Option('--operation <operation>', `operation allowed or denied (repeatable; default All): ${OPERATIONS}`).argParser(collect), { values: OPERATIONS.split(', ') }))
    .addOption(new Option('--allow-principal <principal>', "principal allowed, as Type:name, e.g. User:alice or User:'*' (repeatable)").argParser(collect))
    .addOption(new Option('--deny-principal <principal>', 'principal denied, as Type:name (repeatable); DENY wins over ALLOW').argParser(collect))
    .addOption(new Option('--allow-host <host>', "host (IP) the allowed principals may connect from (default '*') (repeatable)").argParser(collect))
    .addOption(new Option('--deny-host <host>', "host (IP) the denied principals are refused from (default '*') (repeatable)").argParser(collect))
    .addOption(new Option('--principal <principal>', 'with --list: only the ACLs of this principal (repeatable)').argParser(collect))
    .addOption(new Option('--producer', 'producer role: WRITE, DESCRIBE, CREATE on --topic (and WRITE, DESCRIBE on --transactional-id)'))
    .addOption(new Option('--consumer', 'consumer role: READ, DESCRIBE on --topic and READ on --group'))
    .addOption(new Option('--idempotent', 'with --producer: also IDEMPOTENT_WRITE on the cluster'))
    .addOption(new Option('--force', 'remove without asking'))
    .addOption(new Option('--bootstrap-controller <host:port,...>', 'controller(s) to connect to instead of --bootstrap-server'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd).version(packageVersion(), '--version', 'print the tkafka version');
  cmd.addHelpText(
    'after',
    `
Exactly one of --add, --remove, --list. The broker needs an authorizer
(authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer). Output is
kafka-acls.sh's, byte for byte; failures print "Error while executing ACL command: <message>" on
stdout and exit 1; usage errors exit 2.

${ACLS_JSON_HELP}

Examples:
  tkafka acls --add --allow-principal User:alice --operation Read --topic orders
  tkafka acls --add --allow-principal User:bob --producer --topic orders --idempotent
  tkafka acls --add --allow-principal User:carol --consumer --topic orders --group billing
  tkafka acls --add --deny-principal User:mallory --deny-host 10.0.0.9 --operation All --topic '*'
  tkafka acls --add --allow-principal User:app --operation Write --topic app. --resource-pattern-type prefixed
  tkafka acls --list --topic orders --resource-pattern-type match
  tkafka acls --list --principal User:alice -o json
  tkafka acls --remove --allow-principal User:alice --operation Read --topic orders --force`,
  );
  cmd.action(lazyAction<AclsCliFlags>(program, io, async () => (await import('./action.js')).runAcls));
}
