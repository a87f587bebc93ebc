import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerComputed } from '../../../../src/shared/metrics/computed.js';

describe('registerComputed', () => {
  it('renders the samples collect() emits, with escaped labels and metric-name overrides', async () => {
    const registry = new Registry();
    registerComputed(registry, {
      name: 'x_total',
      help: 'Things',
      type: 'counter',
      collect: (emit) => {
        emit(3);
        emit(4, { topic: 'a"b\\c\nd', partition: 0 });
      },
    });
    registerComputed(registry, {
      name: 'h',
      help: 'A histogram',
      type: 'histogram',
      collect: async (emit) => {
        await Promise.resolve();
        emit(1, { le: 1 }, 'h_bucket');
        emit(2, { le: '+Inf' }, 'h_bucket');
        emit(2.5, {}, 'h_sum');
        emit(2, {}, 'h_count');
      },
    });
    expect(await registry.metrics()).toBe(
      [
        '# HELP x_total Things',
        '# TYPE x_total counter',
        'x_total 3',
        'x_total{topic="a\\"b\\\\c\\nd",partition="0"} 4',
        '',
        '# HELP h A histogram',
        '# TYPE h histogram',
        'h_bucket{le="1"} 1',
        'h_bucket{le="+Inf"} 2',
        'h_sum 2.5',
        'h_count 2',
        '',
      ].join('\n'),
    );
  });

  it('gives every sample the same sharedLabels object, so prom-client caches one formatting instead of a WeakMap entry per sample', async () => {
    const registry = new Registry();
    registerComputed(registry, {
      name: 'g',
      help: 'Per partition',
      type: 'gauge',
      collect: (emit) => {
        for (let p = 0; p < 3; p++) emit(p, { partition: p });
      },
    });
    const metric = registry.getSingleMetric('g');
    const first = (await metric?.get())?.values ?? [];
    const second = (await metric?.get())?.values ?? [];
    expect(first.map((v) => v.value)).toEqual([0, 1, 2]);
    const shared = new Set([...first, ...second].map((v) => (v as { sharedLabels?: object }).sharedLabels));
    expect(shared.size).toBe(1);
    expect([...shared][0]).toEqual({});
  });
});
