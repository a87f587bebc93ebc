// src/schema/'s parseSchema, loading only the format asked for: `--value-format avro` needs avsc,
// not protobufjs and ajv too (about 200 ms of a console-consumer's start on a loaded machine).
import { SchemaParseError, type ParsedSchema, type ResolvedReference, type SchemaType } from '../../schema/types.js';

/** Parses `text` as `type`; throws SchemaParseError (the format's reason) for a bad schema. */
export async function parseFormat(type: SchemaType, text: string, references: readonly ResolvedReference[], isNew: boolean): Promise<ParsedSchema> {
  try {
    switch (type) {
      case 'AVRO':
        return (await import('../../schema/avro/index.js')).AvroParsedSchema.parse(text, references, isNew);
      case 'PROTOBUF':
        return (await import('../../schema/protobuf/index.js')).ProtobufParsedSchema.parse(text, references);
      case 'JSON':
        return (await import('../../schema/json/index.js')).JsonParsedSchema.parse(text, references);
    }
  } catch (e) {
    if (e instanceof SchemaParseError) throw e;
    throw new SchemaParseError(e instanceof Error ? e.message : String(e));
  }
}
