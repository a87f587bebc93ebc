// The compiled client peers (test/peers/java with Maven, test/peers/go/modern with `go build`), each
// built once per source change into the reference cache (outside git) and shared by every file that
// runs them: the cache keys are the same wherever a peer is asked for.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, javaBin } from './kafka-ref.js';
import { cachedBuild, runProcess, type ProcessResult } from './peers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const JAVA_PEERS = path.join(ROOT, 'test/peers/java');
export const GO_PEER = path.join(ROOT, 'test/peers/go/modern');

/** A short digest of the files under `dir` that `pick` names (paths and contents, in a fixed order). */
export function hashTree(dir: string, pick: (name: string) => boolean): string {
  const h = crypto.createHash('sha256');
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (pick(e.name)) h.update(path.relative(dir, p)).update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 12);
}

/** Runs Maven quietly in batch mode; a failed build throws with its output. */
export function mvn(args: readonly string[], what: string): void {
  const r = spawnSync('mvn', ['-B', '-q', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`mvn could not build ${what}:\n${r.stdout}${r.stderr}`);
}

/** The Java peers compiled against kafka-clients/kafka-streams `version`: a classpath, built once per source change. */
export async function javaPeersClasspath(version: string): Promise<string> {
  const hash = hashTree(JAVA_PEERS, (n) => n.endsWith('.java') || n === 'pom.xml');
  // Kafka 3.x clients have no group.protocol=consumer: those peers (*ProtocolGroup) are left out of their build.
  const exclude = version.startsWith('3.') ? ['-Dpeers.exclude=**/*ProtocolGroup.java'] : [];
  const dir = await cachedBuild(path.join(cacheDir(), 'java-peers', `${version}-${hash}`), (out) =>
    mvn(
      ['-f', path.join(JAVA_PEERS, 'pom.xml'), `-Dkafka.version=${version}`, `-Dpeers.out=${out}`, ...exclude, 'compile', 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(out, 'lib')}`, '-Dmdep.includeScope=runtime'],
      `the Java peers for Kafka ${version}`,
    ),
  );
  return `${path.join(dir, 'classes')}${path.delimiter}${path.join(dir, 'lib', '*')}`;
}

/** A small, quick-starting JVM for the peers, logging warnings to stderr. */
export const PEER_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss512k', '-Xmx256m', '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-Dorg.slf4j.simpleLogger.logFile=System.err'];

/** Runs the Java peer `tkafka.peers.<main>` to its end. */
export function runJavaPeer(cp: string, main: string, args: readonly string[], timeoutMs = 60_000): Promise<ProcessResult> {
  return runProcess(javaBin(), [...PEER_JVM, '-cp', cp, `tkafka.peers.${main}`, ...args], { timeoutMs });
}

/** The go command, or null when no Go toolchain is installed. */
export function goBinary(): string | null {
  for (const dir of ['/usr/local/go/bin', ...(process.env['PATH'] ?? '').split(path.delimiter), '/usr/lib/go/bin']) {
    const p = path.join(dir, 'go');
    if (dir !== '' && fs.existsSync(p)) return p;
  }
  return null;
}

/** The Go peer (kafka-go, franz-go, sarama) built with `go`, once per source change (Go caches the module downloads). */
export async function goPeerBinary(go: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(GO_PEER).sort()) if (f.endsWith('.go') || f === 'go.mod' || f === 'go.sum') h.update(f).update(fs.readFileSync(path.join(GO_PEER, f)));
  const dir = await cachedBuild(path.join(cacheDir(), 'go-peers', h.digest('hex').slice(0, 12)), async (out) => {
    fs.mkdirSync(out, { recursive: true });
    const r = await runProcess(go, ['build', '-o', path.join(out, 'modern'), '.'], { cwd: GO_PEER, env: { ...process.env, GO111MODULE: 'on', GOFLAGS: '-mod=mod' }, timeoutMs: 300_000 });
    if (r.code !== 0) throw new Error(`go build of ${GO_PEER} failed (exit ${String(r.code)}):\n${r.stdout}${r.stderr}`);
  });
  return path.join(dir, 'modern');
}
