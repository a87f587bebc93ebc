// The interop tier retries a failed test once (vitest.reference.config.ts): Apache Kafka's own timing
// (its metadata image lagging an alteration's answer, a KIP-848 coordinator's first heartbeat) can fail
// a scenario that is right. A test that passes only on its retry is noted with the first attempt's
// error, so a flake stays visible in CI's output; one that fails twice fails the run.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';
import { flakyLogOf } from './parity-table.js';

export default class FlakyReporter implements Reporter {
  onTestCaseResult(test: TestCase): void {
    const d = test.diagnostic();
    if (d === undefined || !d.flaky) return;
    const file = path.relative(process.cwd(), test.module.moduleId);
    const first = test.result().errors?.[0]?.message.split('\n')[0] ?? '';
    const line = `${file} > ${test.fullName} (passed on retry ${d.retryCount}; first attempt: ${first.slice(0, 300)})`;
    // global-setup.ts prints these after the parity table, at the very end of the output, where CI's
    // excerpt shows them (a reporter's own end-of-run output comes before the global teardown).
    const log = process.env['TKAFKA_PARITY_LOG'];
    if (log === undefined || log === '') process.stdout.write(`Flaky: ${line}\n`);
    else appendFileSync(flakyLogOf(log), `${line}\n`);
  }
}
