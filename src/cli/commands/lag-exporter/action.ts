import type { ExporterSession } from '../../../core/lag-exporter/exporter.js';
import { compileFilters, DEFAULT_LISTEN, parseListen, type FilterFlags } from '../../../core/lag-exporter/options.js';
import { createLogger } from '../../../shared/logger.js';
import type { ConnectionFlags, ConnectionSettings } from '../../options/connection.js';
import { connectionError, isConnectionError, nativeClientOptions, resolveConnection, withConnectionErrors } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

export interface LagExporterCliFlags extends FilterFlags, ConnectionFlags, OutputOptions {
  listen?: string;
  interval: number;
  timeout: number;
  once?: boolean;
}

function describe(err: unknown, settings: ConnectionSettings): string {
  if (isConnectionError(err)) return connectionError(err, settings).message;
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
}

export async function runLagExporterCommand(flags: LagExporterCliFlags, io: CliIO): Promise<number> {
  const filters = compileFilters(flags);
  const listen = parseListen(flags.listen ?? DEFAULT_LISTEN);
  const json = resolveOutputFormat(flags) === 'json';
  const settings = await resolveConnection(flags, io, { clientId: 'tkafka-lag-exporter' });
  const { NativeClient } = await import('../../../client/native/client.js');
  const { NativeGroupAdmin } = await import('../../../core/consumer-groups/admin.js');
  const { LagExporter } = await import('../../../core/lag-exporter/exporter.js');
  const connect = async (): Promise<ExporterSession> => {
    const client = await NativeClient.connect(nativeClientOptions(settings));
    return { client, admin: new NativeGroupAdmin(client, { timeoutMs: flags.timeout }), close: () => client.close() };
  };
  const log = createLogger((line) => io.stderr.write(`${line}\n`));

  if (flags.once === true) {
    // One collection; a failure is the tool's one-line error, as for any other tool.
    let failure: unknown;
    const exporter = new LagExporter({
      connect: () => withConnectionErrors(settings, connect),
      filters,
      intervalMs: flags.interval,
      log: { ...log, error: () => undefined, info: () => undefined },
      describeError: (err) => {
        failure = err;
        return describe(err, settings);
      },
    });
    const ok = await exporter.collectOnce();
    await exporter.stop();
    if (!ok) throw failure instanceof Error && isConnectionError(failure) ? connectionError(failure, settings) : failure;
    if (json) writeJson(io, exporter.current);
    else io.stdout.write(await exporter.registry.metrics());
    return 0;
  }

  const exporter = new LagExporter({ connect, filters, intervalMs: flags.interval, log, describeError: (err) => describe(err, settings) });
  const bound = await exporter.listen(listen);
  const host = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
  log.info(`Serving http://${host}:${bound.port}/metrics, collecting from ${settings.bootstrap} every ${flags.interval / 1000}s.`);
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const unregister = io.onInterrupt(() => stop());
  try {
    exporter.startCollecting();
    await stopped;
  } finally {
    unregister();
    await exporter.stop();
  }
  log.info('Stopped.');
  return 0;
}
