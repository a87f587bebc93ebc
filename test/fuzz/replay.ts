// Replays the fuzzer's corpus (test/fuzz/corpus/*.json): frames that once crashed, hung or broke the
// broker, each sent again on its own connection, with what must happen to it now.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FrameSplitter } from '../../src/protocol/codec/frame.js';
import { checkResponse, hasErrorCode } from './fuzzer.js';

export interface CorpusEntry {
  readonly file: string;
  /** What the frame did before the fix, and the fix. */
  readonly finding: string;
  /** How it was found: the fuzzer's seed and iteration. */
  readonly found?: string;
  /** Request frames (size prefix included), hex, sent in order on one connection. */
  readonly frames: readonly string[];
  /** What every frame must get: an answer (decodable, its correlation id) or the connection closed. */
  readonly expect: 'answer' | 'close';
  /** Error codes every answer must carry somewhere (e.g. Kafka's INVALID_REQUEST). */
  readonly errorCodes?: readonly number[];
}

const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

export function loadCorpus(): CorpusEntry[] {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, ...(JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, f), 'utf8')) as Omit<CorpusEntry, 'file'>) }));
}

export interface ReplayOutcome {
  /** Per frame: the response body as decoded, or null when the connection closed first. */
  readonly answers: unknown[];
  readonly closed: boolean;
  /** Why an answer is not a valid response to its request, if one is not. */
  readonly problems: string[];
}

/** Sends the frames one after another, each after the previous one's answer; stops at a close. */
export function replay(port: number, framesHex: readonly string[], deadlineMs = 30_000): Promise<ReplayOutcome> {
  return new Promise((resolve, reject) => {
    const frames = framesHex.map((h) => Buffer.from(h, 'hex'));
    const socket = net.connect({ host: '127.0.0.1', port });
    const splitter = new FrameSplitter(256 * 1024 * 1024);
    const answers: unknown[] = [];
    const problems: string[] = [];
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      socket.destroy();
      resolve({ answers, closed, problems });
    };
    const sendNext = (): void => {
      const f = frames[answers.length];
      if (f === undefined) {
        done();
        return;
      }
      timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`frame ${answers.length} unanswered after ${deadlineMs} ms on an open connection`));
      }, deadlineMs);
      socket.write(f);
    };
    socket.once('connect', sendNext);
    socket.on('data', (chunk: Buffer) => {
      for (const res of splitter.push(chunk)) {
        if (timer !== undefined) clearTimeout(timer);
        const f = frames[answers.length] as Buffer;
        const req = { apiKey: f.readInt16BE(4), version: f.readInt16BE(6), correlationId: f.readInt32BE(8) };
        if (res.readInt32BE(0) !== req.correlationId) problems.push(`frame ${answers.length}: correlation id ${res.readInt32BE(0)}, sent ${req.correlationId}`);
        const check = checkResponse(req, res);
        if (check.ok) answers.push(check.body);
        else {
          problems.push(`frame ${answers.length}: ${check.why}`);
          answers.push(null);
        }
        sendNext();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      while (answers.length < frames.length) answers.push(null);
      done();
    });
  });
}

export { hasErrorCode };
