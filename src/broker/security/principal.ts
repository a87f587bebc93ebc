// The principal of an mTLS client: its certificate's subject in RFC 2253 form (as Java's
// X500Principal.getName() gives it to Kafka) through `ssl.principal.mapping.rules`, as Kafka's
// SslPrincipalMapper applies them.
import type { X509Certificate } from 'node:crypto';
import { TkafkaError } from '../../shared/errors.js';

// Attribute types Java's RFC 2253 output names by keyword; any other appears as <oid>=#<hex DER>.
const RFC2253_KEYWORDS = new Set(['CN', 'C', 'L', 'ST', 'O', 'OU', 'STREET', 'DC', 'UID']);
const OIDS: Readonly<Record<string, string>> = { emailAddress: '1.2.840.113549.1.9.1' };

/**
 * The subject as Java prints it: most specific RDN first, `,` between RDNs, `+` inside one. Node's
 * `subject` lists RDNs in certificate order, one a line, values already escaped per RFC 2253.
 */
export function rfc2253Subject(cert: X509Certificate): string {
  return cert.subject
    .split('\n')
    .filter((l) => l !== '')
    .reverse()
    .map((rdn) => rdn.split(' + ').map(attribute).join('+'))
    .join(',');
}

function attribute(ava: string): string {
  const eq = ava.indexOf('=');
  const type = ava.slice(0, eq);
  const value = ava.slice(eq + 1);
  if (RFC2253_KEYWORDS.has(type)) return ava;
  const oid = OIDS[type];
  if (oid === undefined) return ava;
  // Java prints an unknown keyword's value as the hex of its DER encoding (an IA5String for email).
  const bytes = Buffer.from(value.replace(/\\(.)/g, '$1'), 'utf8');
  return `${oid}=#16${bytes.length.toString(16).padStart(2, '0')}${bytes.toString('hex')}`;
}

interface Rule {
  readonly isDefault: boolean;
  readonly pattern?: RegExp;
  readonly source?: string;
  readonly replacement?: string;
  readonly lower?: boolean;
  readonly upper?: boolean;
}

// Kafka's grammar: DEFAULT, or RULE:<pattern>/<replacement>/[LU] where `\` escapes a `/`.
const RULE = String.raw`(DEFAULT)|RULE:((?:\\.|[^\\/])*)/((?:\\.|[^\\/])*)/([LU]?)`;

function badRules(message: string): TkafkaError {
  return new TkafkaError('BAD_CONFIG', `invalid broker config: ssl.principal.mapping.rules: ${message}`, { exitCode: 2 });
}

/** `ssl.principal.mapping.rules` applied in order; the first rule whose pattern matches the whole DN wins. */
export class SslPrincipalMapper {
  private readonly rules: Rule[];
  private readonly text: string;

  constructor(rules: string | undefined) {
    this.text = (rules ?? 'DEFAULT').trim();
    this.rules = parseRules(this.text);
  }

  /** The mapped name, or a NoMatchingRule error (the connection then fails authentication, as in Kafka). */
  name(dn: string): string {
    for (const r of this.rules) {
      const out = apply(r, dn);
      if (out !== undefined) return out;
    }
    throw new Error(`No rules apply to ${dn}, rules [${this.rules.map(describe).join(', ')}]`);
  }
}

function parseRules(text: string): Rule[] {
  const out: Rule[] = [];
  const splitter = new RegExp(String.raw`\s*(${RULE}|[^,]*?)\s*(?:,\s*|$)`, 'y');
  let pos = 0;
  while (pos < text.length) {
    splitter.lastIndex = pos;
    const m = splitter.exec(text);
    if (m === null || m[0] === '') break;
    pos = splitter.lastIndex;
    const whole = m[1] ?? '';
    if (whole === '') continue; // empty rules are ignored
    if (m[2] !== undefined) {
      out.push({ isDefault: true });
      continue;
    }
    if (m[3] === undefined) throw badRules(`invalid rule: ${whole}`);
    const source = m[3];
    let pattern: RegExp;
    try {
      pattern = new RegExp(source, 'g');
    } catch (err) {
      throw badRules(`invalid pattern in ${whole}: ${(err as Error).message}`);
    }
    out.push({ isDefault: false, pattern, source, replacement: javaReplacement(m[4] ?? ''), lower: m[5] === 'L', upper: m[5] === 'U' });
  }
  return out;
}

/** Java's replacement syntax (`$1`, `\x` for a literal x) in JavaScript's (`$1`, `$$` for `$`). */
function javaReplacement(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      const next = s[++i] as string;
      out += next === '$' ? '$$' : next;
    } else out += c;
  }
  return out;
}

function apply(r: Rule, dn: string): string | undefined {
  if (r.isDefault) return dn;
  const re = r.pattern as RegExp;
  const full = new RegExp(`^(?:${re.source})$`);
  if (!full.test(dn)) return undefined;
  re.lastIndex = 0;
  const out = dn.replace(re, r.replacement ?? '');
  if (r.lower === true) return out.toLowerCase();
  if (r.upper === true) return out.toUpperCase();
  return out;
}

function describe(r: Rule): string {
  if (r.isDefault) return 'DEFAULT';
  return `RULE:${r.source ?? ''}/${r.replacement ?? ''}${r.lower === true ? '/L' : r.upper === true ? '/U' : ''}`;
}
