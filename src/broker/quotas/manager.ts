// Kafka's ClientQuotaManager / ClientRequestQuotaManager for one broker: produce and fetch byte
// rates and request time (request_percentage) per (user, client-id), resolved the way Kafka's
// default quota callback does, measured over quota.window.num (11) windows of
// quota.window.size.seconds (1 s), and turned into a throttle time when the rate is above the
// quota: (rate − quota) / quota × the measured window. With no quota of a kind configured the
// managers do no work at all (`active` is false and the handlers skip them).
import { CLIENT_ID, USER, type ClientQuotaStore } from './store.js';
import { ControllerMutationQuotaManager } from './controller-mutation.js';
import { SampledRate } from './rate.js';

export const PRODUCER_BYTE_RATE = 'producer_byte_rate';
export const CONSUMER_BYTE_RATE = 'consumer_byte_rate';
export const REQUEST_PERCENTAGE = 'request_percentage';
export const CONTROLLER_MUTATION_RATE = 'controller_mutation_rate';

export const WINDOW_MS = 1000;
export const SAMPLES = 11;

/** Kafka's resolution order: the first entity (by type, name; null = default) with the quota wins. */
const ORDER: readonly { user: 'exact' | 'default' | null; client: 'exact' | 'default' | null }[] = [
  { user: 'exact', client: 'exact' },
  { user: 'exact', client: 'default' },
  { user: 'exact', client: null },
  { user: 'default', client: 'exact' },
  { user: 'default', client: 'default' },
  { user: 'default', client: null },
  { user: null, client: 'exact' },
  { user: null, client: 'default' },
];

interface Resolved {
  /** The sensor's tags: who shares this quota (Kafka's quota metric tags). */
  sensorKey: string;
  bound: number;
}

export class ClientQuotaManager {
  private readonly key: string;
  private readonly store: ClientQuotaStore;
  private readonly sensors = new Map<string, SampledRate>();
  private readonly cache = new Map<string, Resolved | null>();
  private generation = -1;
  private enabled = false;

  constructor(store: ClientQuotaStore, key: string) {
    this.store = store;
    this.key = key;
  }

  private refresh(): void {
    if (this.generation === this.store.generation) return;
    this.generation = this.store.generation;
    this.cache.clear();
    this.enabled = this.store.list().some((e) => e.values.has(this.key) && !e.entity.has('ip'));
    if (!this.enabled) this.sensors.clear();
  }

  private resolve(user: string, clientId: string): Resolved | null {
    const cacheKey = `${user}\u0000${clientId}`;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    let found: Resolved | null = null;
    for (const o of ORDER) {
      const entity = new Map<string, string | null>();
      if (o.user !== null) entity.set(USER, o.user === 'exact' ? user : null);
      if (o.client !== null) entity.set(CLIENT_ID, o.client === 'exact' ? clientId : null);
      const bound = this.store.get(entity)?.get(this.key);
      if (bound === undefined) continue;
      // Kafka's quotaMetricTags: a user-only entry is shared by all of that user's clients, a
      // client-only entry by every user of that client id, and the rest by the (user, client) pair.
      const tagUser = o.user !== null ? user : '';
      const tagClient = o.client !== null ? clientId : '';
      found = { sensorKey: `${tagUser}\u0000${tagClient}`, bound };
      break;
    }
    this.cache.set(cacheKey, found);
    return found;
  }

  /** The quota that applies to (user, client id) and who shares it; null when none does. */
  quotaFor(user: string, clientId: string): { sensorKey: string; bound: number } | null {
    this.refresh();
    return this.enabled ? this.resolve(user, clientId) : null;
  }

  /** Records `value` and answers the throttle time it earns (0 within the quota). */
  record(user: string, clientId: string, value: number, now: number): number {
    this.refresh();
    if (!this.enabled) return 0;
    const q = this.resolve(user, clientId);
    if (q === null) return 0;
    let sensor = this.sensors.get(q.sensorKey);
    if (sensor === undefined) {
      sensor = new SampledRate(WINDOW_MS, SAMPLES);
      this.sensors.set(q.sensorKey, sensor);
    }
    sensor.record(value, now);
    const rate = sensor.measure(now);
    if (rate <= q.bound) return 0;
    return Math.round(((rate - q.bound) / q.bound) * sensor.windowSize(now));
  }

  /** Takes back a recorded value (a throttled fetch returns no data, so its bytes do not count). */
  unrecord(user: string, clientId: string, value: number, now: number): void {
    const q = this.enabled ? this.resolve(user, clientId) : null;
    if (q !== null) this.sensors.get(q.sensorKey)?.record(-value, now);
  }
}

/** The principal's name as Kafka's quota entities name users (`User:alice` → `alice`). */
export function quotaUser(principal: string): string {
  const at = principal.indexOf(':');
  return at < 0 ? principal : principal.slice(at + 1);
}

/** Nanoseconds of request handling as Kafka's request quota counts them: percent of one second. */
export function nanosToPercentage(nanos: number): number {
  return (nanos * 100) / 1e9;
}

export class QuotaManagers {
  readonly store: ClientQuotaStore;
  readonly produce: ClientQuotaManager;
  readonly fetch: ClientQuotaManager;
  readonly request: ClientQuotaManager;
  readonly controllerMutation: ControllerMutationQuotaManager;

  constructor(store: ClientQuotaStore) {
    this.store = store;
    this.produce = new ClientQuotaManager(store, PRODUCER_BYTE_RATE);
    this.fetch = new ClientQuotaManager(store, CONSUMER_BYTE_RATE);
    this.request = new ClientQuotaManager(store, REQUEST_PERCENTAGE);
    this.controllerMutation = new ControllerMutationQuotaManager(new ClientQuotaManager(store, CONTROLLER_MUTATION_RATE));
  }

  /** False while no quota is configured: the produce and fetch paths then skip quotas entirely. */
  get active(): boolean {
    return this.store.size > 0;
  }
}
