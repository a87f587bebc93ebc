import { defineConfig } from 'vitest/config';

// The interop tier: the CLI against Apache Kafka (started from Maven jars by test/reference/global-setup.ts)
// and against librdkafka's mock cluster. Files run one at a time: a JVM cluster already fills two cores.
export default defineConfig({
  test: {
    include: ['test/reference/**/*.test.ts'],
    globalSetup: ['test/reference/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
