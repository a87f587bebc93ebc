// kafka-jmx (org.apache.kafka.tools.JmxTool): connect (retrying for 10 s as Kafka does), find the
// MBeans the --object-name queries name, count the attributes each should give, print the header
// (original format) and a row per poll: the attributes by "objectName:attribute" in Java String
// order (Kafka's TreeSet), "time" first. A row is printed only when every expected attribute was read
// (Kafka's check of the map's size), so a poll that lost an MBean prints nothing.
import { TkafkaError, UsageError } from '../../shared/errors.js';
import { simpleDateFormat } from '../perf/java-format.js';
import { JmxConnectError, JmxConnection, type JmxAttribute } from './client.js';
import { JrmpTransportError, RemoteJavaException } from './jrmp.js';
import { SerializationError } from './serial.js';
import { canonicalName, MalformedObjectName, parseObjectName, type ObjectName } from './object-name.js';
import { MalformedJmxUrl, parseJmxServiceUrl, rmiJndiTarget, type JmxServiceUrl, type RmiJndiTarget } from './url.js';
import { javaToJson, javaToString } from './values.js';

export const DEFAULT_JMX_URL = 'service:jmx:rmi:///jndi/rmi://:9999/jmxrmi';
export const REPORT_FORMATS = ['original', 'properties', 'csv', 'tsv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The MBean server operations the tool uses (JmxConnection, or a fake in tests). */
export interface MBeanServer {
  queryNames(name: string | null): Promise<string[]>;
  attributeNames(name: string): Promise<string[]>;
  getAttributes(name: string, attributes: readonly string[]): Promise<JmxAttribute[]>;
  close(): Promise<void>;
}

export interface JmxFlags {
  jmxUrl?: string;
  objectName?: string[];
  attributes?: string;
  reportingInterval?: string;
  /** Present (any value, even "false") means one time, as Kafka's options.has(oneTimeOpt). */
  oneTime?: string | boolean;
  reportFormat?: string;
  dateFormat?: string;
  wait?: boolean;
  jmxAuthProp?: string;
  jmxSslEnable?: string;
}

export interface JmxOptions {
  url: JmxServiceUrl;
  target: RmiJndiTarget;
  /** null: every MBean (Kafka's list holding one null query). */
  queries: Array<ObjectName | null>;
  attributesInclude: string[] | undefined;
  intervalMs: number;
  oneTime: boolean;
  format: ReportFormat;
  dateFormat: string | undefined;
  wait: boolean;
  credentials: [string, string] | undefined;
  /** --jmx-ssl-enable given, with any value: Kafka checks only options.has(jmxSslEnableOpt). */
  ssl: boolean;
}

/** JmxToolOptions: the flags' values and checks (bad values are usage errors with joptsimple's or Java's messages). */
export function parseJmxOptions(f: JmxFlags): JmxOptions {
  let intervalMs = 2000;
  if (f.reportingInterval !== undefined) {
    const v = f.reportingInterval.trim();
    if (!/^[+-]?\d+$/.test(v) || Number(v) > 2147483647 || Number(v) < -2147483648) throw new UsageError(`Cannot parse argument '${f.reportingInterval}' of option reporting-interval`);
    intervalMs = Number(v);
  }
  let url: JmxServiceUrl;
  let target: RmiJndiTarget;
  try {
    url = parseJmxServiceUrl(f.jmxUrl ?? DEFAULT_JMX_URL);
    target = rmiJndiTarget(url);
  } catch (err) {
    if (err instanceof MalformedJmxUrl) throw new UsageError(err.message);
    throw err;
  }
  const queries: Array<ObjectName | null> = [];
  for (const s of f.objectName ?? []) {
    try {
      queries.push(parseObjectName(s));
    } catch (err) {
      if (err instanceof MalformedObjectName) throw new UsageError(`javax.management.MalformedObjectNameException: ${err.message}`);
      throw err;
    }
  }
  if (queries.length === 0) queries.push(null);
  const format = (f.reportFormat ?? 'original').toLowerCase();
  let credentials: [string, string] | undefined;
  if (f.jmxAuthProp !== undefined) {
    const eq = f.jmxAuthProp.indexOf('=');
    // Kafka splits on the first "="; without one, JMX's authenticator refuses the one-element array.
    credentials = eq < 0 ? [f.jmxAuthProp, ''] : [f.jmxAuthProp.slice(0, eq), f.jmxAuthProp.slice(eq + 1)];
  }
  return {
    url,
    target,
    queries,
    attributesInclude: f.attributes === undefined ? undefined : f.attributes.split(',').filter((s) => s !== ''),
    intervalMs,
    oneTime: intervalMs < 0 || f.oneTime !== undefined,
    // Kafka prints any other name as "original".
    format: (REPORT_FORMATS as readonly string[]).includes(format) ? (format as ReportFormat) : 'original',
    dateFormat: f.dateFormat,
    wait: f.wait === true,
    credentials,
    ssl: f.jmxSslEnable !== undefined,
  };
}

export interface JmxOutput {
  /** Progress and retries (Kafka's stderr lines). */
  info(line: string): void;
  /** A data line (text formats). */
  line(text: string): void;
  /** One poll's values (-o json); undefined when text is printed. */
  row?: (time: string, values: Record<string, unknown>) => void;
}

export interface JmxRuntime {
  connect(target: RmiJndiTarget, credentials: [string, string] | undefined, ssl: boolean): Promise<MBeanServer>;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Resolves when the user interrupts: the poll loop ends. */
  interrupted: Promise<void>;
  /** Does host:port answer the Kafka protocol? (Asked only of an endpoint that is not RMI.) */
  isKafkaListener(host: string, port: number): Promise<boolean>;
}

const CONNECT_TIMEOUT_MS = 10_000;
const WAIT_TIMEOUT_MS = 10_000;

/** The endpoint answered but is not JMX: a Kafka listener, or tkafka's broker, whose metrics are Prometheus. */
export class NotJmxEndpoint extends TkafkaError {
  constructor(url: string, target: RmiJndiTarget, refused: boolean, kafka: boolean) {
    const why = kafka ? 'it is a Kafka listener' : refused ? 'it refused the RMI protocol' : 'it closed the connection on the RMI (JRMP) handshake';
    super('NOT_JMX', `Could not connect to JMX url ${url}: ${target.registryHost}:${target.registryPort} is not a JMX (RMI) endpoint: ${why}.`, {
      hint: `${kafka ? '' : 'Is it a Kafka listener? '}Point --jmx-url at the broker JVM's remote JMX port (-Dcom.sun.management.jmxremote.port). tkafka's own broker has no JMX: its metrics are Prometheus, at http://<host>:<metrics.port>/metrics (broker start --config metrics.port=9644).`,
    });
  }
}

/** JmxTool.connectToBeanServer: tries for 10 s, a line per attempt, then Kafka's message. */
export async function connectWithRetry(opts: JmxOptions, rt: JmxRuntime, out: JmxOutput): Promise<MBeanServer> {
  const started = rt.now();
  do {
    out.info(`Trying to connect to JMX url: ${opts.url.text}`);
    try {
      return await rt.connect(opts.target, opts.credentials, opts.ssl);
    } catch (err) {
      out.info(`Could not connect to JMX url: ${opts.url.text}. Exception: ${err instanceof Error ? err.message : String(err)}.`);
      // Kafka retries these too; an endpoint that is not RMI, or refused credentials, will not change in 10 s.
      if (err instanceof JmxConnectError && err.kind === 'not-jrmp') {
        throw new NotJmxEndpoint(opts.url.text, opts.target, err.message.includes('non-JRMP'), await rt.isKafkaListener(opts.target.registryHost, opts.target.registryPort));
      }
      if (err instanceof JmxConnectError && err.kind === 'auth') throw new TkafkaError('AUTH_FAILED', `Could not connect to JMX url ${opts.url.text}: ${err.message}`, { exitCode: 3 });
      await rt.sleep(100);
    }
  } while (rt.now() - started < CONNECT_TIMEOUT_MS);
  throw new TkafkaError('JMX_CONNECT', `Could not connect to JMX url ${opts.url.text} after ${CONNECT_TIMEOUT_MS} ms.`);
}

function queriesText(queries: ReadonlyArray<ObjectName | null>): string {
  return `[${queries.map((q) => (q === null ? 'null' : q.text)).join(', ')}]`;
}

/** JmxTool.findObjects: the union of the queries' names; with --wait (and no pattern), until all are there. */
async function findObjects(opts: JmxOptions, conn: MBeanServer, rt: JmxRuntime, out: JmxOutput, hasPattern: boolean): Promise<string[]> {
  const found = new Map<string, string>();
  const wanted = new Set(opts.queries.map((q) => (q === null ? 'null' : q.canonical)));
  const all = (): boolean => found.size === wanted.size && [...found.keys()].every((k) => wanted.has(k));
  const start = rt.now();
  const waiting = !hasPattern && opts.wait;
  do {
    if (found.size > 0) {
      out.info('Could not find all object names, retrying');
      await rt.sleep(100);
    }
    for (const q of opts.queries) for (const n of await conn.queryNames(q === null ? null : q.text)) found.set(canonicalName(n), n);
  } while (waiting && rt.now() - start < WAIT_TIMEOUT_MS && !all());
  if (waiting && !all()) {
    const missing = opts.queries.filter((q): q is ObjectName => q !== null && !found.has(q.canonical)).map((q) => q.text);
    throw new TkafkaError('JMX_NOT_FOUND', `Could not find all requested object names after ${WAIT_TIMEOUT_MS} ms. Missing ${missing.join(',')}`);
  }
  return [...found.values()];
}

/** JmxTool.findNumExpectedAttributes. */
async function expectedAttributes(opts: JmxOptions, conn: MBeanServer, found: readonly string[], hasPattern: boolean): Promise<number> {
  let total = 0;
  let any = false;
  const include = opts.attributesInclude;
  for (const name of found) {
    if (include === undefined) {
      total += (await conn.getAttributes(name, await conn.attributeNames(name))).length;
      any = true;
    } else if (hasPattern) {
      const n = (await conn.getAttributes(name, await conn.attributeNames(name))).filter((a) => include.includes(a.name)).length;
      if (n > 0) {
        total += n;
        any = true;
      }
    } else {
      total += include.length;
      any = true;
    }
  }
  if (!any) throw new TkafkaError('JMX_NO_ATTRIBUTES', `No matched attributes for the queried objects ${queriesText(opts.queries)}.`);
  return total;
}

/** JmxTool.queryAttributes: "objectName:attribute" → value, for the included attributes. */
async function queryAttributes(opts: JmxOptions, conn: MBeanServer, found: readonly string[]): Promise<Map<string, JmxAttribute['value']>> {
  const result = new Map<string, JmxAttribute['value']>();
  for (const name of found) {
    for (const a of await conn.getAttributes(name, await conn.attributeNames(name))) {
      if (opts.attributesInclude === undefined || opts.attributesInclude.includes(a.name)) result.set(`${name}:${a.name}`, a.value);
    }
  }
  return result;
}

/** Java's String.compareTo order (UTF-16 code units), as a TreeSet<String> iterates. */
function javaStringOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The whole tool after option parsing: returns when --one-time is done or the loop is interrupted. */
export async function runJmx(opts: JmxOptions, rt: JmxRuntime, out: JmxOutput): Promise<void> {
  const conn = await connectWithRetry(opts, rt, out);
  let stop = false;
  void rt.interrupted.then(() => (stop = true));
  try {
    const hasPattern = opts.queries.some((q) => q !== null && q.isPattern);
    const found = await findObjects(opts, conn, rt, out, hasPattern);
    const expected = await expectedAttributes(opts, conn, found, hasPattern);
    const keys = ['time', ...[...(await queryAttributes(opts, conn, found)).keys()].sort(javaStringOrder)];
    if (out.row === undefined && opts.format === 'original' && keys.length === expected + 1) out.line(keys.map((k) => `"${k}"`).join(','));
    for (;;) {
      const start = rt.now();
      const attributes = await queryAttributes(opts, conn, found);
      const time = opts.dateFormat === undefined ? String(rt.now()) : simpleDateFormat(opts.dateFormat, rt.now());
      if (attributes.size === expected) printRow(opts.format, keys, time, attributes, out);
      if (opts.oneTime || stop) break;
      await Promise.race([rt.sleep(Math.max(0, opts.intervalMs - (rt.now() - start))), rt.interrupted]);
      if (stop) break;
    }
  } catch (err) {
    throw queryError(err);
  } finally {
    await conn.close();
  }
}

/**
 * A failure after connecting, as one line: the server's exception as Java's toString (an MBean gone
 * between two polls: javax.management.InstanceNotFoundException: name), a lost connection, an answer
 * we could not read. Kafka prints the exception's message and its stack trace, exit 1.
 */
function queryError(err: unknown): unknown {
  if (err instanceof RemoteJavaException) return new TkafkaError('JMX_ERROR', err.javaString, { cause: err });
  if (err instanceof JrmpTransportError) return new TkafkaError('JMX_ERROR', `The connection to the JMX server failed: ${err.message}`, { cause: err });
  if (err instanceof SerializationError) return new TkafkaError('JMX_ERROR', `Could not read the JMX server's answer: ${err.message}`, { cause: err });
  return err;
}

function printRow(format: ReportFormat, keys: readonly string[], time: string, attributes: ReadonlyMap<string, JmxAttribute['value']>, out: JmxOutput): void {
  const text = (k: string): string => (k === 'time' ? time : attributes.has(k) ? javaToString(attributes.get(k)) : 'null');
  if (out.row !== undefined) {
    const values: Record<string, unknown> = {};
    for (const k of keys) if (k !== 'time') values[k] = attributes.has(k) ? javaToJson(attributes.get(k)) : null;
    out.row(time, values);
    return;
  }
  switch (format) {
    case 'properties':
      for (const k of keys) out.line(`${k}=${text(k)}`);
      break;
    case 'csv':
      for (const k of keys) out.line(`${k},"${text(k)}"`);
      break;
    case 'tsv':
      for (const k of keys) out.line(`${k}\t${text(k)}`);
      break;
    case 'original':
      // mkString drops nulls: a null attribute (or a key no longer read) leaves no field.
      out.line(keys.filter((k) => k === 'time' || (attributes.has(k) && attributes.get(k) !== null)).map(text).join(','));
  }
}

/** The real runtime: our RMI client, the wall clock and timers. */
export function jmxRuntime(interrupted: Promise<void>): JmxRuntime {
  return {
    connect: (target, credentials, ssl) => JmxConnection.connect(target, { ssl, ...(credentials === undefined ? {} : { credentials }) }),
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    interrupted,
    isKafkaListener: async (host, port) => (await import('./kafka-probe.js')).isKafkaListener(host, port),
  };
}
