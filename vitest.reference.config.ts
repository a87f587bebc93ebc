import { defineConfig } from 'vitest/config';

// The interop tier: the CLI against Apache Kafka (started from Maven jars by test/reference/global-setup.ts)
// and against librdkafka's mock cluster. Files run one at a time: a JVM cluster already fills two cores.
// A failed test runs once more: Kafka's own timing (its metadata image learning of an alteration after
// the alteration's answer, a KIP-848 coordinator's first heartbeat) has failed right scenarios one run
// in a few. flaky-reporter.ts names every test that passed only on its retry, with the first error.
export default defineConfig({
  test: {
    include: ['test/reference/**/*.test.ts'],
    globalSetup: ['test/reference/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
    retry: 1,
    reporters: ['default', './test/reference/flaky-reporter.ts'],
  },
});
