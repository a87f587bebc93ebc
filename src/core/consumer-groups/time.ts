// The two time formats --reset-offsets takes: Kafka's Utils.getDateTime (ISO-8601 local date-time
// with milliseconds and an optional zone, UTC when absent) and java.time.Duration.parse.

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch milliseconds of `yyyy-MM-ddTHH:mm:ss.SSS[Z|±HH|±HHmm|±HH:mm]`; null when it does not parse (strictly). */
export function parseKafkaDateTime(text: string): number | null {
  const m = DATETIME.exec(text);
  if (m === null) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number) as [number, number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls over (Feb 30 → Mar 2); a strict parser refuses it.
  if (new Date(local).getUTCDate() !== d) return null;
  const zone = m[8];
  let offsetMin = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const zh = Number(digits.slice(0, 2));
    const zm = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (zh > 23 || zm > 59) return null;
    offsetMin = sign * (zh * 60 + zm);
  }
  return local - offsetMin * 60_000;
}

const DURATION = /^([-+]?)P(?:([-+]?\d+)D)?(T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/i;

/** java.time.Duration.parse (`PnDTnHnMn.nS`, signs allowed) in milliseconds; null when invalid. */
export function parseIsoDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (m === null) return null;
  const [, sign, days, t, hours, minutes, seconds, fraction] = m;
  if (t !== undefined && t.toUpperCase() === 'T') return null;
  if (days === undefined && hours === undefined && minutes === undefined && seconds === undefined) return null;
  const n = (v: string | undefined): number => (v === undefined ? 0 : Number(v));
  let ms = n(days) * 86_400_000 + n(hours) * 3_600_000 + n(minutes) * 60_000 + n(seconds) * 1000;
  if (fraction !== undefined && fraction !== '') {
    const frac = Math.floor(Number(fraction.padEnd(9, '0')) / 1_000_000);
    ms += (seconds ?? '').startsWith('-') ? -frac : frac;
  }
  return sign === '-' ? -ms : ms;
}
