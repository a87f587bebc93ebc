// The headline numbers of `tkafka broker status`, read from the running broker's /metrics (metrics.port):
// two scrapes an interval apart give messages and bytes in per second; the second one gives the open
// connections and the group with the most lag. Only the few series it needs are parsed.
import http from 'node:http';

export interface MetricsHeadline {
  /** The endpoint read, e.g. http://127.0.0.1:9644/metrics. */
  url: string;
  /** How far apart the two scrapes were. */
  intervalMs: number;
  messagesInPerSec: number;
  bytesInPerSec: number;
  connections: number;
  /** The group with the largest total lag (kafka_consumergroup_lag_sum over its topics), null when no group has committed. */
  worstGroup: { group: string; lag: number; lagSeconds: number | null } | null;
}

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Samples of the named families in Prometheus text (no HELP/TYPE, no timestamps needed). */
export function parseSamples(text: string, names: ReadonlySet<string>): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.lastIndexOf(' ');
    const name = brace >= 0 && brace < space ? line.slice(0, brace) : line.slice(0, space);
    if (!names.has(name)) continue;
    const labels: Record<string, string> = {};
    if (brace >= 0 && brace < space) {
      const body = line.slice(brace + 1, line.lastIndexOf('}'));
      for (const m of body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[m[1] as string] = (m[2] as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      }
    }
    const value = Number(line.slice(space + 1));
    const list = out.get(name);
    if (list === undefined) out.set(name, [{ labels, value }]);
    else list.push({ labels, value });
  }
  return out;
}

const NAMES = new Set([
  'kafka_server_brokertopicmetrics_messagesin_total',
  'kafka_server_brokertopicmetrics_bytesin_total',
  'kafka_server_socket_server_metrics_connection_count',
  'kafka_consumergroup_lag_sum',
  'kafka_consumergroup_group_max_lag_seconds',
]);

/** The all-topics series (no topic label) of a BrokerTopicMetrics counter. */
function allTopics(samples: Map<string, Sample[]>, name: string): number {
  return samples.get(name)?.find((s) => s.labels['topic'] === undefined)?.value ?? 0;
}

function get(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode ?? '?'}`))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** Reads the headline from `url` with two scrapes `intervalMs` apart. */
export async function readMetricsHeadline(url: string, intervalMs = 1000, timeoutMs = 3000): Promise<MetricsHeadline> {
  const first = parseSamples(await get(url, timeoutMs), NAMES);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, intervalMs));
  const second = parseSamples(await get(url, timeoutMs), NAMES);
  const elapsed = Math.max(1, performance.now() - t0);
  const rate = (name: string): number => Math.max(0, allTopics(second, name) - allTopics(first, name)) / (elapsed / 1000);
  const connections = (second.get('kafka_server_socket_server_metrics_connection_count') ?? []).reduce((n, s) => n + s.value, 0);
  const lagByGroup = new Map<string, number>();
  for (const s of second.get('kafka_consumergroup_lag_sum') ?? []) {
    const g = s.labels['consumergroup'] ?? '';
    lagByGroup.set(g, (lagByGroup.get(g) ?? 0) + Math.max(0, s.value));
  }
  let worstGroup: MetricsHeadline['worstGroup'] = null;
  for (const [group, lag] of lagByGroup) {
    if (worstGroup === null || lag > worstGroup.lag) worstGroup = { group, lag, lagSeconds: null };
  }
  if (worstGroup !== null) {
    const name = worstGroup.group;
    worstGroup.lagSeconds = second.get('kafka_consumergroup_group_max_lag_seconds')?.find((s) => s.labels['consumergroup'] === name)?.value ?? null;
  }
  return { url, intervalMs: Math.round(elapsed), messagesInPerSec: rate('kafka_server_brokertopicmetrics_messagesin_total'), bytesInPerSec: rate('kafka_server_brokertopicmetrics_bytesin_total'), connections, worstGroup };
}
