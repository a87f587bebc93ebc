// kafka-groups.sh's table: every column as wide as the longest cell (at least 20), left-aligned;
// the header has single spaces between columns, each row ends every cell with a space.
import type { GroupRow } from './run.js';

export const ERROR_PREFIX = 'Error while executing groups command : ';

/** Kafka prints its GroupType enum's names (Classic, Consumer, ...); a type it does not know is Unknown. */
const TYPE_NAMES: Readonly<Record<string, string>> = { classic: 'Classic', consumer: 'Consumer', share: 'Share', streams: 'Streams' };
const typeName = (t: string): string => (t === '' ? '' : (TYPE_NAMES[t] ?? 'Unknown'));

export function renderGroups(rows: readonly GroupRow[]): string {
  let width = 20;
  for (const r of rows) width = Math.max(width, r.groupId.length, typeName(r.type).length, r.protocol.length);
  const cell = (s: string): string => s.padEnd(width);
  let out = `${cell('GROUP')} ${cell('TYPE')} ${cell('PROTOCOL')}\n`;
  for (const r of rows) out += `${cell(r.groupId)} ${cell(typeName(r.type))} ${cell(r.protocol)} \n`;
  return out;
}

export function groupsJson(rows: readonly GroupRow[]): unknown {
  return { groups: rows.map((r) => ({ group: r.groupId, type: r.type === '' ? null : r.type, protocol: r.protocol })) };
}
