import { createToken, describeTokens, parsePrincipal, renewOrExpire } from '../../../core/delegation-tokens/run.js';
import { UsageError } from '../../../shared/errors.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';
import { printToolResult } from '../transactions/tool-output.js';

export interface TokensCliFlags extends ConnectionFlags, OutputOptions {
  create?: boolean;
  renew?: boolean;
  expire?: boolean;
  describe?: boolean;
  ownerPrincipal?: string[];
  renewerPrincipal?: string[];
  maxLifeTimePeriod?: bigint;
  renewTimePeriod?: bigint;
  expiryTimePeriod?: bigint;
  hmac?: string;
}

const HINT = "Run 'tkafka delegation-tokens --help' for usage.";

/** DelegationTokenCommandOptions.checkArgs, with jopt-simple's messages. */
function checkArgs(f: TokensCliFlags): void {
  const actions = [f.create, f.renew, f.expire, f.describe].filter((x) => x === true).length;
  if (actions !== 1) throw new UsageError('Command must include exactly one action: --create, --renew, --expire or --describe', HINT);
  const required = (name: string, v: unknown): void => {
    if (v === undefined) throw new UsageError(`Missing required argument "[${name}]"`, HINT);
  };
  required('command-config', f.commandConfig);
  if (f.create === true) required('max-life-time-period', f.maxLifeTimePeriod);
  if (f.renew === true) {
    required('hmac', f.hmac);
    required('renew-time-period', f.renewTimePeriod);
  }
  if (f.expire === true) {
    required('hmac', f.hmac);
    required('expiry-time-period', f.expiryTimePeriod);
  }
  const invalid = (action: string, set: boolean | undefined, others: [string, unknown][]): void => {
    if (set !== true) return;
    for (const [name, v] of others) if (v !== undefined) throw new UsageError(`Option "[${action}]" can't be used with option "[${name}]"`, HINT);
  };
  invalid('create', f.create, [['hmac', f.hmac], ['renew-time-period', f.renewTimePeriod], ['expiry-time-period', f.expiryTimePeriod]]);
  invalid('renew', f.renew, [['renewer-principal', f.renewerPrincipal], ['max-life-time-period', f.maxLifeTimePeriod], ['expiry-time-period', f.expiryTimePeriod], ['owner-principal', f.ownerPrincipal]]);
  invalid('expire', f.expire, [['renew', f.renew], ['max-life-time-period', f.maxLifeTimePeriod], ['renew-time-period', f.renewTimePeriod], ['owner-principal', f.ownerPrincipal]]);
  invalid('describe', f.describe, [['renew-time-period', f.renewTimePeriod], ['max-life-time-period', f.maxLifeTimePeriod], ['hmac', f.hmac], ['expiry-time-period', f.expiryTimePeriod]]);
}

export async function runDelegationTokens(flags: TokensCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  checkArgs(flags);
  return printToolResult(io, json, () => {
    const owners = (flags.ownerPrincipal ?? []).map((p) => parsePrincipal(p.trim()));
    const renewers = (flags.renewerPrincipal ?? []).map((p) => parsePrincipal(p.trim()));
    return withNativeClient(flags, io, 'kafka-delegation-tokens', (client) => {
      if (flags.create === true) return createToken(client, renewers, owners, flags.maxLifeTimePeriod ?? -1n);
      if (flags.renew === true) return renewOrExpire(client, 'renew', flags.hmac ?? '', flags.renewTimePeriod ?? -1n);
      if (flags.expire === true) return renewOrExpire(client, 'expire', flags.hmac ?? '', flags.expiryTimePeriod ?? -1n);
      return describeTokens(client, owners);
    });
  });
}
