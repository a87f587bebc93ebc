// Our broker's side of the performance anchors: `tkafka broker start --foreground` from spawn until it
// answers Metadata, and its resident memory then, measured the same way as Apache Kafka's in kafka-ref.ts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

export async function measureTkafkaBroker(runDir: string): Promise<{ readyMs: number; rssKb: number }> {
  const port = await freePort();
  const dataDir = path.join(runDir, 'tkafka-anchor');
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'broker', 'start', '--foreground', '--port', String(port), '--data-dir', dataDir], { stdio: 'ignore' });
  const { NativeClient } = await import('../../src/client/native/client.js');
  try {
    for (;;) {
      if (Date.now() - started > 30_000) throw new Error('tkafka broker did not start within 30 s');
      try {
        const client = await NativeClient.connect({ brokers: [`127.0.0.1:${port}`], clientId: 'anchor', connectTimeoutMs: 1000, requestTimeoutMs: 2000 });
        await client.metadata([]);
        await client.close();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const readyMs = Date.now() - started;
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${child.pid ?? 0}/status`, 'utf8'));
    return { readyMs, rssKb: m === null ? 0 : Number(m[1]) };
  } finally {
    child.kill('SIGTERM');
  }
}
