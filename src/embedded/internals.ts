// The server behind an EmbeddedBroker, for tkafka's own test suites (they start every broker through
// the public startBroker() and still look at broker state: partitions, groups, connections). Not
// exported from the package: users get the documented EmbeddedBroker surface only.
import type { RunningBroker } from '../broker/server/broker.js';
import { TkafkaError } from '../shared/errors.js';

// Keyed by the EmbeddedBroker object (typed as object: broker.ts imports this module, not the reverse).
const servers = new WeakMap<object, () => RunningBroker>();

export function registerServer(b: object, current: () => RunningBroker): void {
  servers.set(b, current);
}

/** The server of `b`: the current one after a restart, the last one after stop(). */
export function serverOf(b: object): RunningBroker {
  const s = servers.get(b)?.();
  if (s === undefined) throw new TkafkaError('BROKER_STOPPED', 'not a broker from startBroker()');
  return s;
}
