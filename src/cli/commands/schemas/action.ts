import { readFileSync } from 'node:fs';
import { SchemaRegistryClient, type RegistrySchema } from '../../../client/schema-registry/client.js';
import * as ops from '../../../core/schemas/run.js';
import { ERROR_CODES, TkafkaError, UsageError, errnoCode } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { parsePropertiesText } from '../../options/properties.js';
import { SCHEMA_REGISTRY_KEYS, registryClientOptions, registryError, type SchemaRegistryFlags } from '../../options/schema-registry.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

export interface SchemasFlags extends SchemaRegistryFlags {
  args: string[];
  commandConfig?: string;
  commandProperty?: Record<string, string>;
  json?: boolean;
  output?: string;
  deleted?: boolean;
  prefix?: string;
  version?: string;
  id?: number;
  schemaFile?: string;
  type?: string;
  reference?: string[];
  normalize?: boolean;
  permanent?: boolean;
  set?: string;
}

function readText(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const why = errnoCode(err) === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Cannot read ${option} '${path}': ${why}.`, { exitCode: 2 });
  }
}

/** The registry properties of --command-config and --command-property; a shared Kafka client file's other keys are ignored. */
async function properties(flags: SchemasFlags): Promise<Record<string, string>> {
  let props: Record<string, string> = {};
  if (flags.commandConfig !== undefined) props = parsePropertiesText(readText(flags.commandConfig, '--command-config file'));
  props = { ...props, ...flags.commandProperty };
  const known = new Set(SCHEMA_REGISTRY_KEYS);
  const { isClientPropertyKey } = await import('../../options/command-config.js');
  for (const key of Object.keys(props)) {
    if (known.has(key) || isClientPropertyKey(key)) continue;
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Unsupported Schema Registry property '${/^[A-Za-z0-9._-]{1,100}$/.test(key) ? key : `${key.length}-character key`}'.`, {
      exitCode: 2,
      hint: 'tkafka schemas reads schema.registry.url, basic.auth.*, bearer.auth.* and schema.registry.ssl.*.',
    });
  }
  return props;
}

function schemaFrom(flags: SchemasFlags): RegistrySchema {
  if (flags.schemaFile === undefined) throw ops.noSchemaFile();
  const text = readText(flags.schemaFile, '--schema-file');
  return { schema: text, schemaType: ops.schemaTypeOf(flags.type, flags.schemaFile, text), references: (flags.reference ?? []).map(ops.parseReference) };
}

export function schemasAction(name: string) {
  return async (flags: SchemasFlags, io: CliIO): Promise<number> => {
    const format = resolveOutputFormat(flags);
    const subject = flags.args[0];
    const client = new SchemaRegistryClient(await registryClientOptions(flags, await properties(flags), io.env));
    let result: ops.SchemasResult;
    try {
      switch (name) {
        case 'list':
          result = await ops.listSubjects(client, { deleted: flags.deleted === true, ...(flags.prefix !== undefined ? { prefix: flags.prefix } : {}) });
          break;
        case 'versions':
          result = await ops.listVersions(client, subject as string, { deleted: flags.deleted === true });
          break;
        case 'show':
          if (flags.id !== undefined) {
            if (subject !== undefined || flags.version !== undefined) throw new UsageError('show --id takes no subject or --version.');
            result = await ops.showId(client, flags.id);
          } else {
            if (subject === undefined) throw new UsageError('show needs a subject or --id.', 'e.g. tkafka schemas show orders-value --version latest');
            result = await ops.showVersion(client, subject, ops.parseVersion(flags.version) as number | 'latest', { deleted: flags.deleted === true });
          }
          break;
        case 'register':
          result = await ops.register(client, subject as string, schemaFrom(flags), { normalize: flags.normalize === true });
          break;
        case 'check':
          result = await ops.check(client, subject as string, ops.parseVersion(flags.version, true), schemaFrom(flags));
          break;
        case 'delete':
          result = await ops.remove(client, subject as string, flags.version === undefined ? undefined : (ops.parseVersion(flags.version) as number | 'latest'), flags.permanent === true);
          break;
        case 'config':
          result = await ops.config(client, subject, flags.set);
          break;
        case 'mode':
          result = await ops.mode(client, subject, flags.set);
          break;
        default:
          throw new UsageError(`unknown schemas command '${name}'`);
      }
    } catch (err) {
      throw registryError(err);
    } finally {
      client.close();
    }
    io.stdout.write(format === 'json' ? `${JSON.stringify(result.json, null, 2)}\n` : result.text);
    return result.exitCode ?? EXIT_CODES.OK;
  };
}
