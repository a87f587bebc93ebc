import { brokerStatus } from '../../../broker/daemon/status.js';
import type { BrokerStatus } from '../../../broker/daemon/status.js';
import { formatHostPort } from '../../../broker/daemon/net.js';
import { formatFields, resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { loadStyle } from '../../output/style.js';
import { dataDirOf, formatBytes, formatUptime } from './shared.js';

export interface StatusFlags {
  dataDir?: string;
  json?: boolean;
  output?: string;
}

/** Exit 0 when a broker is running, 1 when not (like `pg_ctl status`), in both output formats. */
export async function runStatus(flags: StatusFlags, io: CliIO): Promise<number> {
  const format = resolveOutputFormat(flags);
  const status = await brokerStatus(dataDirOf(flags, io));
  if (format === 'json') writeJson(io, status);
  else io.stdout.write(await renderStatus(status, io));
  return status.running ? 0 : 1;
}

async function renderStatus(s: BrokerStatus, io: CliIO): Promise<string> {
  const style = await loadStyle(io.stdoutColor);
  const fields: Array<[string, string]> = [];
  let headline: string;
  if (s.state === 'stopped') headline = `Broker is ${style.yellow('not running')}`;
  else {
    headline = s.state === 'running' ? `Broker is ${style.green('running')}` : `Broker is ${style.yellow('starting')}`;
    fields.push(['address', s.host === null || s.port === null ? '-' : formatHostPort(s.host, s.port)]);
    if (s.advertisedHost !== null && s.advertisedHost !== s.host) fields.push(['advertised', s.bootstrapServer ?? '-']);
    fields.push(['pid', String(s.pid)], ['uptime', s.uptimeMs === null ? '-' : formatUptime(s.uptimeMs)]);
  }
  fields.push(
    ['data dir', s.dataDir],
    ['log file', s.logFile],
    ['topics', String(s.topics)],
    ['partitions', String(s.partitions)],
    ['disk usage', `${formatBytes(s.bytesOnDisk)}${s.bytesOnDisk >= 1024 ? ` (${s.bytesOnDisk} bytes)` : ''}`],
  );
  return `${headline}\n${formatFields(fields)}\n`;
}
