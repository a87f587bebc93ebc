// Kafka's inline JAAS configuration (`sasl.jaas.config`, `listener.name.<l>.<mech>.sasl.jaas.config`):
//   <LoginModule class> <flag> key=value ... ;   [more entries]
// tokenised like Java's StreamTokenizer as Kafka's JaasConfig uses it: words, '…' or "…" strings
// with backslash escapes, // and /* */ comments. Error texts are Kafka's and never show a value.

export interface JaasEntry {
  readonly loginModule: string;
  readonly controlFlag: 'required' | 'requisite' | 'sufficient' | 'optional';
  readonly options: Readonly<Record<string, string>>;
}

export const PLAIN_LOGIN_MODULE = 'org.apache.kafka.common.security.plain.PlainLoginModule';
export const SCRAM_LOGIN_MODULE = 'org.apache.kafka.common.security.scram.ScramLoginModule';
export const OAUTHBEARER_LOGIN_MODULE = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule';

type Token = { kind: 'word' | 'string'; text: string } | { kind: 'char'; text: string };

const isWordChar = (c: string): boolean => /[A-Za-z0-9_\-$.]/.test(c) || (c >= '\u00a0' && c <= '\u00ff');

const ESCAPES: Readonly<Record<string, string>> = { a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\u000b' };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'") {
      let s = '';
      i++;
      // As StreamTokenizer: the string ends at the matching quote or at the end of the line.
      while (i < text.length && text[i] !== c && text[i] !== '\n' && text[i] !== '\r') {
        let ch = text[i++] as string;
        if (ch === '\\' && i < text.length) {
          const e = text[i++] as string;
          if (/[0-7]/.test(e)) {
            let oct = e;
            const max = e <= '3' ? 2 : 1;
            for (let k = 0; k < max && /[0-7]/.test(text[i] ?? ''); k++) oct += text[i++] as string;
            ch = String.fromCharCode(parseInt(oct, 8));
          } else {
            ch = ESCAPES[e] ?? e;
          }
        }
        s += ch;
      }
      if (text[i] === c) i++;
      out.push({ kind: 'string', text: s });
    } else if (isWordChar(c)) {
      let s = '';
      while (i < text.length && isWordChar(text[i] as string)) s += text[i++] as string;
      out.push({ kind: 'word', text: s });
    } else {
      out.push({ kind: 'char', text: c });
      i++;
    }
  }
  return out;
}

const FLAGS = ['required', 'requisite', 'sufficient', 'optional'] as const;

/** Parses one inline JAAS configuration. Throws Error with Kafka's message. */
export function parseJaasConfig(text: string): JaasEntry[] {
  const tokens = tokenize(text);
  const entries: JaasEntry[] = [];
  let i = 0;
  const valueOf = (t: Token | undefined): string | undefined => (t && t.kind !== 'char' ? t.text : undefined);
  while (i < tokens.length) {
    const loginModule = valueOf(tokens[i++]);
    if (loginModule === undefined) throw new Error('Login module not specified in JAAS config');
    const flagToken = tokens[i++];
    if (flagToken === undefined) throw new Error('Login module control flag not specified in JAAS config');
    const flag = (valueOf(flagToken) ?? '').toLowerCase();
    if (!(FLAGS as readonly string[]).includes(flag)) {
      throw new Error(valueOf(flagToken) === undefined ? 'Login module control flag is not available in the JAAS config' : `Invalid login module control flag '${valueOf(flagToken)}' in JAAS config`);
    }
    const options: Record<string, string> = {};
    let terminated = false;
    while (i < tokens.length) {
      const t = tokens[i++] as Token;
      if (t.kind === 'char' && t.text === ';') {
        terminated = true;
        break;
      }
      const key = t.text;
      const eq = tokens[i++];
      const value = valueOf(tokens[i++]);
      if (eq === undefined || eq.kind !== 'char' || eq.text !== '=' || value === undefined) throw new Error(`Value not specified for key '${key}' in JAAS config`);
      options[key] = value;
    }
    if (!terminated) throw new Error('JAAS config entry not terminated by semi-colon');
    entries.push({ loginModule, controlFlag: flag as JaasEntry['controlFlag'], options });
  }
  if (entries.length === 0) throw new Error('Login module not specified in JAAS config');
  return entries;
}

/**
 * The JAAS text for `mechanism` on `listenerName`: `listener.name.<listener>.<mechanism>.sasl.jaas.config`
 * (names lower-cased, as Kafka prefixes them), else the broker-wide `sasl.jaas.config`.
 */
export function jaasConfigText(raw: Readonly<Record<string, string>>, listenerName: string, mechanism: string): string | undefined {
  const wanted = `listener.name.${listenerName.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`;
  for (const [k, v] of Object.entries(raw)) if (k.toLowerCase() === wanted) return v;
  return raw['sasl.jaas.config'];
}

/** The options of the first entry of `loginModule` (Kafka's JaasContext.configEntryOption). */
export function moduleOptions(entries: readonly JaasEntry[], loginModule: string): Readonly<Record<string, string>> | undefined {
  return entries.find((e) => e.loginModule === loginModule)?.options;
}

/** PLAIN users: the `user_<name>="<password>"` options of PlainLoginModule entries. */
export function plainUsers(entries: readonly JaasEntry[]): Map<string, string> {
  const users = new Map<string, string>();
  for (const e of entries) {
    if (e.loginModule !== PLAIN_LOGIN_MODULE) continue;
    for (const [k, v] of Object.entries(e.options)) if (k.startsWith('user_') && !users.has(k.slice(5))) users.set(k.slice(5), v);
  }
  return users;
}
