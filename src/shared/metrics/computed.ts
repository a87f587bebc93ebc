// A Prometheus family computed when scraped, registered on a prom-client Registry, which formats it
// (HELP/TYPE lines, label escaping). Samples carry one shared, empty `sharedLabels` object: without
// it prom-client makes a fresh `{}` per sample and caches its formatting in a WeakMap, so every
// scrape would add thousands of short-lived ephemeron entries that the next garbage collections of
// the broker's produce path pay for.
import type { Metric, Registry } from 'prom-client';

export type Labels = Record<string, string | number>;
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'untyped';
/** Adds one sample; `metricName` overrides the family's name (a histogram's _bucket/_sum/_count). */
export type Emit = (value: number, labels?: Labels, metricName?: string) => void;

interface Sample {
  value: number;
  labels: Labels;
  sharedLabels: Labels;
  metricName?: string;
}

const NO_LABELS: Labels = Object.freeze({});

export interface ComputedFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** Emits this scrape's samples; may wait (the lag families share one snapshot per scrape). */
  readonly collect: (emit: Emit) => void | Promise<void>;
}

export function registerComputed(registry: Registry, family: ComputedFamily): void {
  const { name, help, type, collect } = family;
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => {
      const values: Sample[] = [];
      await collect((value, labels = NO_LABELS, metricName) =>
        values.push(metricName === undefined ? { value, labels, sharedLabels: NO_LABELS } : { value, labels, sharedLabels: NO_LABELS, metricName }),
      );
      return { name, help, type, aggregator: 'sum', values };
    },
  };
  // prom-client's Registry reads a metric through get() alone; its typings know only its own classes.
  registry.registerMetric(metric as unknown as Metric);
}
