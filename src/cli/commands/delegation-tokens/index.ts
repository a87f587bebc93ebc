import { Option, type Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addConnectionOptions } from '../../options/connection.js';
import { longArg } from '../../options/admin-subcommand.js';
import type { TokensCliFlags } from './action.js';

// Definitions only: the action is imported when the command runs.

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerDelegationTokensCommand(program: Command, io: CliIO): void {
  const cmd = program
    .command('delegation-tokens')
    .description('create, renew, expire or describe delegation tokens (kafka-delegation-tokens.sh)')
    .addOption(new Option('--create', 'Create a new delegation token. Use --renewer-principal option to pass renewer principals.'))
    .addOption(new Option('--renew', 'Renew delegation token. Use --renew-time-period option to set renew time period.'))
    .addOption(new Option('--expire', 'Expire delegation token. Use --expiry-time-period option to expire the token.'))
    .addOption(new Option('--describe', 'Describe delegation tokens for the given principals (--owner-principal), else the user\'s own and those it may describe.'))
    .addOption(new Option('--owner-principal <principal>', 'owner is a Kafka principal. They should be in principalType:name format (repeatable).').argParser(collect))
    .addOption(new Option('--renewer-principal <principal>', 'renewer is a Kafka principal. They should be in principalType:name format (repeatable).').argParser(collect))
    .addOption(new Option('--max-life-time-period <ms>', 'Max life period for the token in milliseconds; -1: the server\'s delegation.token.max.lifetime.ms.').argParser(longArg))
    .addOption(new Option('--renew-time-period <ms>', 'Renew time period in milliseconds; -1: the server\'s delegation.token.expiry.time.ms.').argParser(longArg))
    .addOption(new Option('--expiry-time-period <ms>', 'Expiry time period in milliseconds; -1 invalidates the token immediately.').argParser(longArg))
    .addOption(new Option('--hmac <hmac>', 'HMAC of the delegation token'));
  addConnectionOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Exactly one of --create, --renew, --expire, --describe; --command-config is required, as Kafka's
(token operations need an authenticated connection). Output is kafka-delegation-tokens.sh's. Our
broker has no delegation token support (no delegation.token.secret.key): it answers as Kafka does
then, DELEGATION_TOKEN_REQUEST_NOT_ALLOWED on PLAINTEXT and DELEGATION_TOKEN_AUTH_DISABLED on SASL.

Examples:
  tkafka delegation-tokens --bootstrap-server localhost:9093 --command-config admin.properties --create --max-life-time-period -1 --renewer-principal User:bob
  tkafka delegation-tokens --bootstrap-server localhost:9093 --command-config admin.properties --describe
  tkafka delegation-tokens --bootstrap-server localhost:9093 --command-config admin.properties --renew --hmac <hmac> --renew-time-period -1`,
  );
  cmd.action(lazyAction<TokensCliFlags>(program, io, async () => (await import('./action.js')).runDelegationTokens));
}
