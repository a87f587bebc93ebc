// `npm run bench -- fuzz`: the long fuzzing run of the broker (test/fuzz/): random valid and mutated
// requests of every advertised API and version against a broker in its own process, with a canary.
// Prints requests/s, iterations, the (api, version) pairs covered and every finding with its seed.
// TKAFKA_FUZZ_SECONDS (default 300), TKAFKA_FUZZ_SEED (default random), TKAFKA_FUZZ_CONNECTIONS (6),
// TKAFKA_FUZZ_MUTATE (the share of mutated frames, 0.3).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SASL_CONFIG, SASL_USER, spawnFuzzBroker } from '../test/fuzz/broker.js';
import { runFuzz, summary } from '../test/fuzz/fuzzer.js';

const seconds = Number(process.env['TKAFKA_FUZZ_SECONDS'] ?? 300);
const seed = Number(process.env['TKAFKA_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 32));
const connections = Number(process.env['TKAFKA_FUZZ_CONNECTIONS'] ?? 6);
const mutateRate = Number(process.env['TKAFKA_FUZZ_MUTATE'] ?? 0.3);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-fuzz-'));
console.log(`fuzzing for ${seconds} s, seed ${seed} (rerun: TKAFKA_FUZZ_SEED=${seed} npm run bench -- fuzz), data dir ${dataDir}`);
// A SASL_PLAINTEXT listener beside the PLAINTEXT one: some connections fuzz it before and after authenticating.
const broker = await spawnFuzzBroker(dataDir, SASL_CONFIG);
const result = await runFuzz({
  port: broker.port,
  seed,
  durationMs: seconds * 1000,
  connections,
  pipeline: 4,
  mutateRate,
  brokerAlive: broker.alive,
  brokerLog: broker.log,
  sasl: { port: broker.listeners['SASL_PLAINTEXT'] as number, ...SASL_USER },
  progress: (line) => console.log(`  ${line}`),
});
const exit = await broker.stop();
console.log(summary(result));
console.log(`broker: ${exit}`);
console.log(`UNKNOWN_SERVER_ERROR answers by request: ${[...result.unknownServerErrorApis].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
// Why the broker closed connections (the reasons its log gives), most frequent first.
const reasons = new Map<string, number>();
for (const m of broker.log().matchAll(/closing connection \S+: ([^\n]*)/g)) {
  const why = (m[1] as string).replace(/\d+/g, 'N').slice(0, 100);
  reasons.set(why, (reasons.get(why) ?? 0) + 1);
}
console.log('connections closed by the broker, by reason:');
for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${String(n).padStart(6)}  ${why}`);
const byKind = new Map<string, number>();
for (const f of result.findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
console.log(`findings by kind: ${byKind.size === 0 ? 'none' : [...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
if (result.findings.length === 0) fs.rmSync(dataDir, { recursive: true, force: true });
else {
  fs.writeFileSync(path.join(dataDir, 'broker.log'), broker.log());
  console.log(`data dir kept, the broker's log in ${path.join(dataDir, 'broker.log')}`);
}
