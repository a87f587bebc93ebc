// kafka-client-metrics.sh (ClientMetricsCommand, Kafka 4.4): client metrics subscriptions, i.e. the
// CLIENT_METRICS config resources, listed with ListClientMetricsResources, described with
// DescribeConfigs and changed with IncrementalAlterConfigs (over core/configs/admin.ts), with
// Kafka's argument checks, output lines and messages.
import { UsageError } from '../../shared/errors.js';
import { ConfigsRuntimeError, ResourceType, type ConfigsAdmin } from '../configs/admin.js';

export const USAGE_HINT = "Run 'tkafka client-metrics --help' for usage.";

export interface ClientMetricsFlags {
  alter?: boolean;
  delete?: boolean;
  describe?: boolean;
  list?: boolean;
  name?: string;
  generateName?: boolean;
  /** --interval as given (Kafka 4.4 takes a string: empty resets the interval). */
  interval?: string;
  /** --match / --metrics occurrences, each comma-separated (jopt-simple's withValuesSeparatedBy). */
  match?: string[];
  metrics?: string[];
}

export type ClientMetricsAction = 'alter' | 'delete' | 'describe' | 'list';

const usage = (m: string): UsageError => new UsageError(m, USAGE_HINT);

/** ClientMetricsCommandOptions.checkArgs, in Kafka's order and with its messages. */
export function checkClientMetricsArgs(f: ClientMetricsFlags): ClientMetricsAction {
  const actions = (['alter', 'delete', 'describe', 'list'] as const).filter((a) => f[a] === true);
  const action = actions[0];
  if (actions.length !== 1 || action === undefined) throw usage('Command must include exactly one action: --alter, --delete, --describe or --list.');
  const given: ReadonlyArray<readonly [string, unknown]> = [
    ['name', f.name],
    ['generate-name', f.generateName],
    ['interval', f.interval],
    ['match', f.match],
    ['metrics', f.metrics],
  ];
  const invalid = (opt: string, others: readonly string[]): void => {
    const bad = given.find(([n, v]) => others.includes(n) && v !== undefined);
    if (bad !== undefined) throw usage(`Option "[${opt}]" can't be used with option "[${bad[0]}]"`);
  };
  if (action === 'delete') invalid('delete', ['generate-name', 'interval', 'match', 'metrics']);
  if (action === 'describe') invalid('describe', ['generate-name', 'interval', 'match', 'metrics']);
  if (action === 'list') invalid('list', ['name', 'generate-name', 'interval', 'match', 'metrics']);
  const hasName = f.name !== undefined;
  if (action === 'alter') {
    if (hasName === (f.generateName === true)) throw usage('One of --name or --generate-name must be specified with --alter.');
    if (f.interval !== undefined && f.interval !== '' && !/^[+-]?\d+$/.test(f.interval)) throw usage('Invalid interval value. Enter an integer, or leave empty to reset.');
    if (f.interval !== undefined && f.interval !== '' && (Number(f.interval) > 2147483647 || Number(f.interval) < -2147483648)) {
      throw usage('Invalid interval value. Enter an integer, or leave empty to reset.');
    }
  }
  if (action === 'delete' && !hasName) throw usage('A client metrics resource name must be specified with --delete.');
  return action;
}

/** A failure ClientMetricsCommand prints as "Error while executing client metrics command : <message>". */
export class ClientMetricsError extends Error {
  override readonly name = 'ClientMetricsError';
}

/** The exception's getMessage() (ConfigsAdmin words failures as "org.apache.kafka...X: message"). */
function plainMessage(err: ConfigsRuntimeError): string {
  return err.message.replace(/^org\.apache\.kafka\.common\.errors\.\w+: /, '');
}

async function admin<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ConfigsRuntimeError) throw new ClientMetricsError(plainMessage(err));
    throw err;
  }
}

export interface ClientMetricsResult {
  text: string;
  json: unknown;
}

const joinValues = (values: readonly string[]): string => values.flatMap((v) => v.split(',')).join(',');

export async function runClientMetrics(action: ClientMetricsAction, f: ClientMetricsFlags, a: ConfigsAdmin, newName: () => string): Promise<ClientMetricsResult> {
  const type = ResourceType.CLIENT_METRICS;
  switch (action) {
    case 'list': {
      const names = await admin(() => a.listClientMetrics());
      return { text: `${names.join('\n')}\n`, json: { resources: names } };
    }
    case 'describe': {
      const all = await admin(() => a.listClientMetrics());
      let names = all;
      if (f.name !== undefined) {
        if (!all.includes(f.name)) {
          return { text: `The client metric resource ${f.name} doesn't exist and doesn't have dynamic config.\n`, json: { resources: [] } };
        }
        names = [f.name];
      }
      let text = '';
      const resources: Array<{ name: string; configs: Record<string, string | null> }> = [];
      for (const name of names) {
        const entries = await admin(() => a.describeConfigs(type, name, false));
        text += `Client metrics configs for ${name} are:\n`;
        for (const e of entries) text += `  ${e.name}=${e.value ?? 'null'}\n`;
        resources.push({ name, configs: Object.fromEntries(entries.map((e) => [e.name, e.value])) });
      }
      return { text, json: { resources } };
    }
    case 'alter': {
      const name = f.generateName === true ? newName() : (f.name ?? '');
      const values = new Map<string, string>();
      // Sent as given (Kafka 4.4 passes the string on; the broker parses it).
      if (f.interval !== undefined) values.set('interval.ms', f.interval);
      if (f.metrics !== undefined) values.set('metrics', joinValues(f.metrics));
      if (f.match !== undefined) values.set('match', joinValues(f.match));
      // An empty value is a DELETE of that key (ClientMetricsCommand.alterClientMetrics).
      const set = new Map([...values].filter(([, v]) => v !== ''));
      const del = [...values].filter(([, v]) => v === '').map(([k]) => k);
      await admin(() => a.incrementalAlterConfigs(type, name, set, del));
      return { text: `Altered client metrics config for ${name}.\n`, json: { altered: name, set: Object.fromEntries(set), deleted: del } };
    }
    case 'delete': {
      const name = f.name ?? '';
      const entries = await admin(() => a.describeConfigs(type, name, false));
      await admin(() => a.incrementalAlterConfigs(type, name, new Map(), entries.map((e) => e.name)));
      return { text: `Deleted client metrics config for ${name}.\n`, json: { deleted: name } };
    }
  }
}
