// Runs the Go example (test/examples/go: TestMain starts the broker with --ready-file, kafka-go
// against it) with Debian's kafka-go 0.2 in GOPATH mode, as test/integration/peer-kafka-go.test.ts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GOPATH = '/usr/share/gocode';

function goBinary(): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter).concat('/usr/local/go/bin', '/usr/lib/go/bin')) {
    const p = path.join(dir, 'go');
    if (fs.existsSync(p)) return p;
  }
  return null;
}

const go = goBinary();
const available = go !== null && fs.existsSync(path.join(GOPATH, 'src/github.com/segmentio/kafka-go'));
if (!available) console.log('skipping the Go example: go or Debian kafka-go (golang-github-segmentio-kafka-go-dev) is missing');

// .ci/run installs both: there a missing one fails the test.
it.skipIf(!available && process.env['CI'] !== 'true')('Go example: TestMain starts tkafka, kafka-go recovers from injected errors', async () => {
  const res = await run(go as string, ['test', '-count=1', '-v', '.'], {
    cwd: path.join(root, 'test/examples/go'),
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH,
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      GOCACHE: process.env['GOCACHE'] ?? path.join(os.homedir(), '.cache/go-build'),
      TKAFKA_BIN: `${process.execPath} ${path.join(root, 'bin/tkafka.js')}`,
    },
    timeout: 300_000,
  }).catch((e: { stdout: string; stderr: string }) => e);
  expect(res.stdout).toContain('--- PASS: TestProduceRecoversFromNotLeader');
  expect(res.stdout).toMatch(/^ok\s/m);
});
