// tkafka/testing: the globalSetup pair (env + vitest's provide) and uniqueTopic, in their ESM build
// and their hand-written CommonJS twin (cjs/testing.cjs), which must behave the same.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as esm from '../../../src/testing/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cjs = createRequire(import.meta.url)(path.join(root, 'cjs/testing.cjs')) as typeof esm;

afterEach(async () => {
  await esm.teardown();
  delete process.env[esm.BOOTSTRAP_ENV];
});

describe.each([
  ['ESM', esm],
  ['CommonJS', cjs],
])('tkafka/testing (%s)', (_name, t) => {
  it('uniqueTopic gives distinct valid Kafka topic names of at most 249 characters', () => {
    const names = new Set(Array.from({ length: 200 }, () => t.uniqueTopic('my test: does "x" > y')));
    expect(names.size).toBe(200);
    for (const n of names) expect(n).toMatch(new RegExp(`^my_test__does__x____y-${process.pid}-\\d+-[a-z0-9]+$`));
    expect(t.uniqueTopic('a'.repeat(400)).length).toBeLessThanOrEqual(249);
    expect(t.uniqueTopic('')).toMatch(/^test-/);
    expect(t.uniqueTopic()).toMatch(/^test-/);
  });

  it('setup starts a broker, publishes TKAFKA_BOOTSTRAP and provide("tkafkaBootstrap"); teardown stops it and removes its dir', async () => {
    expect(() => t.bootstrapServers()).toThrow('tkafka/testing: TKAFKA_BOOTSTRAP is not set');
    const provided: [string, unknown][] = [];
    const broker = await t.setup({ provide: (k: string, v: unknown) => provided.push([k, v]) });
    expect(t.bootstrapServers()).toBe(broker.bootstrap);
    expect(provided).toEqual([['tkafkaBootstrap', broker.bootstrap]]);
    await expect(t.setup()).rejects.toThrow('tkafka/testing: setup() already started a broker; call teardown() first');
    await t.teardown();
    expect(broker.running).toBe(false);
    await t.teardown(); // nothing left to stop
  });
});
