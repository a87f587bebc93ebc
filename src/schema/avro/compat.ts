// Apache Avro's SchemaCompatibility.checkReaderWriterCompatibility, as Confluent's registry calls it
// for Avro (AvroSchema.isBackwardCompatible), with the same incompatibility types, locations (JSON
// pointers) and messages, and Confluent's Difference wording around them. Its quirks are kept on
// purpose, since clients see them: results are memoised per (reader, writer) object pair, so a
// named type met twice repeats its first findings; the union checks restart the location at the
// root; record names compare unqualified.
import type { Difference } from '../types.js';
import { typeName, type AvroField, type AvroNode } from './model.js';

export type AvroIncompatibility = 'NAME_MISMATCH' | 'FIXED_SIZE_MISMATCH' | 'MISSING_ENUM_SYMBOLS' | 'READER_FIELD_MISSING_DEFAULT_VALUE' | 'TYPE_MISMATCH' | 'MISSING_UNION_BRANCH';

interface Incompat {
  type: AvroIncompatibility;
  message: string;
  location: readonly string[];
}

interface Result {
  compatible: boolean;
  list: Incompat[];
}

const COMPATIBLE: Result = { compatible: true, list: [] };
const merge = (a: Result, b: Result): Result => ({ compatible: a.compatible && b.compatible, list: a.list.length === 0 ? b.list : b.list.length === 0 ? a.list : [...a.list, ...b.list] });
const incompatible = (type: AvroIncompatibility, message: string, location: readonly string[]): Result => ({ compatible: false, list: [{ type, message, location: [...location] }] });

/** Java's Incompatibility.getLocation: a JSON pointer without the root token. */
function pointer(location: readonly string[]): string {
  return `/${location
    .slice(1)
    .map((c) => c.replaceAll('~', '~0').replaceAll('/', '~1'))
    .join('/')}`;
}

class Checker {
  private readonly memo = new Map<AvroNode, Map<AvroNode, Result | 'in-progress'>>();

  fresh(reader: AvroNode, writer: AvroNode): Result {
    return this.check('', reader, writer, []);
  }

  private check(token: string, reader: AvroNode, writer: AvroNode, location: string[]): Result {
    location.push(token);
    let byWriter = this.memo.get(reader);
    if (byWriter === undefined) {
      byWriter = new Map();
      this.memo.set(reader, byWriter);
    }
    const seen = byWriter.get(writer);
    let result: Result;
    if (seen === 'in-progress') result = COMPATIBLE;
    else if (seen !== undefined) result = seen;
    else {
      byWriter.set(writer, 'in-progress');
      result = this.calculate(reader, writer, location);
      byWriter.set(writer, result);
    }
    location.pop();
    return result;
  }

  private calculate(reader: AvroNode, writer: AvroNode, location: string[]): Result {
    const rt = typeName(reader);
    const wt = typeName(writer);
    if (rt === wt) {
      switch (reader.kind) {
        case 'primitive':
          return COMPATIBLE;
        case 'array':
          return this.check('items', reader.items, (writer as typeof reader).items, location);
        case 'map':
          return this.check('values', reader.values, (writer as typeof reader).values, location);
        case 'fixed': {
          const w = writer as typeof reader;
          let r = this.names(reader, w, location);
          location.push('size');
          if (reader.size !== w.size) r = merge(r, incompatible('FIXED_SIZE_MISMATCH', `expected: ${w.size}, found: ${reader.size}`, location));
          location.pop();
          return r;
        }
        case 'enum': {
          const w = writer as typeof reader;
          let r = this.names(reader, w, location);
          location.push('symbols');
          const missing = [...new Set(w.symbols)].filter((s) => !reader.symbols.includes(s)).sort(javaCompare);
          if (missing.length > 0 && !(reader.default !== null && reader.symbols.includes(reader.default))) {
            r = merge(r, incompatible('MISSING_ENUM_SYMBOLS', `[${missing.join(', ')}]`, location));
          }
          location.pop();
          return r;
        }
        case 'record': {
          const w = writer as typeof reader;
          return merge(this.names(reader, w, location), this.fields(reader, w, location));
        }
        case 'union': {
          let r = COMPATIBLE;
          (writer as typeof reader).types.forEach((branch, i) => {
            location.push(String(i));
            if (!this.fresh(reader, branch).compatible) {
              r = merge(r, incompatible('MISSING_UNION_BRANCH', `reader union lacking writer type: ${typeName(branch)}`, location));
            }
            location.pop();
          });
          return r;
        }
      }
    }
    if (writer.kind === 'union') {
      let r = COMPATIBLE;
      writer.types.forEach((branch, i) => {
        r = merge(r, this.check(String(i), reader, branch, location));
      });
      return r;
    }
    if (reader.kind === 'union') {
      for (const branch of reader.types) if (this.fresh(branch, writer).compatible) return COMPATIBLE;
      return incompatible('MISSING_UNION_BRANCH', `reader union lacking writer type: ${wt}`, location);
    }
    const promotable: Record<string, readonly string[]> = { LONG: ['INT'], FLOAT: ['INT', 'LONG'], DOUBLE: ['INT', 'LONG', 'FLOAT'], BYTES: ['STRING'], STRING: ['BYTES'] };
    if (promotable[rt]?.includes(wt) === true) return COMPATIBLE;
    return incompatible('TYPE_MISMATCH', `reader type: ${rt} not compatible with writer type: ${wt}`, location);
  }

