// Kafka's inline JAAS configuration (`sasl.jaas.config`), the one parser of the broker's
// (`listener.name.<l>.<mech>.sasl.jaas.config`) and the clients' (`--command-config`) settings:
//   <LoginModule class> <flag> key=value ... ;   [more entries]
// tokenised like Java's StreamTokenizer as Kafka's JaasConfig uses it: words, '…' or "…" strings
// with backslash escapes, // and /* */ comments. A JaasSyntaxError carries Kafka's message (which
// names at most an option key, never a value) and where the parse stopped, so each caller can word
// it its own way.

export interface JaasEntry {
  readonly loginModule: string;
  readonly controlFlag: 'required' | 'requisite' | 'sufficient' | 'optional';
  readonly options: Readonly<Record<string, string>>;
}

export type JaasSyntaxProblem =
  /** No login module class where an entry starts. */
  | { readonly kind: 'no-module' }
  /** The control flag is missing (`found` undefined) or not one of JAAS's four. */
  | { readonly kind: 'bad-flag'; readonly loginModule: string; readonly found: string | undefined }
  /**
   * An option without `= value`. `key` is the token where a key was expected (a string or a
   * single character when `keyIsWord` is false), `keyStart` its offset, `at` the offset of what
   * came instead of '=' (the text's length at its end).
   */
  | { readonly kind: 'no-value'; readonly key: string; readonly keyIsWord: boolean; readonly keyStart: number; readonly at: number }
  /** The text ends inside an entry; `openQuoteKey` names the option whose quoted value never closed. */
  | { readonly kind: 'no-semicolon'; readonly openQuoteKey: string | undefined };

export class JaasSyntaxError extends Error {
  readonly problem: JaasSyntaxProblem;

  constructor(message: string, problem: JaasSyntaxProblem) {
    super(message);
    this.problem = problem;
  }
}

type Token = { kind: 'word' | 'string' | 'char'; text: string; start: number; end: number; open?: boolean };

const isWordChar = (c: string): boolean => /[A-Za-z0-9_\-$.]/.test(c) || (c >= '\u00a0' && c <= '\u00ff');

const ESCAPES: Readonly<Record<string, string>> = { a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\u000b' };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const start = i;
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
      const closed = text[i] === c;
      if (closed) i++;
      out.push({ kind: 'string', text: s, start, end: i, ...(closed ? {} : { open: true }) });
    } else if (isWordChar(c)) {
      while (i < text.length && isWordChar(text[i] as string)) i++;
      out.push({ kind: 'word', text: text.slice(start, i), start, end: i });
    } else {
      i++;
      out.push({ kind: 'char', text: c, start, end: i });
    }
  }
  return out;
}

const FLAGS = ['required', 'requisite', 'sufficient', 'optional'] as const;

/** Parses one inline JAAS configuration. Throws JaasSyntaxError with Kafka's message. */
export function parseJaasConfig(text: string): JaasEntry[] {
  const tokens = tokenize(text);
  const entries: JaasEntry[] = [];
  let i = 0;
  const valueOf = (t: Token | undefined): string | undefined => (t && t.kind !== 'char' ? t.text : undefined);
  while (i < tokens.length) {
    const loginModule = valueOf(tokens[i++]);
    if (loginModule === undefined) throw new JaasSyntaxError('Login module not specified in JAAS config', { kind: 'no-module' });
    const flagToken = tokens[i++];
    const found = valueOf(flagToken);
    const flag = (found ?? '').toLowerCase();
    if (!(FLAGS as readonly string[]).includes(flag)) {
      const message =
        flagToken === undefined
          ? 'Login module control flag not specified in JAAS config'
          : found === undefined
            ? 'Login module control flag is not available in the JAAS config'
            : `Invalid login module control flag '${found}' in JAAS config`;
      throw new JaasSyntaxError(message, { kind: 'bad-flag', loginModule, found });
    }
    const options: Record<string, string> = {};
    let terminated = false;
    let openQuoteKey: string | undefined;
    while (i < tokens.length) {
      const t = tokens[i++] as Token;
      if (t.kind === 'char' && t.text === ';') {
        terminated = true;
        break;
      }
      const key = t.text;
      const eq = tokens[i++];
      const valueToken = tokens[i++];
      const value = valueOf(valueToken);
      if (eq === undefined || eq.kind !== 'char' || eq.text !== '=' || value === undefined) {
        throw new JaasSyntaxError(`Value not specified for key '${key}' in JAAS config`, { kind: 'no-value', key, keyIsWord: t.kind === 'word', keyStart: t.start, at: eq?.start ?? text.length });
      }
      if (valueToken?.open === true) openQuoteKey = key;
      options[key] = value;
    }
    if (!terminated) throw new JaasSyntaxError('JAAS config entry not terminated by semi-colon', { kind: 'no-semicolon', openQuoteKey });
    entries.push({ loginModule, controlFlag: flag as JaasEntry['controlFlag'], options });
  }
  if (entries.length === 0) throw new JaasSyntaxError('Login module not specified in JAAS config', { kind: 'no-module' });
  return entries;
}
