// Avro through src/schema/'s codec: decode and encode records/s of a 10-field record (issue #18's
// console-consumer goal is 200k decoded records/s), each value framed as Confluent's wire format
// (magic byte, 4-byte schema id) and decoded from its slice after the header, as the consumer does.
// Also: compatibility checks/s of two 10-field versions. Run: npm run bench -- schema [--records N]
import { AvroParsedSchema, checkCompatibility, parseSchema } from '../src/schema/index.js';

const argv = process.argv.slice(2);
const at = argv.indexOf('--records');
const RECORDS = at >= 0 ? Number(argv[at + 1]) : 200_000;
if (!Number.isInteger(RECORDS) || RECORDS <= 0) throw new Error('--records takes a positive integer');

const FIELDS = [
  { name: 'id', type: 'long' },
  { name: 'name', type: 'string' },
  { name: 'email', type: ['null', 'string'], default: null },
  { name: 'age', type: 'int' },
  { name: 'score', type: 'double' },
  { name: 'active', type: 'boolean' },
  { name: 'country', type: { type: 'enum', name: 'Country', symbols: ['DE', 'FR', 'US', 'JP'] } },
  { name: 'created', type: 'long' },
  { name: 'tags', type: { type: 'array', items: 'string' } },
  { name: 'payload', type: 'bytes' },
];
const text = JSON.stringify({ type: 'record', name: 'User', namespace: 'bench', fields: FIELDS });
const parsed = parseSchema('AVRO', text);
if (!(parsed instanceof AvroParsedSchema)) throw new Error(`bench schema: ${parsed instanceof Error ? parsed.message : "not Avro"}`);
const codec = parsed.codec();

const values = Array.from({ length: 1000 }, (_, i) => ({
  id: 1_000_000 + i,
  name: `user-${i}`,
  email: i % 3 === 0 ? null : { string: `user${i}@example.com` },
  age: 20 + (i % 50),
  score: i * 1.5,
  active: i % 2 === 0,
  country: ['DE', 'FR', 'US', 'JP'][i % 4],
  created: 1_700_000_000_000 + i,
  tags: ['a', 'b', `t${i % 10}`],
  payload: Buffer.from([i & 0xff, (i >> 8) & 0xff, 1, 2]),
}));

