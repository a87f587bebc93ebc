// The JSON format (JSON Schema): validated and compiled with ajv for the dialect the schema's
// `$schema` names (draft-07 when none; 2019-09 and 2020-12 with ajv's own classes; draft-04 and -06
// read as draft-07), references registered under their names so `$ref`s to them resolve, and
// Confluent's JSON Schema diff for compatibility.
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { SchemaParseError, type Difference, type ParsedSchema, type ResolvedReference } from '../types.js';
import { compareReferences } from '../avro/index.js';
import { JavaDouble, javaJsonText, parseJavaJson, type JsonValue } from '../java-json.js';
import { JsonSchemaModel, jsonSchemaDifferences } from './diff.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface JsonSchemaCodec {
  /** null when `value` is valid, else ajv's first error as one line ("/path must be ..."). */
  validate(value: unknown): string | null;
  /** Parses the JSON text of a record value (the bytes after the wire-format header), without copying them first. */
  decode(buf: Buffer): unknown;
  encode(value: unknown): Buffer;
}

function parseJson(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new SchemaParseError(`${what}: invalid JSON: ${(e as Error).message}`);
  }
}

function makeAjv(root: Json): Ajv {
  const dialect = typeof root === 'object' && root !== null && !Array.isArray(root) && typeof root['$schema'] === 'string' ? root['$schema'] : '';
  const opts = { strict: false, allErrors: false, validateFormats: false, logger: false } as const;
  if (dialect.includes('2020-12')) return new Ajv2020(opts);
  if (dialect.includes('2019-09')) return new Ajv2019(opts);
  return new Ajv(opts);
}

/** Confluent's normalisation of a JSON schema (a re-read with ordered properties): object keys sorted, recursively. */
function sortKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null && !(v instanceof JavaDouble)) {
    const out: { [k: string]: JsonValue } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k] as JsonValue);
    return out;
  }
  return v;
}

export class JsonParsedSchema implements ParsedSchema {
  readonly schemaType = 'JSON' as const;
  private codecCache: JsonSchemaCodec | undefined;
  private canonicalText: string | undefined;
  readonly model: JsonSchemaModel;
  readonly text: string;
  readonly references: readonly ResolvedReference[];
  readonly root: Json;
  private readonly validateFn: ValidateFunction;

  private constructor(text: string, references: readonly ResolvedReference[], root: Json, validateFn: ValidateFunction) {
    this.text = text;
    this.references = references;
    this.root = root;
    this.validateFn = validateFn;
    this.model = new JsonSchemaModel(root, new Map(references.map((r) => [r.name, parseJson(r.schema, r.name)])));
  }

  static parse(text: string, references: readonly ResolvedReference[]): JsonParsedSchema {
    const root = parseJson(text, 'schema');
    if (typeof root !== 'boolean' && (typeof root !== 'object' || root === null || Array.isArray(root))) {
      throw new SchemaParseError(`A JSON schema is an object or a boolean, not ${JSON.stringify(root)}`);
    }
    const ajv = makeAjv(root);
    let validate: ValidateFunction;
    try {
      for (const r of references) {
        const refRoot = parseJson(r.schema, r.name);
        if (ajv.getSchema(r.name) === undefined) ajv.addSchema(refRoot as AnySchema, r.name);
      }
      validate = ajv.compile(root);
    } catch (e) {
      throw new SchemaParseError((e as Error).message);
    }
    return new JsonParsedSchema(text, references, root, validate);
  }

  /** Jackson's compact writing of the schema (key order kept, `1.0` stays `1.0`), as Confluent's canonicalString. */
  canonical(): string {
    this.canonicalText ??= javaJsonText(parseJavaJson(this.text));
    return this.canonicalText;
  }

  normalize(): JsonParsedSchema {
    const refs = [...this.references].sort(compareReferences).filter((r, i, a) => i === 0 || compareReferences(a[i - 1] as ResolvedReference, r) !== 0);
    return JsonParsedSchema.parse(javaJsonText(sortKeys(parseJavaJson(this.text))), refs);
  }

  backwardDifferences(writer: ParsedSchema): Difference[] {
    if (!(writer instanceof JsonParsedSchema)) return [{ kind: 'SCHEMA_TYPE', path: '#/', message: 'Incompatible because of different schema type' }];
    return jsonSchemaDifferences(writer.model, this.model);
  }

  codec(): JsonSchemaCodec {
    if (this.codecCache !== undefined) return this.codecCache;
    const validate = this.validateFn;
    this.codecCache = {
      validate: (value) => {
        if (validate(value)) return null;
        const e = validate.errors?.[0];
        return e === undefined ? 'invalid' : `${e.instancePath === '' ? '/' : e.instancePath} ${e.message ?? 'is invalid'}`;
      },
      decode: (buf) => JSON.parse(buf.toString('utf8')) as unknown,
      encode: (value) => Buffer.from(JSON.stringify(value), 'utf8'),
    };
    return this.codecCache;
  }
}
