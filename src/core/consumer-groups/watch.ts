// `--describe --watch`: successive describe snapshots turned into rates (messages consumed and
// produced per second over the last interval), total lag, a time-to-zero estimate and a lag
// history, plus the screen and JSON-line renderings. No I/O here: the CLI owns the loop.
import type { GroupOffsets } from './describe.js';
import { MISSING } from './render.js';
import { tpKey } from './types.js';

export interface PartitionWatch {
  topic: string;
  partition: number;
  currentOffset: number | null;
  logEndOffset: number | null;
  lag: number | null;
  consumedPerSec: number | null;
  producedPerSec: number | null;
  consumerId: string | null;
  host: string | null;
}

export interface GroupWatch {
  group: string;
  state: string;
  members: number;
  totalLag: number;
  consumedPerSec: number | null;
  producedPerSec: number | null;
  /** Seconds until the lag reaches zero at the current rates; 0 when there is none, null when it is not shrinking. */
  etaSeconds: number | null;
  /** Total lag of the latest samples, oldest first (the sparkline). */
  history: number[];
  partitions: PartitionWatch[];
}

export interface WatchFrame {
  /** Epoch ms of the sample. */
  time: number;
  /** Seconds since the previous sample; null for the first. */
  intervalSec: number | null;
  groups: GroupWatch[];
}

const HISTORY = 30;

function n(v: bigint | null): number | null {
  return v === null ? null : Number(v);
}

function rate(now: number | null, before: number | null | undefined, seconds: number | null): number | null {
  if (now === null || before === null || before === undefined || seconds === null || seconds <= 0) return null;
  return Math.max(0, (now - before) / seconds);
}

/** Keeps the previous sample of each partition and the lag history of each group. */
export class LagTracker {
  private previous: { time: number; offsets: Map<string, { current: number | null; end: number | null }> } | null = null;
  private readonly histories = new Map<string, number[]>();

  update(time: number, groups: readonly GroupOffsets[]): WatchFrame {
    const seconds = this.previous === null ? null : (time - this.previous.time) / 1000;
    const offsets = new Map<string, { current: number | null; end: number | null }>();
    const out: GroupWatch[] = [];
    for (const g of groups) {
      let consumed: number | null = null;
      let produced: number | null = null;
      const partitions = g.rows.map((r) => {
        const key = `${g.group}\u0000${tpKey(r.topic, r.partition)}`;
        const current = n(r.currentOffset);
        const end = n(r.logEndOffset);
        offsets.set(key, { current, end });
        const before = this.previous?.offsets.get(key);
        const c = rate(current, before?.current, seconds);
        const p = rate(end, before?.end, seconds);
        if (c !== null) consumed = (consumed ?? 0) + c;
        if (p !== null) produced = (produced ?? 0) + p;
        return { topic: r.topic, partition: r.partition, currentOffset: current, logEndOffset: end, lag: n(r.lag), consumedPerSec: c, producedPerSec: p, consumerId: r.consumerId, host: r.host };
      });
      const totalLag = partitions.reduce((acc, p) => acc + (p.lag ?? 0), 0);
      const history = [...(this.histories.get(g.group) ?? []), totalLag].slice(-HISTORY);
      this.histories.set(g.group, history);
      out.push({
        group: g.group,
        state: g.state,
        members: new Set(g.rows.flatMap((r) => (r.consumerId === null ? [] : [r.consumerId]))).size,
        totalLag,
        consumedPerSec: consumed,
        producedPerSec: produced,
        etaSeconds: etaSeconds(totalLag, consumed, produced),
        history,
        partitions,
      });
    }
    this.previous = { time, offsets };
    return { time, intervalSec: seconds, groups: out };
  }
}

export function etaSeconds(lag: number, consumed: number | null, produced: number | null): number | null {
  if (lag <= 0) return 0;
  if (consumed === null) return null;
  const net = consumed - (produced ?? 0);
  return net > 0 ? lag / net : null;
}

const BARS = '▁▂▃▄▅▆▇█';

/** One bar per value, scaled from 0 to the largest value shown. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 ? BARS[0] : BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))])).join('');
}

/** `45s`, `3m05s`, `2h01m`; `-` when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return MISSING;
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatRate(r: number | null): string {
  if (r === null) return MISSING;
  return r >= 100 ? String(Math.round(r)) : r.toFixed(1);
}

function cell(v: number | string | null): string {
  return v === null ? MISSING : String(v);
}

/** The terminal screen: a header per group and a table per partition. Lines are not padded to the width. */
export function renderWatchScreen(frame: WatchFrame, opts: { intervalMs: number; bootstrap: string; columns: number }): string[] {
  const clock = new Date(frame.time).toTimeString().slice(0, 8);
  const lines: string[] = [`Every ${(opts.intervalMs / 1000).toFixed(1)}s  ${opts.bootstrap}  ${clock}   (Ctrl-C to quit)`];
  for (const g of frame.groups) {
    lines.push('');
    lines.push(
      `GROUP ${g.group}  STATE ${g.state}  MEMBERS ${g.members}  LAG ${g.totalLag}  ` +
        `CONSUMED ${formatRate(g.consumedPerSec)}/s  PRODUCED ${formatRate(g.producedPerSec)}/s  TIME-TO-ZERO ${formatEta(g.etaSeconds)}`,
    );
    lines.push(`LAG HISTORY ${sparkline(g.history)}`);
    const head = ['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMED/s', 'PRODUCED/s', 'CONSUMER-ID', 'HOST'];
    const rows = g.partitions.map((p) => [
      p.topic,
      String(p.partition),
      cell(p.currentOffset),
      cell(p.logEndOffset),
      cell(p.lag),
      formatRate(p.consumedPerSec),
      formatRate(p.producedPerSec),
      cell(p.consumerId),
      cell(p.host),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const fmt = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
    lines.push(fmt(head));
    for (const r of rows) lines.push(fmt(r));
  }
  // A wrapped line would break the cursor arithmetic of the redraw.
  return lines.map((l) => (opts.columns > 0 && [...l].length > opts.columns ? [...l].slice(0, opts.columns).join('') : l));
}

/** One JSON object per interval (pipes). */
export function watchJson(frame: WatchFrame): unknown {
  return {
    time: new Date(frame.time).toISOString(),
    intervalSec: frame.intervalSec,
    groups: frame.groups.map((g) => ({
      group: g.group,
      state: g.state,
      members: g.members,
      totalLag: g.totalLag,
      consumedPerSec: g.consumedPerSec,
      producedPerSec: g.producedPerSec,
      etaSeconds: g.etaSeconds,
      partitions: g.partitions.map((p) => ({
        topic: p.topic,
        partition: p.partition,
        currentOffset: p.currentOffset,
        logEndOffset: p.logEndOffset,
        lag: p.lag,
        consumedPerSec: p.consumedPerSec,
        producedPerSec: p.producedPerSec,
      })),
    })),
  };
}
