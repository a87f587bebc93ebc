// The broker's ACLs on disk: `<data dir>/.acls.json`, rewritten whole through the one atomic writer
// (0600, temp file and rename, fsynced) after every CreateAcls/DeleteAcls that changed something, and
// read once at start. Enum values are stored by their Kafka names so the file reads like kafka-acls
// output and survives any renumbering.
import fs from 'node:fs';
import path from 'node:path';
import { TkafkaError, errnoCode } from '../../shared/errors.js';
import { AclOperation, AclPermissionType, PatternType, ResourceType, namedBinding, type AclBinding, type NamedAclBinding } from '../../protocol/acl.js';
import { writeFileAtomic } from '../fs/atomic.js';

export const ACL_FILE = '.acls.json';
const VERSION = 1;

type StoredAcl = NamedAclBinding;

function code(table: Readonly<Record<string, number>>, name: unknown, what: string, file: string): number {
  const c = typeof name === 'string' ? table[name] : undefined;
  if (c === undefined || c <= 1) throw corrupt(file, `unknown ${what} ${JSON.stringify(name)}`);
  return c;
}

function text(v: unknown, what: string, file: string): string {
  if (typeof v !== 'string') throw corrupt(file, `${what} is not a string`);
  return v;
}

function corrupt(file: string, why: string): TkafkaError {
  return new TkafkaError('BAD_CONFIG', `The ACL file ${file} is not valid (${why}); restore it from a backup or remove it to start without ACLs.`);
}

export class AclStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, ACL_FILE);
  }

  /** The stored ACLs, none when the file does not exist. */
  load(): AclBinding[] {
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch {
      throw corrupt(this.file, 'not JSON');
    }
    if (typeof doc !== 'object' || doc === null || (doc as { version?: unknown }).version !== VERSION || !Array.isArray((doc as { acls?: unknown }).acls)) {
      throw corrupt(this.file, `expected {"version": ${VERSION}, "acls": [...]}`);
    }
    return ((doc as { acls: unknown[] }).acls as Partial<Record<keyof StoredAcl, unknown>>[]).map((a) => ({
      resourceType: code(ResourceType, a.resourceType, 'resource type', this.file),
      resourceName: text(a.name, 'name', this.file),
      patternType: code(PatternType, a.patternType, 'pattern type', this.file),
      principal: text(a.principal, 'principal', this.file),
      host: text(a.host, 'host', this.file),
      operation: code(AclOperation, a.operation, 'operation', this.file),
      permissionType: code(AclPermissionType, a.permissionType, 'permission type', this.file),
    }));
  }

  save(bindings: readonly AclBinding[]): void {
    const acls: StoredAcl[] = bindings.map(namedBinding);
    writeFileAtomic(this.file, `${JSON.stringify({ version: VERSION, acls }, null, 1)}\n`);
  }
}
