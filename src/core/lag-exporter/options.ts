// `tkafka lag-exporter`'s command-line values: the listen address and the topic and group filters.
// Filters follow danielqsj/kafka_exporter's --topic.filter/--topic.exclude/--group.filter/--group.exclude:
// a name is kept when it *contains* a match of an include pattern (Go's regexp.MatchString, unanchored;
// write ^name$ for an exact name) and of no exclude pattern. Several patterns of one kind: any may match.
import { UsageError } from '../../shared/errors.js';

export interface ListenAddress {
  host: string;
  port: number;
}

export const DEFAULT_LISTEN = '127.0.0.1:9308';

/** `host:port`, `[v6]:port` or `:port` (all interfaces, as kafka_exporter's `:9308`); port 0 picks a free one. */
export function parseListen(value: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value.trim());
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || !(port >= 0 && port <= 65535)) {
    throw new UsageError(`--listen '${value}' is not host:port (e.g. 127.0.0.1:9308, :9308 for all interfaces, [::1]:9308).`);
  }
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '0.0.0.0' : host, port };
}

export interface NameFilter {
  include: readonly RegExp[];
  exclude: readonly RegExp[];
}

export interface LagFilters {
  topics: NameFilter;
  groups: NameFilter;
}

function compile(option: string, patterns: readonly string[] | undefined): RegExp[] {
  return (patterns ?? []).map((p) => {
    try {
      return new RegExp(p, 'u');
    } catch (err) {
      throw new UsageError(`${option} '${p}' is not a valid regular expression: ${err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err)}`);
    }
  });
}

export interface FilterFlags {
  include?: readonly string[] | undefined;
  exclude?: readonly string[] | undefined;
  group?: readonly string[] | undefined;
  excludeGroup?: readonly string[] | undefined;
}

export function compileFilters(flags: FilterFlags): LagFilters {
  return {
    topics: { include: compile('--include', flags.include), exclude: compile('--exclude', flags.exclude) },
    groups: { include: compile('--group', flags.group), exclude: compile('--exclude-group', flags.excludeGroup) },
  };
}

/** No include pattern keeps every name (kafka_exporter's default `.*`). */
export function keeps(filter: NameFilter, name: string): boolean {
  if (filter.include.length > 0 && !filter.include.some((r) => r.test(name))) return false;
  return !filter.exclude.some((r) => r.test(name));
}

export const ALL: LagFilters = { topics: { include: [], exclude: [] }, groups: { include: [], exclude: [] } };
