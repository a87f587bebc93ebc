// Runs the pytest example (test/examples/python: a session fixture starting the broker with
// --ready-file, confluent-kafka against it) with Debian's python3, pytest and python3-confluent-kafka.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PY = '/usr/bin/python3';

async function hasPytest(): Promise<boolean> {
  return run(PY, ['-c', 'import pytest, confluent_kafka']).then(
    () => true,
    () => false,
  );
}

// .ci/run installs python3-pytest and python3-confluent-kafka: there a missing one fails the test.
const available = await hasPytest();
if (!available) console.log('skipping the pytest example: /usr/bin/python3 lacks pytest or confluent_kafka (apt-get install python3-pytest python3-confluent-kafka)');

it.skipIf(!available && process.env['CI'] !== 'true')('pytest example: the fixture starts tkafka, confluent-kafka recovers from injected errors', async () => {
  const res = await run(PY, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'test/examples/python'], {
    cwd: root,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', TKAFKA_BIN: `${process.execPath} ${path.join(root, 'bin/tkafka.js')}` },
    timeout: 120_000,
  }).catch((e: { stdout: string; stderr: string }) => e);
  expect(res.stdout).toMatch(/1 passed/);
});
