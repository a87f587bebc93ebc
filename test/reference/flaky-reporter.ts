// The interop tier retries a failed test once (vitest.reference.config.ts): Apache Kafka's own timing
// (its metadata image lagging an alteration's answer, a KIP-848 coordinator's first heartbeat) can fail
// a scenario that is right. A test that passes only on its retry is named here with the first attempt's
// error, so a flake stays visible in CI's output; one that fails twice fails the run.
import path from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const d = test.diagnostic();
    if (d === undefined || !d.flaky) return;
    const file = path.relative(process.cwd(), test.module.moduleId);
    const first = test.result().errors?.[0]?.message.split('\n')[0] ?? '';
    this.flaky.push(`${file} > ${test.fullName} (passed on retry ${d.retryCount}; first attempt: ${first.slice(0, 300)})`);
  }

  onTestRunEnd(): void {
    if (this.flaky.length === 0) return;
    process.stdout.write(`\nFlaky: ${this.flaky.length} test(s) failed once and passed on the retry:\n${this.flaky.map((f) => `  ${f}\n`).join('')}`);
  }
}
