// The published package as a user gets it: `npm pack`, the tarball unpacked into a scratch project's
// node_modules/tkafka, then kafkajs against a broker from `import { startBroker } from 'tkafka'` (ESM)
// and `require('tkafka')` (CommonJS), tkafka/testing from both, and the typings checked by tsc in
// both module modes. The tarball's dependencies are linked from this checkout's node_modules, as
// `npm install` would place them (the registry is not needed).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

// kafkajs, the user's client, exercises every entry the same way.
const USE = `
  const b = await startBroker({ config: { 'num.partitions': 1 } });
  const kafka = new Kafka({ brokers: [b.bootstrap], logLevel: 0 });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const topic = testing.uniqueTopic('entry');
  await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: testing.uniqueTopic('g'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = [];
  await new Promise((resolve) => consumer.run({ eachMessage: async ({ message }) => { seen.push(message.value.toString()); if (seen.length === 2) resolve(); } }));
  await consumer.disconnect();
  await b.stop();
  const g = await testing.setup();
  const viaEnv = testing.bootstrapServers() === g.bootstrap;
  await testing.teardown();
  console.log(JSON.stringify({ seen, dirGone: !fs.existsSync(b.dataDir), viaEnv }));
`;

describe('the packed package', () => {
  let scratch = '';

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-pack-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: root, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    const modules = path.join(scratch, 'node_modules');
    fs.mkdirSync(path.join(modules, 'tkafka'), { recursive: true });
    await run('tar', ['-xzf', path.join(scratch, filename), '-C', path.join(modules, 'tkafka'), '--strip-components=1']);
    for (const dep of [...Object.keys(pkg.dependencies), 'kafkajs']) {
      const link = path.join(modules, dep);
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(root, 'node_modules', dep), link);
    }
    fs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  }, 180_000);

  afterAll(() => {
    if (scratch !== '') fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('holds the entries and typings the exports map names, and no test or source file', () => {
    const dir = path.join(scratch, 'node_modules/tkafka');
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/testing/index.d.ts', 'cjs/index.cjs', 'cjs/index.d.cts', 'cjs/testing.cjs', 'cjs/testing.d.cts', 'bin/tkafka.js']) {
      expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    }
    expect(fs.existsSync(path.join(dir, 'test'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'src'))).toBe(false);
  });

  it.each([
    ['ESM (import)', 'use.mjs', `import fs from 'node:fs';\nimport { startBroker } from 'tkafka';\nimport * as testing from 'tkafka/testing';\nimport { Kafka } from 'kafkajs';\n${USE}`],
    ['CommonJS (require)', 'use.cjs', `const fs = require('node:fs');\nconst { startBroker } = require('tkafka');\nconst testing = require('tkafka/testing');\nconst { Kafka } = require('kafkajs');\n(async () => {\n${USE}\n})().catch((e) => { console.error(e); process.exitCode = 1; });`],
  ])('%s: kafkajs produces and consumes against startBroker, and the process exits by itself', async (_name, file, code) => {
    fs.writeFileSync(path.join(scratch, file), code);
    const { stdout } = await run(process.execPath, [file], { cwd: scratch, timeout: 60_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ seen: ['a', 'b'], dirGone: true, viaEnv: true });
  });

  it('typechecks a user of both entries in ESM and CommonJS (moduleResolution nodenext)', async () => {
    const use = `const b = await startBroker({ port: 0, config: { 'num.partitions': 3, 'auto.create.topics.enable': false }, clock: 'manual' });
b.clock.advance(1000);
const port: number = b.port;
const topic: string = uniqueTopic('x');
await b.restart({ crash: true });
await b.stop();
void port; void topic;
// @ts-expect-error: port is a number
void startBroker({ port: '9092' });
`;
    fs.writeFileSync(path.join(scratch, 'check.mts'), `import { startBroker, type EmbeddedBroker } from 'tkafka';\nimport { uniqueTopic } from 'tkafka/testing';\nexport const x: EmbeddedBroker | null = null;\n${use}`);
    fs.writeFileSync(path.join(scratch, 'check.cts'), `import { startBroker, type EmbeddedBroker } from 'tkafka';\nimport { uniqueTopic } from 'tkafka/testing';\nexport const x: EmbeddedBroker | null = null;\nexport async function main(): Promise<void> {\n${use}}\n`);
    fs.writeFileSync(
      path.join(scratch, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true }, files: ['check.mts', 'check.cts'] }),
    );
    // @types/node for the package's own typings (they name Node's types).
    fs.mkdirSync(path.join(scratch, 'node_modules/@types'), { recursive: true });
    if (!fs.existsSync(path.join(scratch, 'node_modules/@types/node'))) fs.symlinkSync(path.join(root, 'node_modules/@types/node'), path.join(scratch, 'node_modules/@types/node'));
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const res = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: scratch, timeout: 120_000 }).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
    expect(res.stdout).toBe('');
  });
});
