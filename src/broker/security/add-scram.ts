// `--add-scram 'SCRAM-SHA-512=[name=alice,password=alice-secret]'`: SCRAM users made when the broker
// starts, with the syntax and messages of `kafka-storage format --add-scram` (Kafka's ScramParser):
// keys name (required), password or saltedpassword (base64, needs salt), salt (base64), iterations
// (default 4096, 4096..16384); a value may be "quoted". Messages never show a password.
import { UsageError } from '../../shared/errors.js';
import { hiSync, isScramMechanism, randomSalt, SCRAM_DEFAULT_ITERATIONS, SCRAM_MAX_ITERATIONS, SCRAM_MIN_ITERATIONS, scramHash, type ScramMechanism } from '../../protocol/sasl/scram.js';
import type { ScramStore } from './scram-store.js';

export interface AddScramEntry {
  readonly mechanism: ScramMechanism;
  readonly name: string;
  readonly password?: string;
  readonly salt?: Buffer;
  readonly saltedPassword?: Buffer;
  readonly iterations: number;
}

/** Java's strict Base64 decoder: the standard alphabet, padded to a multiple of 4. */
function decodeBase64(s: string): Buffer | undefined {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) ? Buffer.from(s, 'base64') : undefined;
}

/** Kafka names the mechanism by its enum constant in the iterations messages. */
const enumName = (m: ScramMechanism): string => m.replace(/-/g, '_');

/** Parses one --add-scram argument. Throws UsageError with Kafka's message. */
export function parseAddScram(arg: string): AddScramEntry {
  const input = arg.trim();
  const eq = input.indexOf('=');
  if (eq < 0) throw new UsageError(`Failed to find equals sign in SCRAM argument '${input}'`);
  const mechanism = input.slice(0, eq);
  const config = input.slice(eq + 1);
  if (!isScramMechanism(mechanism)) throw new UsageError(`The add-scram mechanism ${mechanism} is not supported.`);
  if (!config.startsWith('[')) throw new UsageError('Expected configuration string to start with [');
  if (!config.endsWith(']')) throw new UsageError('Expected configuration string to end with ]');
  const components = new Map<string, string>();
  for (const part of config.slice(1, -1).split(',')) {
    const i = part.indexOf('=');
    if (i < 0) throw new UsageError(`No equals sign found in SCRAM component: ${/password/i.test(part) ? '[hidden]' : part}`);
    let value = part.slice(i + 1);
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    components.set(part.slice(0, i), value);
  }
  const take = (k: string): string | undefined => {
    const v = components.get(k);
    components.delete(k);
    return v;
  };
  const name = take('name');
  if (name === undefined) throw new UsageError("You must supply 'name' to add-scram");
  const saltText = take('salt');
  const salt = saltText === undefined ? undefined : decodeBase64(saltText);
  if (saltText !== undefined && salt === undefined) throw new UsageError(`Failed to decode given salt: ${saltText}`);
  const iterationsText = take('iterations');
  let iterations = SCRAM_DEFAULT_ITERATIONS;
  if (iterationsText !== undefined) {
    iterations = /^[+-]?\d{1,10}$/.test(iterationsText) ? Number(iterationsText) : NaN;
    if (!Number.isSafeInteger(iterations) || iterations > 2 ** 31 - 1 || iterations < -(2 ** 31)) throw new UsageError(`Failed to parse iterations count: ${iterationsText}`);
  }
  const password = take('password');
  const saltedText = take('saltedpassword');
  let saltedPassword: Buffer | undefined;
  if (password === undefined) {
    if (saltedText === undefined) throw new UsageError("You must supply one of 'password' or 'saltedpassword' to add-scram");
    if (salt === undefined) throw new UsageError("You must supply 'salt' with 'saltedpassword' to add-scram");
    saltedPassword = decodeBase64(saltedText);
    if (saltedPassword === undefined) throw new UsageError('Failed to decode given saltedPassword');
  }
  if (components.size > 0) throw new UsageError(`Unknown SCRAM configurations: ${[...components.keys()].sort().join(', ')}`);
  if (iterations < SCRAM_MIN_ITERATIONS) throw new UsageError(`The 'iterations' value must be >= ${SCRAM_MIN_ITERATIONS} for add-scram using ${enumName(mechanism)}`);
  if (iterations > SCRAM_MAX_ITERATIONS) throw new UsageError(`The 'iterations' value must be <= ${SCRAM_MAX_ITERATIONS} for add-scram using ${enumName(mechanism)}`);
  return {
    mechanism,
    name,
    iterations,
    ...(password !== undefined ? { password } : {}),
    ...(salt !== undefined ? { salt } : {}),
    ...(saltedPassword !== undefined ? { saltedPassword } : {}),
  };
}

/** Stores the entries (replacing a user's credential for the same mechanism) with one write. */
export function applyAddScram(store: ScramStore, entries: readonly AddScramEntry[]): void {
  store.apply(
    [],
    entries.map((e) => {
      const salt = e.salt ?? randomSalt();
      const saltedPassword = e.saltedPassword ?? hiSync(scramHash(e.mechanism), e.password ?? '', salt, e.iterations);
      return { user: e.name, mechanism: e.mechanism, iterations: e.iterations, secret: { salt, saltedPassword } };
    }),
  );
}
