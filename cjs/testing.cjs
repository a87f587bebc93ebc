'use strict';
// CommonJS entry of `tkafka/testing` (see cjs/index.cjs for why the async functions import() the ESM
// build). uniqueTopic and bootstrapServers are synchronous, so they are written here again, kept
// identical to src/testing/index.ts (test/unit/embedded/cjs.test.ts compares their results).
let loaded;
const load = () => (loaded ??= import('../dist/testing/index.js'));

const BOOTSTRAP_ENV = 'TKAFKA_BOOTSTRAP';
exports.BOOTSTRAP_ENV = BOOTSTRAP_ENV;

exports.setup = async (ctx) => (await load()).setup(ctx);
exports.teardown = async () => (await load()).teardown();
exports.createSetup = (opts) => ({
  setup: async (ctx) => (await load()).createSetup(opts).setup(ctx),
  teardown: async () => (await load()).teardown(),
});

exports.bootstrapServers = () => {
  const value = process.env[BOOTSTRAP_ENV];
  if (value === undefined || value === '') {
    throw new Error(`tkafka/testing: ${BOOTSTRAP_ENV} is not set; add tkafka/testing's setup/teardown as the test runner's globalSetup`);
  }
  return value;
};

let counter = 0;
exports.uniqueTopic = (base = 'test') => {
  counter++;
  const suffix = `-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const clean = base.replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 249 - suffix.length);
  return `${clean === '' ? 'test' : clean}${suffix}`;
};
