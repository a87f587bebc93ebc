import { NativeClient } from '../../../client/native/client.js';
import type { ApiDef } from '../../../client/native/apis.js';
import { WireAclAdmin } from '../../../core/acls/admin.js';
import { AclCommandError, USAGE_HINT, checkAclsArgs, type AclsFlags } from '../../../core/acls/options.js';
import { ERROR_PREFIX } from '../../../core/acls/render.js';
import { planAcls, runAclCommand, type AclsPlan } from '../../../core/acls/run.js';
import { UsageError } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import { nativeClientOptions, resolveConnection, withConnectionErrors } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

export interface AclsCliFlags extends AclsFlags, ConnectionFlags, OutputOptions {
  bootstrapController?: string;
}

/** Answers to the --remove questions, one stdin line each (Kafka: System.console().readLine()). */
function lineReader(io: CliIO): () => Promise<string | null> {
  let it: AsyncIterator<Buffer> | undefined;
  let buffered = '';
  let done = false;
  return async () => {
    it ??= io.stdin()[Symbol.asyncIterator]();
    for (;;) {
      const nl = buffered.indexOf('\n');
      if (nl >= 0) {
        const line = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        return line;
      }
      if (done) {
        const rest = buffered;
        buffered = '';
        return rest === '' ? null : rest;
      }
      const next = await it.next();
      if (next.done === true) done = true;
      else buffered += next.value.toString('utf8');
    }
  };
}

/** The failures kafka-acls reports as "Error while executing ACL command: ..." (exit 1). */
function asAclFailure(err: unknown): Error | null {
  if (err instanceof AclCommandError) return err;
  if (err instanceof Error && (err.name === 'UnsupportedApiError' || err.name === 'NativeRequestError')) return err;
  return null;
}

export async function runAcls(flags: AclsCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  if (flags.bootstrapController !== undefined && flags.bootstrapServer !== undefined) {
    throw new UsageError('Only one of --bootstrap-server or --bootstrap-controller must be specified', USAGE_HINT);
  }
  const action = checkAclsArgs(flags);
  const data = json ? io.stderr : io.stdout;
  let plan: AclsPlan;
  try {
    plan = planAcls(action, flags);
  } catch (err) {
    const failure = asAclFailure(err);
    if (failure === null) throw err;
    data.write(`${ERROR_PREFIX}${failure.message}\n`);
    return 1;
  }

  const conn = await resolveConnection({ ...flags, ...(flags.bootstrapController === undefined ? {} : { bootstrapServer: flags.bootstrapController }) }, io, { clientId: 'kafka-acls' });
  let client: NativeClient | undefined;
  const readLine = lineReader(io);
  try {
    const connected = await withConnectionErrors(conn, () => NativeClient.connect(nativeClientOptions(conn)));
    client = connected;
    const seed = await withConnectionErrors(conn, () => connected.anyConnection());
    const admin = new WireAclAdmin({ send: <Req, Res>(api: ApiDef<Req, Res>, body: Req) => seed.send(api, body) });
    const out = {
      text: (t: string) => {
        if (!json) io.stdout.write(t);
      },
      confirm: async (prompt: string) => {
        data.write(prompt);
        const answer = await readLine();
        return answer !== null && answer.toLowerCase() === 'y';
      },
    };
    const doc = await withConnectionErrors(conn, () => runAclCommand(plan, admin, out, flags.force === true));
    if (json) writeJson(io, doc);
    return 0;
  } catch (err) {
    const failure = asAclFailure(err);
    if (failure === null) throw err;
    data.write(`${ERROR_PREFIX}${failure.message}\n`);
    return 1;
  } finally {
    await client?.close().catch(() => undefined);
  }
}
