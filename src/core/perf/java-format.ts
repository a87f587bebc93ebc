// Java's Formatter for the figures Kafka's perf tools print (%d, %.Nf, %f), so lines match byte for
// byte: Java rounds HALF_UP on the shortest decimal form of the double, and prints NaN/Infinity.

/** `String.format("%.<digits>f", x)` as Java prints it. */
export function javaFixed(x: number, digits = 6): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  // The shortest decimal string that reads back as the same double (what Java rounds from).
  let [intPart, frac] = expandExponent(String(abs)).split('.') as [string, string | undefined];
  frac ??= '';
  if (frac.length > digits) {
    const roundUp = (frac.charCodeAt(digits) - 48) >= 5;
    frac = frac.slice(0, digits);
    if (roundUp) {
      const digitsAll = (intPart + frac).split('').map(Number);
      let i = digitsAll.length - 1;
      while (i >= 0) {
        if ((digitsAll[i] as number) < 9) {
          digitsAll[i] = (digitsAll[i] as number) + 1;
          break;
        }
        digitsAll[i] = 0;
        i--;
      }
      if (i < 0) digitsAll.unshift(1);
      const joined = digitsAll.join('');
      intPart = joined.slice(0, joined.length - digits);
      frac = joined.slice(joined.length - digits);
    }
  }
  frac = frac.padEnd(digits, '0');
  const body = digits > 0 ? `${intPart}.${frac}` : intPart;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/** '1.5e-7' → '0.00000015', '1e+21' → '1000000000000000000000'. */
function expandExponent(s: string): string {
  const m = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (m === null) return s;
  const digits = (m[1] as string) + (m[2] ?? '');
  const point = (m[1] as string).length + Number(m[3]);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Java's Double.toString (what Jackson writes for a double): 0.0, 5.03, 1.0E7, NaN. */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(x);
  if (abs === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  // Java: d.dddE±n with at least one fractional digit.
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exp)}`;
}

/** java.text.SimpleDateFormat for the letters the tool's formats use (y M d H h m s S a, 'quoted'). */
export function simpleDateFormat(pattern: string, ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  return pattern.replace(/'([^']*)'|y+|M+|d+|H+|h+|m+|s+|S+|a/g, (tok, quoted: string | undefined) => {
    if (quoted !== undefined) return quoted === '' ? "'" : quoted;
    const w = tok.length;
    switch (tok.charAt(0)) {
      case 'y':
        return w === 2 ? pad(d.getFullYear() % 100, 2) : pad(d.getFullYear(), w);
      case 'M':
        return pad(d.getMonth() + 1, w);
      case 'd':
        return pad(d.getDate(), w);
      case 'H':
        return pad(d.getHours(), w);
      case 'h':
        return pad(d.getHours() % 12 === 0 ? 12 : d.getHours() % 12, w);
      case 'm':
        return pad(d.getMinutes(), w);
      case 's':
        return pad(d.getSeconds(), w);
      case 'S':
        return pad(d.getMilliseconds(), w);
      default:
        return d.getHours() < 12 ? 'AM' : 'PM';
    }
  });
}
