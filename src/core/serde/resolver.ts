// Schemas by id (what a consumer meets in records) and by subject version (what a producer writes
// with), parsed by src/schema/ with their references resolved through the registry, each once.
import type { RegistrySchema, SchemaRegistryClient } from '../../client/schema-registry/client.js';
import { SchemaParseError, type ParsedSchema, type ResolvedReference } from '../../schema/types.js';
import { parseFormat } from './parse.js';

export class SchemaResolver {
  private readonly client: SchemaRegistryClient;
  private readonly byId = new Map<number, Promise<ParsedSchema>>();

  constructor(client: SchemaRegistryClient) {
    this.client = client;
  }

  get registry(): SchemaRegistryClient {
    return this.client;
  }

  /** The schema with this id, parsed; rejects with the registry's error (40403 for an unknown id). */
  byIdParsed(id: number): Promise<ParsedSchema> {
    let p = this.byId.get(id);
    if (p === undefined) {
      p = this.client.schemaById(id).then((s) => this.parse(s, `schema id ${id}`));
      p.catch(() => this.byId.delete(id));
      this.byId.set(id, p);
    }
    return p;
  }

  /** Parses a registry schema, its references (and theirs, dependencies first) fetched by subject version. */
  async parse(s: RegistrySchema, what: string): Promise<ParsedSchema> {
    const resolved: ResolvedReference[] = [];
    const seen = new Set<string>();
    const walk = async (refs: RegistrySchema['references']): Promise<void> => {
      for (const r of refs) {
        const key = `${r.subject}\u0000${r.version}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const v = await this.client.subjectVersion(r.subject, r.version);
        await walk(v.references);
        resolved.push({ name: r.name, subject: r.subject, version: r.version, schema: v.schema });
      }
    };
    await walk(s.references);
    try {
      return await parseFormat(s.schemaType, s.schema, resolved, false);
    } catch (err) {
      if (err instanceof SchemaParseError) throw new SchemaParseError(`${what} (${s.schemaType}) cannot be read: ${err.message}`);
      throw err;
    }
  }
}
