import { readFileSync } from 'node:fs';
import { NativeClient } from '../../../client/native/client.js';
import type { ApiDef } from '../../../client/native/apis.js';
import { ConfigsAdmin, ConfigsRuntimeError, type Sender } from '../../../core/configs/admin.js';
import { checkConfigsArgs, ConfigCommandError, parseAddConfig, parseDeleteConfig, type ConfigsFlags } from '../../../core/configs/options.js';
import { alterConfigs, describeConfigs, type AlterInput } from '../../../core/configs/run.js';
import { ERROR_CODES, TkafkaError, errnoCode } from '../../../shared/errors.js';
import { parsePropertiesText } from '../../options/command-config.js';
import type { ConnectionFlags } from '../../options/connection.js';
import { nativeClientOptions, resolveConnection, withConnectionErrors } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

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
  const conn = await resolveConnection({ ...flags, ...(flags.bootstrapController === undefined ? {} : { bootstrapServer: flags.bootstrapController }) }, io, { clientId: 'kafka-configs' });
  let client: NativeClient | undefined;
  try {
    const connected = await withConnectionErrors(conn, () => NativeClient.connect(nativeClientOptions(conn)));
    client = connected;
    const sender = (c: Promise<{ send<Req, Res>(api: ApiDef<Req, Res>, body: Req): Promise<Res> }>): Promise<Sender> => c.then((x) => ({ send: (api, body) => x.send(api, body) }));
    const admin = new ConfigsAdmin({ any: () => sender(connected.anyConnection()), node: (id) => sender(connected.nodeConnection(id)) });
    const out = { line: (t: string) => (json ? undefined : io.stdout.write(`${t}\n`)) };
    const doc = await withConnectionErrors(conn, () => (input !== undefined ? alterConfigs(req, input, admin, out) : describeConfigs(req, admin, out)));
    if (json) writeJson(io, doc);
    return 0;
  } catch (err) {
    throw asFailure(err) ?? err;
  } finally {
    await client?.close().catch(() => undefined);
  }
}
