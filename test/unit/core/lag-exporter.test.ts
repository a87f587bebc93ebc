import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPORTER_METRIC_NAMES } from '../../../src/core/lag-exporter/exporter.js';
import { compileFilters, keeps, parseListen } from '../../../src/core/lag-exporter/options.js';
import { LAG_METRIC_NAMES } from '../../../src/shared/metrics/lag-metrics.js';

describe('lag-exporter --listen', () => {
  it('takes host:port, [v6]:port and :port (all interfaces)', () => {
    expect(parseListen('127.0.0.1:9308')).toEqual({ host: '127.0.0.1', port: 9308 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen(':9308')).toEqual({ host: '0.0.0.0', port: 9308 });
    expect(parseListen('localhost:80')).toEqual({ host: 'localhost', port: 80 });
  });

  it('refuses anything else with one line', () => {
    for (const bad of ['9308', 'host', 'host:', 'host:65536', 'a:b:1', 'host:-1']) {
      expect(() => parseListen(bad), bad).toThrow(`--listen '${bad}' is not host:port (e.g. 127.0.0.1:9308, :9308 for all interfaces, [::1]:9308).`);
    }
  });
});

describe("lag-exporter filters (kafka_exporter's --topic.filter / --group.filter)", () => {
  it('keeps names containing a match of any include and of no exclude; none given keeps all', () => {
    const f = compileFilters({ include: ['^orders', 'audit$'], exclude: ['-dlq'], group: ['^g1$'], excludeGroup: undefined });
    expect(['orders', 'orders-dlq', 'x-audit', 'audit-x', 'payments'].filter((t) => keeps(f.topics, t))).toEqual(['orders', 'x-audit']);
    // Unanchored, as Go's regexp.MatchString: 'g1' alone would keep 'g10'; ^g1$ does not.
    expect(['g1', 'g10', 'xg1'].filter((g) => keeps(f.groups, g))).toEqual(['g1']);
    expect(keeps(compileFilters({ group: ['g1'] }).groups, 'xg10')).toBe(true);
    expect(keeps(compileFilters({}).topics, '__consumer_offsets')).toBe(true);
  });

  it('refuses a bad pattern naming the option', () => {
    expect(() => compileFilters({ exclude: ['['] })).toThrow(/^--exclude '\[' is not a valid regular expression: /);
  });
});

describe("README's lag-exporter section", () => {
  it('lists every family the exporter serves', () => {
    const readme = fs.readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('### tkafka lag-exporter');
    const section = readme.slice(start, readme.indexOf('\n## ', start));
    for (const name of [...LAG_METRIC_NAMES, ...EXPORTER_METRIC_NAMES]) expect(section, name).toContain(`\`${name}\``);
  });
});
