// Avro's JSON encoding of a decoded avsc value, as a writer compiled once per schema: console-consumer
// prints every record with it, and JSON.stringify with a replacer (to turn bytes into Avro's
// one-char-per-byte strings) is several times slower than writing the text directly.
// Unions are wrapped ({"type": value}, avsc's wrapUnions), as Avro's JSON encoding writes them.

/** The parts of an avsc Type the writer reads (avsc's own typings are not imported outside src/schema/). */
interface AvroTypeLike {
  readonly typeName: string;
  readonly fields?: ReadonlyArray<{ readonly name: string; readonly type: AvroTypeLike }>;
  readonly itemsType?: AvroTypeLike;
  readonly valuesType?: AvroTypeLike;
  readonly types?: readonly AvroTypeLike[];
  readonly branchName?: string;
  readonly name?: string;
}

type Writer = (v: unknown) => string;

// Most strings need no escaping: quote them directly (JSON.stringify is the slow path for the rest:
// quotes, backslashes, control characters, and surrogates, which it escapes when lone).
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}
const str = (v: unknown): string => (typeof v === 'string' && plain(v) ? `"${v}"` : JSON.stringify(v));
// JSON has no NaN or Infinity: JSON.stringify writes null, as JSON.stringify of the value would.
const num = (v: unknown): string => (Number.isFinite(v) ? String(v) : 'null');
const latin1 = (v: unknown): string => JSON.stringify((v as Buffer).toString('latin1'));

/** A function writing values of `type` as compact JSON text. */
export function avroJsonWriter(type: unknown): Writer {
  const named = new Map<AvroTypeLike, Writer>();
  const build = (t: AvroTypeLike): Writer => {
    switch (t.typeName) {
      case 'null':
        return () => 'null';
      case 'boolean':
        return (v) => (v === true ? 'true' : 'false');
      case 'int':
      case 'long':
      case 'float':
      case 'double':
        return num;
      case 'string':
      case 'enum':
        return str;
      case 'bytes':
      case 'fixed':
        return latin1;
      case 'array': {
        const item = build(t.itemsType as AvroTypeLike);
        return (v) => {
          const a = v as unknown[];
          let out = '[';
          for (let i = 0; i < a.length; i++) out += (i === 0 ? '' : ',') + item(a[i]);
          return `${out}]`;
        };
      }
      case 'map': {
        const value = build(t.valuesType as AvroTypeLike);
        return (v) => {
          let out = '{';
          let first = true;
          for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
            out += `${first ? '' : ','}${JSON.stringify(k)}:${value(x)}`;
            first = false;
          }
          return `${out}}`;
        };
      }
      case 'record':
      case 'error': {
        const known = named.get(t);
        if (known !== undefined) return known;
        // Named types may recur: the map holds a forwarder until the fields are built.
        let fields: Array<[string, string, Writer]> = [];
        const w: Writer = (v) => {
          const o = v as Record<string, unknown>;
          let out = '{';
          for (let i = 0; i < fields.length; i++) {
            const f = fields[i] as [string, string, Writer];
            out += f[1] + f[2](o[f[0]]);
          }
          return `${out}}`;
        };
        named.set(t, w);
        fields = (t.fields ?? []).map((f, i) => [f.name, `${i === 0 ? '' : ','}${JSON.stringify(f.name)}:`, build(f.type)]);
        return w;
      }
      default:
        if (t.typeName.startsWith('union')) {
          // Each branch's `{"name":` prefix made once, not per value.
          const branches = (t.types ?? [])
            .map((b) => [b.branchName ?? b.name ?? b.typeName, build(b)] as const)
            .filter(([name]) => name !== 'null')
            .map(([name, w]) => [name, `{${JSON.stringify(name)}:`, w] as const);
          return (v) => {
            if (v === null || v === undefined) return 'null';
            const o = v as Record<string, unknown>;
            for (const [name, prefix, w] of branches) if (Object.hasOwn(o, name)) return `${prefix}${w(o[name])}}`;
            return 'null';
          };
        }
        // A logical type or anything newer: what JSON.stringify makes of it.
        return (v) => JSON.stringify(v, (_k, x: unknown) => (Buffer.isBuffer(x) ? x.toString('latin1') : x)) ?? 'null';
    }
  };
  return build(type as AvroTypeLike);
}
