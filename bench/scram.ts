// SCRAM authentications per second: `npx tsx bench/scram.ts [--dist]`.
// 1. In process: a full SCRAM-SHA-256 / SCRAM-SHA-512 exchange (our client ↔ our server state
//    machines, 4096 iterations). The client's PBKDF2 (Hi) is nearly all of the cost; the server keeps
//    StoredKey/ServerKey and only computes HMACs, so its side is measured separately with a client
//    that reuses its salted password.
// 2. Over a real broker (its own process, SASL_PLAINTEXT listener): connect, SaslHandshake v1, two
//    SaslAuthenticate v2, close, on several connections at once; once with the full client (PBKDF2
//    per login, on libuv's pool) and once with the cached-salted-password client, which shows what
//    the broker itself sustains.
// Figures only, never asserted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScramStore } from '../src/broker/security/scram-store.js';
import { decodeSaslAuthenticateResponse } from '../src/protocol/generated/messages/sasl-authenticate-response.js';
import { encodeSaslAuthenticateRequest, SaslAuthenticateRequestVersions } from '../src/protocol/generated/messages/sasl-authenticate-request.js';
import { decodeSaslHandshakeResponse } from '../src/protocol/generated/messages/sasl-handshake-response.js';
import { encodeSaslHandshakeRequest, SaslHandshakeRequestVersions } from '../src/protocol/generated/messages/sasl-handshake-request.js';
import { createSaslClient, type SaslClientExchange } from '../src/protocol/sasl/client.js';
import { authMessage, clientProof, formatClientFirst, hiSync, parseServerFirst, randomNonce, ScramClient, ScramServer, scramHash, type ScramMechanism } from '../src/protocol/sasl/scram.js';
import { spawnBroker } from './lib/broker-process.js';
import { figure, fixed, heading, int, note, perSec } from './lib/report.js';
import { WireClient } from './lib/wire.js';

const useDist = process.argv.includes('--dist') && fs.existsSync(new URL('../dist/cli/main.js', import.meta.url));
const RUN_MS = 2000;
const CONNECTIONS = 4;
const PASSWORD = 'bench-secret';
const MECHS: ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];

/** A SCRAM client that already knows its salted password: no PBKDF2 per login. */
function cachedClient(mechanism: ScramMechanism, username: string, salted: Buffer): SaslClientExchange {
  const h = scramHash(mechanism);
  const nonce = randomNonce();
  const bare = formatClientFirst(username, nonce).slice(3);
  let step = 0;
  return {
    initial: () => Promise.resolve(Buffer.from(`n,,${bare}`)),
    next(reply) {
      if (step++ > 0) return Promise.resolve(null);
      const first = parseServerFirst(reply);
      const withoutProof = `c=biws,r=${first.nonce}`;
      const proof = clientProof(h, salted, authMessage(bare, first.text, withoutProof));
      return Promise.resolve(Buffer.from(`${withoutProof},p=${proof.toString('base64')}`));
    },
  };
}

/** Runs `fn` back to back (on `parallel` lanes) for `ms` after a short warm-up; the count and the time. */
async function timed(fn: () => Promise<void>, ms: number, parallel = 1): Promise<{ n: number; ms: number }> {
  for (let i = 0; i < 20; i++) await fn();
  let n = 0;
  const t0 = performance.now();
  const deadline = t0 + ms;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        await fn();
        n++;
      }
    }),
  );
  return { n, ms: performance.now() - t0 };
}