const frame = (body: Buffer): Buffer => {
  const b = Buffer.allocUnsafe(5 + body.length);
  b[0] = 0;
  b.writeInt32BE(1, 1);
  body.copy(b, 5);
  return b;
};

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function rate(label: string, n: number, fn: () => void, unit = 'records/s'): void {
  fn(); // warm-up
  const t0 = process.hrtime.bigint();
  fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${label.padEnd(44)} ${fmt(n / s).padStart(12)} ${unit}  (${fmt(n)} in ${s.toFixed(3)} s)`);
}

let framed: Buffer[] = [];
rate('avro encode (10 fields, wire-framed)', RECORDS, () => {
  framed = new Array<Buffer>(RECORDS);
  for (let i = 0; i < RECORDS; i++) framed[i] = frame(codec.encode(values[i % values.length]));
});
const avgBytes = framed.reduce((a, b) => a + b.length, 0) / framed.length;
let sink = 0;
rate('avro decode (10 fields, from the slice)', RECORDS, () => {
  for (let i = 0; i < RECORDS; i++) {
    const v = codec.decode((framed[i] as Buffer).subarray(5)) as { age: number };
    sink += v.age;
  }
});
console.log(`record size ${avgBytes.toFixed(1)} bytes framed; checksum ${sink}`);

const next = parseSchema('AVRO', JSON.stringify({ type: 'record', name: 'User', namespace: 'bench', fields: [...FIELDS, { name: 'extra', type: 'string', default: '' }] }));
if (next instanceof Error) throw next;
const CHECKS = 20_000;
rate('compatibility checks (FULL_TRANSITIVE, 1 old)', CHECKS, () => {
  for (let i = 0; i < CHECKS; i++) if (checkCompatibility(next, [parsed], 'FULL_TRANSITIVE').length !== 0) throw new Error('expected compatible');
});

// End to end (issue #18's goal): the same 10-field records through bin/tkafka.js against a broker
// process serving its Schema Registry: console-producer --value-format avro (JSON lines in), then
// console-consumer --value-format avro beside the raw console-consumer on the same records, both
// writing to /dev/null; wall clock of the whole command, start-up included. Best of --runs (3).
const { spawn } = await import('node:child_process');
const fs = await import('node:fs');
const os = await import('node:os');
const path = await import('node:path');
const net = await import('node:net');
const { fileURLToPath } = await import('node:url');
const { defaultFlavor, spawnBroker } = await import('./lib/broker-process.js');

const runsAt = argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(argv[runsAt + 1]) : 3;
const BIN = fileURLToPath(new URL('../bin/tkafka.js', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function timed(args: string[], stdinPath: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const input = stdinPath === null ? 'ignore' : fs.openSync(stdinPath, 'r');
    const output = fs.openSync('/dev/null', 'w');
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: [input, output, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - t0;
      if (typeof input === 'number') fs.closeSync(input);
      fs.closeSync(output);
      if (code !== 0) reject(new Error(`tkafka ${args.join(' ')} exited ${code}: ${err}`));
      else resolve(ms);
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-bench-schema-'));
const schemaPath = path.join(dir, 'user.avsc');
fs.writeFileSync(schemaPath, text);
const linesPath = path.join(dir, 'users.jsonl');
const jsonLines: string[] = values.map((v) => JSON.stringify({ ...v, payload: v.payload.toString('latin1') }));
const out = fs.openSync(linesPath, 'w');
for (let i = 0; i < RECORDS; i += 1000) fs.writeSync(out, `${jsonLines.slice(0, Math.min(1000, RECORDS - i)).join('\n')}\n`);
fs.closeSync(out);

const registryPort = await freePort();
const broker = await spawnBroker({ dataDir: path.join(dir, 'data'), flavor: defaultFlavor(process.argv), config: [`schema.registry.port=${registryPort}`] });
const bootstrap = `127.0.0.1:${broker.port}`;
const registry = ['--schema-registry-url', `http://127.0.0.1:${registryPort}`];
const perSec = (n: number, ms: number): string => `${fmt((n / ms) * 1000)}/s`;
console.log(`\nend to end: broker pid ${broker.pid} on ${bootstrap}, registry on ${registryPort}; ${fmt(RECORDS)} records, best of ${RUNS}`);
try {
  const produce: number[] = [];
  for (let r = 0; r < RUNS; r++) produce.push(await timed(['console-producer', '--bootstrap-server', bootstrap, '--topic', `users-${r}`, '--value-format', 'avro', '--value-schema-file', schemaPath, ...registry], linesPath));
  const common = ['console-consumer', '--bootstrap-server', bootstrap, '--topic', 'users-0', '--from-beginning', '--max-messages', String(RECORDS)];
  const raw: number[] = [];
  const avro: number[] = [];
  // The same command for one record: start-up, connection, the registry fetch and the first fetch,
  // so the difference is the time of the other records alone.
  const one = ['console-consumer', '--bootstrap-server', bootstrap, '--topic', 'users-0', '--from-beginning', '--max-messages', '1'];
  const rawOne: number[] = [];
  const avroOne: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    raw.push(await timed(common, null));
    avro.push(await timed([...common, '--value-format', 'avro', ...registry], null));
    rawOne.push(await timed(one, null));
    avroOne.push(await timed([...one, '--value-format', 'avro', ...registry], null));
  }
  const row = (label: string, ms: number[], n = RECORDS): void => {
    const best = Math.min(...ms);
    console.log(`${label.padEnd(50)} ${best.toFixed(0).padStart(6)} ms ${n === 1 ? ''.padStart(12) : perSec(n, best).padStart(12)} ${n === 1 ? '       ' : 'records'}  (runs: ${ms.map((m) => m.toFixed(0)).join(', ')} ms)`);
  };
  row('console-producer --value-format avro', produce);
  row('console-consumer (raw bytes, no decode)', raw);
  row('console-consumer --value-format avro', avro);
  row('console-consumer, one record (start-up)', rawOne, 1);
  row('console-consumer --value-format avro, one record', avroOne, 1);
  const steady = (all: number[], first: number[]): string => perSec(RECORDS - 1, Math.min(...all) - Math.min(...first));
  console.log(`steady rate, start-up subtracted: raw ${steady(raw, rawOne)}, avro decoded ${steady(avro, avroOne)} records (issue #18's goal: 200,000/s decoded)`);
} finally {
  await broker.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
