// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per file, so the
// broker's hot spots can be read without a profiler UI.
import fs from 'node:fs';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Everything but (idle): time the broker's thread was working. */
  busyMs: number;
  functions: ProfileRow[];
  files: ProfileRow[];
}

function shortUrl(url: string): string {
  if (url === '') return '';
  const p = url.startsWith('file://') ? new URL(url).pathname : url;
  const i = p.lastIndexOf('/dist/');
  if (i >= 0) return p.slice(i + 1);
  const j = p.lastIndexOf('/src/');
  if (j >= 0) return p.slice(j + 1);
  return path.basename(p);
}

/**
 * `window`: only samples taken between these two instants of process.hrtime (µs; V8 stamps
 * samples on the same monotonic clock), e.g. while a load generator ran, leaving out start-up and
 * shutdown.
 */
export function summariseProfile(file: string, top = 20, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  for (const n of prof.nodes) byId.set(n.id, n);
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let at = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    const node = byId.get(prof.samples[i] as number);
    const us = prof.timeDeltas[i] ?? 0;
    at += us;
    if (window !== undefined && (at < window.fromUs || at > window.toUs)) continue;
    if (node === undefined || us <= 0) continue;
    total += us;
    const cf = node.callFrame;
    if (cf.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const where = shortUrl(cf.url);
    const key = where === '' ? cf.functionName || '(anonymous)' : `${cf.functionName || '(anonymous)'} ${where}:${cf.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const fileKey = where === '' ? cf.functionName : where.startsWith('node:') ? 'node: internals' : where;
    files.set(fileKey, (files.get(fileKey) ?? 0) + us);
  }
  const busy = total - idle;
  const rows = (m: Map<string, number>): ProfileRow[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busy > 0 ? us / busy : 0 }));
  return { totalMs: total / 1000, busyMs: busy / 1000, functions: rows(fn), files: rows(files) };
}

export function printProfile(title: string, s: ProfileSummary): void {
  console.log(`\n  ${title}: ${s.busyMs.toFixed(0)} ms busy of ${s.totalMs.toFixed(0)} ms sampled (self time, share of busy)`);
  for (const r of s.functions) console.log(`    ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`);
  console.log('    by file:');
  for (const r of s.files.slice(0, 10)) console.log(`    ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`);
}
