// tkafka/testing: one broker for a whole test run (vitest or jest globalSetup/globalTeardown) and
// per-test topic names. The broker runs in the runner's main process; test workers reach it through
// TKAFKA_BOOTSTRAP (set before any worker starts) or vitest's inject('tkafkaBootstrap').
import { startBroker, type EmbeddedBroker, type StartBrokerOptions } from '../embedded/broker.js';

/** The environment variable setup() puts the bootstrap address in. */
export const BOOTSTRAP_ENV = 'TKAFKA_BOOTSTRAP';

// On globalThis, not in module state: jest may load the setup and teardown modules separately.
const KEY = Symbol.for('tkafka.testing.broker');
type Holder = { [KEY]?: EmbeddedBroker };

/** What vitest passes a globalSetup's setup(): provide() makes a value readable with inject(). */
interface ProvideContext {
  provide?: (key: string, value: unknown) => void;
}

/** A setup/teardown pair for a runner's globalSetup that starts the broker with these options. */
export function createSetup(opts: StartBrokerOptions = {}): { setup: (ctx?: unknown) => Promise<EmbeddedBroker>; teardown: () => Promise<void> } {
  return {
    setup: async (ctx?: unknown) => {
      const holder = globalThis as Holder;
      if (holder[KEY] !== undefined) throw new Error('tkafka/testing: setup() already started a broker; call teardown() first');
      const broker = await startBroker(opts);
      holder[KEY] = broker;
      process.env[BOOTSTRAP_ENV] = broker.bootstrap;
      const provide = (ctx as ProvideContext | undefined)?.provide;
      if (typeof provide === 'function') provide.call(ctx, 'tkafkaBootstrap', broker.bootstrap);
      return broker;
    },
    teardown: async () => {
      const holder = globalThis as Holder;
      const broker = holder[KEY];
      delete holder[KEY];
      await broker?.stop();
    },
  };
}

const defaults = createSetup();

/**
 * Starts an ephemeral broker on a free port (startBroker's defaults) and publishes its address as
 * TKAFKA_BOOTSTRAP and, under vitest, as inject('tkafkaBootstrap'). Export it from a globalSetup file.
 */
export const setup = defaults.setup;

/** Stops the broker setup() started and removes its data dir. */
export const teardown = defaults.teardown;

/** The bootstrap address setup() published, for a test file (throws a clear error outside such a run). */
export function bootstrapServers(): string {
  const value = process.env[BOOTSTRAP_ENV];
  if (value === undefined || value === '') {
    throw new Error(`tkafka/testing: ${BOOTSTRAP_ENV} is not set; add tkafka/testing's setup/teardown as the test runner's globalSetup`);
  }
  return value;
}

let counter = 0;

/**
 * A topic name no other test of this run uses: `<base>-<pid>-<n>-<random>`, cut to Kafka's 249
 * characters, with characters Kafka does not allow in a name (anything but letters, digits, '.',
 * '_' and '-') replaced by '_'. Pass the test's name as base to read it in the broker's listings.
 */
export function uniqueTopic(base = 'test'): string {
  counter++;
  const suffix = `-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const clean = base.replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 249 - suffix.length);
  return `${clean === '' ? 'test' : clean}${suffix}`;
}