  private names(reader: AvroNode & { name: { name: string } }, writer: AvroNode & { name: { name: string; full: string } }, location: string[]): Result {
    location.push('name');
    // Avro 1.12 compares the unqualified names, then the reader's aliases against the writer's full name.
    const ok = reader.name.name === writer.name.name || ('aliases' in reader && reader.aliases.some((a) => a.full === writer.name.full));
    const r = ok ? COMPATIBLE : incompatible('NAME_MISMATCH', `expected: ${writer.name.full}`, location);
    location.pop();
    return r;
  }

  private fields(reader: Extract<AvroNode, { kind: 'record' }>, writer: Extract<AvroNode, { kind: 'record' }>, location: string[]): Result {
    let r = COMPATIBLE;
    location.push('fields');
    for (const rf of reader.fields) {
      location.push(String(rf.pos));
      const wf = lookupWriterField(writer.fields, rf);
      if (wf === undefined) {
        if (rf.default === undefined) {
          // Avro's own oddity: an enum with a default is then checked against the writer record itself.
          if (rf.type.kind === 'enum' && rf.type.default !== null) r = merge(r, this.check('type', rf.type, writer, location));
          else r = merge(r, incompatible('READER_FIELD_MISSING_DEFAULT_VALUE', rf.name, location));
        }
      } else r = merge(r, this.check('type', rf.type, wf.type, location));
      location.pop();
    }
    location.pop();
    return r;
  }
}

function lookupWriterField(writerFields: readonly AvroField[], rf: AvroField): AvroField | undefined {
  const found: AvroField[] = [];
  const direct = writerFields.find((f) => f.name === rf.name);
  if (direct !== undefined) found.push(direct);
  for (const alias of rf.aliases) {
    const w = writerFields.find((f) => f.name === alias);
    if (w !== undefined) found.push(w);
  }
  if (found.length > 1) throw new Error(`Reader record field ${rf.name} matches multiple fields in writer record schema`);
  return found[0];
}

/** Java's String.compareTo (UTF-16 code units), as the TreeSet of missing symbols sorts. */
function javaCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Confluent's avro Difference.error() text for one incompatibility: `%s` slots stay for reader/writer. */
function describe(i: Incompat): string {
  const path = pointer(i.location);
  let description: string;
  switch (i.type) {
    case 'FIXED_SIZE_MISMATCH':
      description = `The size of FIXED type field at path '${path}' in the %s schema does not match with the %s schema`;
      break;
    case 'TYPE_MISMATCH':
      description = `The type (path '${path}') of a field in the %s schema does not match with the %s schema`;
      break;
    case 'NAME_MISMATCH':
      description = `The name of the schema has changed (path '${path}')`;
      break;
    case 'MISSING_ENUM_SYMBOLS':
      description = `The %s schema is missing enum symbols '${i.message}' at path '${path}' in the %s schema`;
      break;
    case 'MISSING_UNION_BRANCH':
      description = `The %s schema is missing a type inside a union field at path '${path}' in the %s schema`;
      break;
    case 'READER_FIELD_MISSING_DEFAULT_VALUE':
      description = `The field '${i.message}' at path '${path}' in the %s schema has no default value and is missing in the %s schema`;
      break;
  }
  return `{errorType:'${i.type}', description:'${description}', additionalInfo:'${i.message}'}`;
}

/** The incompatibilities of reading data written with `writer` using `reader`, in Avro's order. */
export function avroReaderWriterDifferences(reader: AvroNode, writer: AvroNode): Difference[] {
  return new Checker().fresh(reader, writer).list.map((i) => ({ kind: i.type, path: pointer(i.location), message: describe(i) }));
}
