// JSON as Jackson reads and writes it (Avro's Java library; Confluent's JSON Schema canonical
// strings): a number written with a fraction or an exponent is a double (printed back by Java's
// Double.toString: `1.0`, `1.0E10`), an integral one an integer; strings escape control characters
// with upper-case hex. JSON.parse would lose the difference between `1` and `1.0`, which Confluent's
// canonical strings keep.

/** A number whose text had a fraction or an exponent: Jackson's DoubleNode. */
export class JavaDouble {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }
}

export type JsonValue = null | boolean | number | JavaDouble | string | JsonValue[] | { [k: string]: JsonValue };

/** Java's Double.toString. */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = d.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) {
      const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      out += short[c] ?? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Compact JSON as Jackson writes a tree (key order kept). */
export function javaJsonText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (v instanceof JavaDouble) return javaDouble(v.value);
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(javaJsonText).join(',')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${jsonString(k)}:${javaJsonText(x)}`)
    .join(',')}}`;
}

/** The numeric value of a JSON number, whichever kind; undefined for anything else. */
export function numberOf(v: JsonValue | undefined): number | undefined {
  return typeof v === 'number' ? v : v instanceof JavaDouble ? v.value : undefined;
}

/** Parses JSON text, keeping double-ness of numbers; a syntax error throws a SyntaxError naming the position. */
export function parseJavaJson(text: string): JsonValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${i}`);
  };
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: { [k: string]: JsonValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('Expected a property name');
        const k = str();
        ws();
        if (text[i] !== ':') fail("Expected ':'");
        i++;
        // Jackson keeps the last of duplicate keys (in the first one's place), as JavaScript objects do.
        o[k] = value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return o;
        } else fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const a: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return a;
        } else fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) return fail(c === undefined ? 'Unexpected end of input' : `Unexpected character ${JSON.stringify(c)}`);
    i += m[0].length;
    const n = Number(m[0]);
    return m[1] !== undefined || m[2] !== undefined ? new JavaDouble(n) : n;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('Unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const v = value();
  ws();
  if (i < text.length) fail('Unexpected trailing content');
  return v;
}
