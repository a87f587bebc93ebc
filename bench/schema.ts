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
