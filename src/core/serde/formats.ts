// The console tools' --key-format/--value-format names and the registry's schema types. Light:
// imported by option checks, before any codec loads.
import { ERROR_CODES, TkafkaError } from '../../shared/errors.js';

export const SCHEMA_FORMATS = ['avro', 'protobuf', 'json-schema'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

export const FORMAT_SCHEMA_TYPE: Readonly<Record<SchemaFormat, 'AVRO' | 'PROTOBUF' | 'JSON'>> = { avro: 'AVRO', protobuf: 'PROTOBUF', 'json-schema': 'JSON' };

/** `--value-format`/`--key-format`: a schema format, or undefined for raw bytes (`raw`, `string`, `bytes`). */
export function schemaFormat(raw: string | undefined, option: string): SchemaFormat | undefined {
  if (raw === undefined) return undefined;
  const v = raw.trim().toLowerCase();
  if (v === 'raw' || v === 'bytes' || v === 'string') return undefined;
  if (v === 'json_schema' || v === 'jsonschema' || v === 'json') return 'json-schema';
  if (v === 'proto') return 'protobuf';
  if ((SCHEMA_FORMATS as readonly string[]).includes(v)) return v as SchemaFormat;
  throw new TkafkaError(ERROR_CODES.USAGE, `${option}: unknown format '${raw}' (avro, protobuf, json-schema, or raw).`, { exitCode: 2 });
}
