import { readFileSync } from 'node:fs';
import { ConfigsAdmin, ConfigsRuntimeError } from '../../../core/configs/admin.js';
import { checkConfigsArgs, ConfigCommandError, parseAddConfig, parseDeleteConfig, type ConfigsFlags } from '../../../core/configs/options.js';
import { alterConfigs, describeConfigs, type AlterInput } from '../../../core/configs/run.js';
import { ERROR_CODES, TkafkaError, errnoCode } from '../../../shared/errors.js';
import { parsePropertiesText } from '../../options/properties.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';

export interface ConfigsCliFlags extends ConfigsFlags, ConnectionFlags, OutputOptions {
  bootstrapController?: string;
}

/** Kafka's message as one `tkafka:` line, exit 1 (kafka-configs exits 1 on every failure). */
const failure = (message: string): TkafkaError => new TkafkaError('CONFIGS_FAILED', message, { exitCode: 1 });

function asFailure(err: unknown): TkafkaError | null {
  if (err instanceof ConfigCommandError || err instanceof ConfigsRuntimeError) return failure(err.message);
  if (err instanceof Error && (err.name === 'UnsupportedApiError' || err.name === 'NativeRequestError')) return failure(err.message);
  return null;
}

/** The configs to add and delete, read before connecting (--add-config-file is a properties file). */
function alterInput(flags: ConfigsCliFlags): AlterInput {
  let add = new Map<string, string>();
  if (flags.addConfigFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.addConfigFile, 'utf8');
    } catch (err) {
      const why = errnoCode(err) === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
      throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Cannot read --add-config-file '${flags.addConfigFile}': ${why}.`, { exitCode: 2 });
    }
    add = new Map(Object.entries(parsePropertiesText(text)));
  }
  if (flags.addConfig !== undefined) {
    // jopt-simple's valueOf on a repeated option.
    if (flags.addConfig.length > 1) throw failure('Found multiple arguments for option add-config, but you asked for only one');
    for (const [k, v] of parseAddConfig(flags.addConfig[0] ?? '')) add.set(k, v);
  }
  return { add, del: parseDeleteConfig(flags.deleteConfig) };
}

export async function runConfigs(flags: ConfigsCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const req = checkConfigsArgs(flags, flags.bootstrapServer !== undefined, flags.bootstrapController !== undefined);
  let input: AlterInput | undefined;
  try {
    if (req.action === 'alter') input = alterInput(flags);
  } catch (err) {
    throw asFailure(err) ?? err;
  }
  const connFlags = flags.bootstrapController === undefined ? flags : { ...flags, bootstrapServer: flags.bootstrapController };
  const out = { line: (t: string) => (json ? undefined : io.stdout.write(`${t}\n`)) };
  try {
    const doc = await withNativeClient(connFlags, io, 'kafka-configs', (client) => {
      const admin = new ConfigsAdmin({ any: () => client.anyConnection(), node: (id) => client.nodeConnection(id) });
      return input !== undefined ? alterConfigs(req, input, admin, out) : describeConfigs(req, admin, out);
    });
    if (json) writeJson(io, doc);
    return 0;
  } catch (err) {
    throw asFailure(err) ?? err;
  }
}
