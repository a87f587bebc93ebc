import { Option } from 'commander';
import type { Command } from 'commander';
import { lazyAction } from '../../action.js';
import type { CliIO } from '../../output/io.js';
import { addOutputOptions } from '../../output/format.js';
import { addAliasedOption } from '../../options/connection.js';
import { parseNonNegativeInt } from '../../options/parsers.js';
import { addSchemaRegistryOption } from '../../options/schema-registry.js';
import type { SchemasFlags } from './action.js';

// Definitions only: the registry client is imported when a subcommand runs.

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function common(cmd: Command): Command {
  addSchemaRegistryOption(cmd);
  addAliasedOption(cmd, { flag: '--command-config', arg: '<file>', aliases: [], description: 'properties file: schema.registry.url, basic.auth.*, bearer.auth.*, schema.registry.ssl.*' });
  addAliasedOption(cmd, { flag: '--command-property', arg: '<key=value>', aliases: [], description: 'a property, as in --command-config (repeatable; wins over the file)', repeatable: true });
  return addOutputOptions(cmd);
}

export function registerSchemasCommand(program: Command, io: CliIO): void {
  const schemas = program
    .command('schemas')
    .description('Schema Registry subjects and schemas: list, show, register, check compatibility, delete, config, mode')
    .addHelpText(
      'after',
      `
Works against any Confluent-compatible Schema Registry; the default is the bundled broker's
(http://127.0.0.1:8081). Errors are one line with the registry's error code, e.g.
"tkafka: Schema Registry: Subject 'orders-value' not found. (error 40401)".

Examples:
  tkafka schemas register orders-value --schema-file order.avsc
  tkafka schemas list
  tkafka schemas show orders-value --version latest
  tkafka schemas show --id 1 -o json
  tkafka schemas check orders-value --schema-file order-v2.avsc
  tkafka schemas config orders-value --set FULL
  tkafka schemas delete orders-value --version 1`,
    );
  const run = (name: string) => {
    const action = lazyAction<SchemasFlags>(program, io, async () => (await import('./action.js')).schemasAction(name));
    return async (...args: unknown[]) => {
      const cmd = args.at(-1) as Command;
      const positional = args.slice(0, -2).filter((a): a is string => typeof a === 'string');
      return action({ ...cmd.opts<SchemasFlags>(), args: positional });
    };
  };

  common(schemas.command('list').description('list subjects').option('--deleted', 'include soft-deleted subjects').option('--prefix <prefix>', 'only subjects starting with this')).action(run('list'));
  common(
    schemas
      .command('versions <subject>')
      .description("list a subject's versions")
      .option('--deleted', 'include soft-deleted versions'),
  ).action(run('versions'));
  common(
    schemas
      .command('show [subject]')
      .description("show a subject's version (default latest), or a schema by --id")
      .option('--version <n>', "the version: a number or 'latest'")
      .option('--id <id>', 'the schema with this id (no subject)', parseNonNegativeInt)
      .option('--deleted', 'also find a soft-deleted version'),
  ).action(run('show'));
  common(
    schemas
      .command('register <subject>')
      .description('register a schema under a subject (answers its id and version; the same schema again answers the same id)')
      .option('--schema-file <file>', 'the schema (.avsc, .proto, or a JSON Schema document)')
      .addOption(new Option('--type <type>', 'AVRO, PROTOBUF or JSON (default: .proto is PROTOBUF, a document with $schema JSON, else AVRO)'))
      .option('--reference <name=subject:version>', 'a referenced schema, as the schema names it (repeatable)', collect)
      .option('--normalize', "register the normalised schema (Confluent's normalize=true)"),
  ).action(run('register'));
  common(
    schemas
      .command('check <subject>')
      .description("test a schema against the subject's compatibility level (exit 1 when incompatible)")
      .option('--schema-file <file>', 'the candidate schema')
      .addOption(new Option('--type <type>', 'AVRO, PROTOBUF or JSON (default as for register)'))
      .option('--reference <name=subject:version>', 'a referenced schema (repeatable)', collect)
      .option('--version <n>', "against this version, 'latest' (default), or 'all'"),
  ).action(run('check'));
  common(
    schemas
      .command('delete <subject>')
      .description('delete a subject or one --version of it (soft; --permanent after a soft delete removes it for good)')
      .option('--version <n>', "only this version (a number or 'latest')")
      .option('--permanent', 'hard delete (the registry needs a soft delete first)'),
  ).action(run('delete'));
  common(
    schemas
      .command('config [subject]')
      .description('show or --set the compatibility level, global or of a subject')
      .option('--set <level>', 'NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE'),
  ).action(run('config'));
  common(
    schemas
      .command('mode [subject]')
      .description('show or --set the mode, global or of a subject')
      .option('--set <mode>', 'READWRITE, READONLY, READONLY_OVERRIDE, IMPORT'),
  ).action(run('mode'));
}
