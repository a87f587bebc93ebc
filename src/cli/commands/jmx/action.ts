import { jmxRuntime, parseJmxOptions, runJmx, type JmxFlags } from '../../../core/jmx/run.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { resolveOutputFormat, writeJsonLine, type OutputOptions } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

export interface JmxCliFlags extends JmxFlags, OutputOptions {}

export async function runJmxCommand(flags: JmxCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const opts = parseJmxOptions(flags);
  let interrupt: () => void = () => undefined;
  let interrupted = false;
  const stop = new Promise<void>((r) => (interrupt = r));
  const unregister = io.onInterrupt(() => {
    interrupted = true;
    interrupt();
  });
  try {
    await runJmx(opts, jmxRuntime(stop), {
      info: (line) => io.stderr.write(`${line}\n`),
      line: (text) => io.stdout.write(`${text}\n`),
      ...(json ? { row: (time: string, values: Record<string, unknown>) => writeJsonLine(io, { time, values }) } : {}),
    });
  } finally {
    unregister();
  }
  return interrupted ? EXIT_CODES.INTERRUPTED : EXIT_CODES.OK;
}