heading('In process (client and server state machines, 4096 iterations)');
const salt = Buffer.from('bench-salt');
for (const mechanism of MECHS) {
  const store = new ScramStore(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scram-')));
  store.upsert('bench', mechanism, { salt, saltedPassword: hiSync(scramHash(mechanism), PASSWORD, salt, 4096) }, 4096);
  const cred = store.get('bench', mechanism);
  const salted = hiSync(scramHash(mechanism), PASSWORD, salt, 4096);
  const exchange = async (): Promise<void> => {
    const server = new ScramServer({ mechanism, lookup: () => cred });
    const client = new ScramClient({ mechanism, username: 'bench', password: PASSWORD });
    const first = server.evaluate(client.clientFirst());
    client.verifyServerFinal(server.evaluate(await client.clientFinal(first.reply)).reply);
  };
  const full = await timed(exchange, RUN_MS);
  figure(`${mechanism} full exchange, 1 at a time`, `${int(perSec(full.n, full.ms))} auth/s (${fixed(full.ms / full.n, 2)} ms each)`);
  const parallel = await timed(exchange, RUN_MS, 4);
  figure(`${mechanism} full exchange, 4 at once`, `${int(perSec(parallel.n, parallel.ms))} auth/s (PBKDF2 on libuv's pool)`);
  const serverOnly = await timed(async () => {
    const server = new ScramServer({ mechanism, lookup: () => cred });
    const client = cachedClient(mechanism, 'bench', salted);
    const first = server.evaluate(await client.initial());
    server.evaluate((await client.next(first.reply)) as Buffer);
  }, RUN_MS);
  figure(`${mechanism} server side (client caches Hi)`, `${int(perSec(serverOnly.n, serverOnly.ms))} auth/s`);
  fs.rmSync(store.dataDir, { recursive: true, force: true });
}

// ---- Over a real broker ----

async function login(port: number, mechanism: ScramMechanism, client: SaslClientExchange): Promise<void> {
  const wire = await WireClient.connect(port);
  try {
    const hs = decodeSaslHandshakeResponse(await wire.request(SaslHandshakeRequestVersions, 1, (w) => encodeSaslHandshakeRequest(w, { mechanism }, 1)), 1);
    if (hs.errorCode !== 0) throw new Error(`SaslHandshake failed: ${hs.errorCode}`);
    let token: Buffer | null = await client.initial();
    while (token !== null) {
      const authBytes: Buffer = token;
      const res = decodeSaslAuthenticateResponse(await wire.request(SaslAuthenticateRequestVersions, 2, (w) => encodeSaslAuthenticateRequest(w, { authBytes }, 2)), 2);
      if (res.errorCode !== 0) throw new Error(`SaslAuthenticate failed: ${res.errorCode} ${res.errorMessage ?? ''}`);
      token = await client.next(res.authBytes);
    }
  } finally {
    wire.close();
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scram-broker-'));
const seed = new ScramStore(dataDir);
for (const mechanism of MECHS) seed.upsert('bench', mechanism, { salt, saltedPassword: hiSync(scramHash(mechanism), PASSWORD, salt, 4096) }, 4096);
const broker = await spawnBroker({ dataDir, flavor: useDist ? 'dist' : 'src', config: ['listeners=SASL_PLAINTEXT://127.0.0.1:0', 'sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512'] });
try {
  heading(`Over a broker (${useDist ? 'dist' : 'src under tsx'}, own process, SASL_PLAINTEXT, ${CONNECTIONS} connections at once; connect + handshake + 2 SaslAuthenticate + close)`);
  for (const mechanism of MECHS) {
    await login(broker.port, mechanism, createSaslClient({ mechanism, username: 'bench', password: PASSWORD }));
    const full = await timed(() => login(broker.port, mechanism, createSaslClient({ mechanism, username: 'bench', password: PASSWORD })), RUN_MS, CONNECTIONS);
    figure(`${mechanism} full client`, `${int(perSec(full.n, full.ms))} auth/s`);
    const salted = hiSync(scramHash(mechanism), PASSWORD, salt, 4096);
    const cached = await timed(() => login(broker.port, mechanism, cachedClient(mechanism, 'bench', salted)), RUN_MS, CONNECTIONS);
    figure(`${mechanism} client caching Hi (broker-bound)`, `${int(perSec(cached.n, cached.ms))} auth/s`);
  }
  note('Client and broker share this machine\'s cores; the full-client figure is bounded by the client\'s PBKDF2.');
} finally {
  await broker.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
