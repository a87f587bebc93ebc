// The broker's JSON state files (quotas, group and client-metrics configs, dynamic broker configs).
// They are only ever replaced whole, so one that does not parse was damaged from outside: the broker
// refuses to start with one line naming the file and what to do, instead of an internal error.
import fs from 'node:fs';
import { TkafkaError, errnoCode } from '../../shared/errors.js';

/**
 * The parsed document of `file`, null when it does not exist. `check` returns why a parsed
 * document is unusable (or null); `what` names the file's role and `remedy` says what to do.
 */
export function readStateFile<T>(file: string, what: string, remedy: string, check: (doc: unknown) => string | null): T | null {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return null;
    throw err;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (err) {
    throw corruptStateFile(file, what, `not JSON: ${(err as Error).message}`, remedy);
  }
  const why = check(doc);
  if (why !== null) throw corruptStateFile(file, what, why, remedy);
  return doc as T;
}

export function corruptStateFile(file: string, what: string, why: string, remedy: string): TkafkaError {
  return new TkafkaError('BAD_CONFIG', `The ${what} file ${file} is not valid (${why}); ${remedy}.`);
}

/** True for a plain object whose values are all string → string objects. */
export function isNestedStringRecord(v: unknown): boolean {
  if (v === undefined) return true;
  return isPlainObject(v) && Object.values(v).every((inner) => isPlainObject(inner) && Object.values(inner).every((s) => typeof s === 'string'));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
