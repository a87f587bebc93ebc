// The broker under the fuzzer (test/fuzz/): first the corpus of frames that once broke it, then a
// bounded run of random valid and mutated requests of every advertised API and version over several
// pipelined connections, with a canary connection doing Produce+Fetch round trips throughout.
// TKAFKA_FUZZ_SEED reruns a failing seed; TKAFKA_FUZZ_ITERATIONS changes the length (the long run
// is `npm run bench -- fuzz`).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers/broker.js';
import { SASL_CONFIG, SASL_USER, spawnFuzzBroker, type FuzzBroker } from '../fuzz/broker.js';
import { logFindings, runFuzz, summary, type Finding } from '../fuzz/fuzzer.js';
import { hasErrorCode, loadCorpus, replay } from '../fuzz/replay.js';

const SEED = Number(process.env['TKAFKA_FUZZ_SEED'] ?? 20261206);
const ITERATIONS = Number(process.env['TKAFKA_FUZZ_ITERATIONS'] ?? 10_000);

const show = (fs_: readonly Finding[]): string =>
  fs_.map((f) => `${f.kind}${f.iteration === undefined ? '' : ` at iteration ${f.iteration}`}: ${f.detail}${f.frameHex === undefined ? '' : `\n  frame ${f.frameHex.slice(0, 400)}`}`).join('\n');

describe('broker fuzzing', () => {
  let broker: FuzzBroker;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDataDir('tkafka-fuzz-');
    broker = await spawnFuzzBroker(dataDir, SASL_CONFIG);
  });
  afterAll(async () => {
    await broker.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('corpus (test/fuzz/corpus)', () => {
    for (const entry of loadCorpus()) {
      it(`${entry.file}: ${entry.expect === 'answer' ? 'answered' : 'closed'}`, async () => {
        const before = broker.log().length;
        const out = await replay(broker.port, entry.frames);
        expect(out.problems).toEqual([]);
        if (entry.expect === 'close') {
          expect(out.closed).toBe(true);
        } else {
          expect(out.answers.every((a) => a !== null)).toBe(true);
          for (const a of out.answers) for (const code of entry.errorCodes ?? []) expect(hasErrorCode(a, code)).toBe(true);
        }
        expect(broker.alive()).toBe(true);
        expect(logFindings(`${broker.log().slice(before)}\n`)).toEqual([]);
      });
    }
  });

  it(`survives ${ITERATIONS} random and mutated requests (seed ${SEED}) and keeps the canary's data`, { timeout: 300_000 }, async () => {
    const result = await runFuzz({
      port: broker.port,
      seed: SEED,
      iterations: ITERATIONS,
      connections: 4,
      pipeline: 4,
      brokerAlive: broker.alive,
      brokerLog: broker.log,
      sasl: { port: broker.listeners['SASL_PLAINTEXT'] as number, ...SASL_USER },
    });
    console.log(summary(result));
    expect(show(result.findings), `findings of seed ${SEED} (rerun: TKAFKA_FUZZ_SEED=${SEED} npx vitest run test/integration/fuzz-broker.test.ts)`).toBe('');
    expect(broker.alive()).toBe(true);
    expect(result.requests).toBeGreaterThan(ITERATIONS * 0.9);
    expect(result.canaryRounds).toBeGreaterThan(0);
    // Every advertised API answered some valid request of its own.
    const keys = new Set([...result.pairsAnswered].map((p) => p.split('/')[0]));
    expect(keys.size).toBe(result.apisAdvertised);
  });
});
