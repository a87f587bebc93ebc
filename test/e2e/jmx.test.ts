// `tkafka jmx` (kafka-jmx.sh) through bin/tkafka.js: help, usage errors, a port where nothing listens
// (Kafka's 10 s of retries and its message), our own broker (no JMX: the error points at its Prometheus
// endpoint), and a real MBean server: an RMI endpoint served by a fake written from the JRMP and
// serialization specs, so this tier needs no JVM (the reference tier runs the real Kafka).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBJECT_NAME_CLASS } from '../../src/core/jmx/client.js';
import { NeedMoreData, ObjectReader, ObjectWriter, SC, type ValueOut, type WriteClass } from '../../src/core/jmx/serial.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runCli } from '../helpers/cli.js';
import { freePort } from '../helpers/ports.js';

const NUMBER: WriteClass = { name: 'java.lang.Number', suid: -8742448824652078965n, flags: SC.SERIALIZABLE };
const LONG: WriteClass = { name: 'java.lang.Long', suid: 4290774380558885855n, flags: SC.SERIALIZABLE, fields: [{ type: 'J', name: 'value' }], superClass: NUMBER };
const DOUBLE: WriteClass = { name: 'java.lang.Double', suid: -9172774392245257468n, flags: SC.SERIALIZABLE, fields: [{ type: 'D', name: 'value' }], superClass: NUMBER };
const long = (v: bigint): ValueOut => ({ kind: 'write-object', cls: LONG, fields: { 'java.lang.Long': { value: v } } });
const double = (v: number): ValueOut => ({ kind: 'write-object', cls: DOUBLE, fields: { 'java.lang.Double': { value: v } } });
const objectName = (n: string): ValueOut => ({ kind: 'write-object', cls: OBJECT_NAME_CLASS, extra: { [OBJECT_NAME_CLASS.name]: (w) => w.writeObject(n) } });
const HASH_SET: WriteClass = { name: 'java.util.HashSet', suid: -5024744406713321676n, flags: SC.SERIALIZABLE | SC.WRITE_METHOD };
const ARRAY_LIST: WriteClass = { name: 'java.util.ArrayList', suid: 8683452581122892189n, flags: SC.SERIALIZABLE | SC.WRITE_METHOD, fields: [{ type: 'I', name: 'size' }] };
const ATTRIBUTE_LIST: WriteClass = { name: 'javax.management.AttributeList', suid: -4077085769279709076n, flags: SC.SERIALIZABLE, superClass: ARRAY_LIST };
const ATTRIBUTE: WriteClass = { name: 'javax.management.Attribute', suid: 2484220110589082382n, flags: SC.SERIALIZABLE, fields: [{ type: 'L', name: 'name', className: 'Ljava/lang/String;' }, { type: 'L', name: 'value', className: 'Ljava/lang/Object;' }] };
const FEATURE: WriteClass = { name: 'javax.management.MBeanFeatureInfo', suid: 3952882688968447265n, flags: SC.SERIALIZABLE, fields: [{ type: 'L', name: 'description', className: 'Ljava/lang/String;' }, { type: 'L', name: 'name', className: 'Ljava/lang/String;' }] };
const ATTR_INFO: WriteClass = { name: 'javax.management.MBeanAttributeInfo', suid: 8644704819898565848n, flags: SC.SERIALIZABLE, superClass: FEATURE };
const ATTR_INFO_ARRAY: WriteClass = { name: '[Ljavax.management.MBeanAttributeInfo;', suid: 1n, flags: SC.SERIALIZABLE };
const MBEAN_INFO: WriteClass = { name: 'javax.management.MBeanInfo', suid: -6451021435135161911n, flags: SC.SERIALIZABLE, fields: [{ type: 'L', name: 'attributes', className: '[Ljavax/management/MBeanAttributeInfo;' }, { type: 'L', name: 'className', className: 'Ljava/lang/String;' }] };
const REMOTE_OBJECT: WriteClass = { name: 'java.rmi.server.RemoteObject', suid: -3215090123894869218n, flags: SC.SERIALIZABLE | SC.WRITE_METHOD };
const STUB = (name: string): WriteClass => ({ name, suid: 2n, flags: SC.SERIALIZABLE, superClass: { name: 'java.rmi.server.RemoteStub', suid: -1585587260594494182n, flags: SC.SERIALIZABLE, superClass: REMOTE_OBJECT } });

/** The MBeans the fake serves: name → attributes in MBeanInfo order. */
const MBEANS = new Map<string, Array<[string, ValueOut]>>([
  ['kafka.server:type=app-info,id=1', [['Version', '4.4.0'], ['CommitId', 'abc'], ['StartTimeMs', long(1700000000000n)]]],
  ['kafka.server:type=KafkaServer,name=BrokerState', [['Value', double(3)]]],
  ['kafka.controller:type=KafkaController,name=ActiveControllerCount', [['Value', long(1n)]]],
]);

function matches(pattern: string | null, name: string): boolean {
  if (pattern === null) return true;
  if (pattern.endsWith(',*')) return name.startsWith(pattern.slice(0, -2));
  return pattern === name;
}

/** An RMI registry and JMX connector server on one port, from the JRMP spec: lookup, newClient, then RMIConnection's calls by method hash. */
async function fakeJmxServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    let stage = 0;
    sock.on('error', () => undefined);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (stage === 0) {
          if (buf.length < 7) return;
          buf = buf.subarray(7);
          sock.write(Buffer.from('4e00093132372e302e302e3100000000', 'hex'));
          stage = 1;
          continue;
        }
        if (stage === 1) {
          if (buf.length < 2 || buf.length < 6 + buf.readUInt16BE(0)) return;
          buf = buf.subarray(6 + buf.readUInt16BE(0));
          stage = 2;
          continue;
        }
        if (buf.length === 0) return;
        let objNum: bigint;
        let args: unknown[] = [];
        let end: number;
        try {
          const r = new ObjectReader(buf, 1);
          objNum = r.readLong();
          r.readInt();
          r.readLong();
          r.readShort();
          r.readInt();
          const hash = r.readLong();
          // Argument counts by who is called: registry lookup 1, newClient 1, then queryNames 3, getMBeanInfo 2, getAttributes 3, close 0.
          const count = objNum === 0n ? 1 : objNum === 10n ? 1 : hash === -4742752445160157748n ? 0 : hash === -7404813916326233354n ? 2 : 3;
          args = Array.from({ length: count }, () => r.readObject());
          end = r.position;
          const w = new ObjectWriter();
          for (const x of [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) w.writeByte(x);
          const stub = (cls: string, num: bigint): ValueOut => ({
            kind: 'write-object',
            cls: STUB(cls),
            extra: {
              'java.rmi.server.RemoteObject': (x) => {
                x.writeUTF('UnicastRef');
                x.writeUTF('127.0.0.1');
                x.writeInt((server.address() as net.AddressInfo).port);
                x.writeLong(num);
                x.writeInt(0);
                x.writeLong(0n);
                x.writeShort(0);
                x.writeBoolean(false);
              },
            },
          });
          const nameOf = (v: unknown): string | null => (v === null ? null : ((v as { classData: Array<{ annotations: unknown[] }> }).classData[0]?.annotations.find((a) => typeof a === 'string') as string));
          if (objNum === 0n) w.writeObject(stub('javax.management.remote.rmi.RMIServerImpl_Stub', 10n));
          else if (objNum === 10n) w.writeObject(stub('javax.management.remote.rmi.RMIConnectionImpl_Stub', 11n));
          else if (hash === -4742752445160157748n) void 0;
          else if (hash === 9152567528369059802n) {
            const q = nameOf(args[0]);
            const names = [...MBEANS.keys()].filter((n) => matches(q, n));
            w.writeObject({ kind: 'write-object', cls: HASH_SET, extra: { 'java.util.HashSet': (x) => { x.writeInt(16); x.writeInt(0x3f400000); x.writeInt(names.length); for (const n of names) x.writeObject(objectName(n)); } } });
          } else if (hash === -7404813916326233354n) {
            const attrs = MBEANS.get(nameOf(args[0]) as string) ?? [];
            w.writeObject({
              kind: 'write-object',
              cls: MBEAN_INFO,
              fields: { 'javax.management.MBeanInfo': { className: 'Fake', attributes: { kind: 'write-array', cls: ATTR_INFO_ARRAY, values: attrs.map(([n]) => ({ kind: 'write-object', cls: ATTR_INFO, fields: { 'javax.management.MBeanFeatureInfo': { name: n, description: '' } } })) } } },
            });
          } else {
            const attrs = MBEANS.get(nameOf(args[0]) as string) ?? [];
            const wanted = ((args[1] as { values: string[] }).values);
            const list = attrs.filter(([n]) => wanted.includes(n));
            w.writeObject({ kind: 'write-object', cls: ATTRIBUTE_LIST, fields: { 'java.util.ArrayList': { size: list.length } }, extra: { 'java.util.ArrayList': (x) => { x.writeInt(list.length); for (const [n, v] of list) x.writeObject({ kind: 'write-object', cls: ATTRIBUTE, fields: { 'javax.management.Attribute': { name: n, value: v } } }); } } });
          }
          sock.write(Buffer.concat([Buffer.from([0x51]), w.toBuffer()]));
        } catch (err) {
          if (err instanceof NeedMoreData) return;
          throw err;
        }
        buf = buf.subarray(end);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

let fake: { port: number; close(): Promise<void> };
let broker: TestBroker;
beforeAll(async () => {
  fake = await fakeJmxServer();
  broker = await startTestBroker();
});
afterAll(async () => {
  await fake.close();
  await broker.dispose();
});

const url = (port: number): string => `service:jmx:rmi:///jndi/rmi://127.0.0.1:${port}/jmxrmi`;

describe('tkafka jmx', () => {
  it('--help names the script and the options', async () => {
    const r = await runCli(['jmx', '--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('(kafka-jmx.sh)');
    for (const o of ['--jmx-url', '--object-name', '--attributes', '--reporting-interval', '--one-time', '--report-format', '--date-format', '--wait', '--jmx-auth-prop', '--jmx-ssl-enable']) expect(r.stdout).toContain(o);
  });

  it('bad input is one line and exit 2: a URL, an ObjectName, an interval', async () => {
    const cases: Array<[string[], string]> = [
      [['--jmx-url', 'localhost:9999'], 'tkafka: Service URL must start with service:jmx:'],
      [['--jmx-url', 'service:jmx:jmxmp://h:1'], 'tkafka: Unsupported protocol: jmxmp'],
      [['--object-name', 'kafka.server'], 'tkafka: javax.management.MalformedObjectNameException: Key properties cannot be empty'],
      [['--reporting-interval', 'soon'], "tkafka: Cannot parse argument 'soon' of option reporting-interval"],
      [['--attributes', 'Value', '--attributes', 'Count'], 'tkafka: Found multiple arguments for option attributes, but you asked for only one'],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['jmx', ...args, '--one-time']);
      expect([r.exitCode, r.stdout, r.stderr.split('\n')[0]], args.join(' ')).toEqual([2, '', message]);
      expect(r.stderr.trim().split('\n').length, args.join(' ')).toBeLessThanOrEqual(2);
    }
  });

  it("an unknown --report-format is Kafka's 'original'", async () => {
    const r = await runCli(['jmx', '--jmx-url', url(fake.port), '--object-name', 'kafka.server:type=KafkaServer,name=BrokerState', '--one-time', '--report-format', 'xml']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^"time","kafka.server:type=KafkaServer,name=BrokerState:Value"\n\d+,3\.0\n$/);
  });

  it('reads MBeans in each report format: keys sorted, "time" first, values as Java prints them', async () => {
    const base = ['jmx', '--jmx-url', url(fake.port), '--object-name', 'kafka.server:type=app-info,*', '--object-name', 'kafka.server:type=KafkaServer,name=BrokerState', '--one-time', 'true'];
    const norm = (s: string): string => s.replace(/\d{13}(?!\d)/g, (m) => (m === '1700000000000' ? m : 'T'));
    const keys = ['kafka.server:type=KafkaServer,name=BrokerState:Value', 'kafka.server:type=app-info,id=1:CommitId', 'kafka.server:type=app-info,id=1:StartTimeMs', 'kafka.server:type=app-info,id=1:Version'];
    const values = ['3.0', 'abc', '1700000000000', '4.4.0'];
    const original = await runCli(base);
    expect(original.stderr).toBe(`Trying to connect to JMX url: ${url(fake.port)}\n`);
    expect(norm(original.stdout)).toBe(`"time",${keys.map((k) => `"${k}"`).join(',')}\nT,${values.join(',')}\n`);
    const props = await runCli([...base, '--report-format', 'properties']);
    expect(norm(props.stdout)).toBe(`time=T\n${keys.map((k, i) => `${k}=${values[i]}\n`).join('')}`);
    const csv = await runCli([...base, '--report-format', 'CSV']);
    expect(norm(csv.stdout)).toBe(`time,"T"\n${keys.map((k, i) => `${k},"${values[i]}"\n`).join('')}`);
    const tsv = await runCli([...base, '--report-format', 'tsv', '--attributes', 'Value,Version']);
    expect(norm(tsv.stdout)).toBe(`time\tT\n${keys[0]}\t3.0\n${keys[3]}\t4.4.0\n`);
    const json = await runCli([...base, '-o', 'json', '--date-format', "yyyy'-'MM"]);
    const row = JSON.parse(json.stdout) as { time: string; values: Record<string, unknown> };
    expect(row.time).toMatch(/^\d{4}-\d{2}$/);
    expect(row.values).toEqual({ [keys[0] as string]: 3, [keys[1] as string]: 'abc', [keys[2] as string]: 1700000000000, [keys[3] as string]: '4.4.0' });
  });

  it('a /stub/ URL (a connector server\'s own address: the base64 of its serialized stub) needs no registry', async () => {
    const w = new ObjectWriter(false);
    w.writeObject({
      kind: 'write-object',
      cls: STUB('javax.management.remote.rmi.RMIServerImpl_Stub'),
      extra: {
        'java.rmi.server.RemoteObject': (x) => {
          x.writeUTF('UnicastRef');
          x.writeUTF('127.0.0.1');
          x.writeInt(fake.port);
          // ObjID: the fake's RMIServer is object 10 (long), UID 0 (int, long, short).
          x.writeLong(10n);
          x.writeInt(0);
          x.writeLong(0n);
          x.writeShort(0);
          x.writeBoolean(false);
        },
      },
    });
    const stubUrl = `service:jmx:rmi:///stub/${w.toBuffer().toString('base64')}`;
    const r = await runCli(['jmx', '--jmx-url', stubUrl, '--object-name', 'kafka.server:type=KafkaServer,name=BrokerState', '--one-time', '--report-format', 'tsv']);
    expect([r.exitCode, r.stderr]).toEqual([0, `Trying to connect to JMX url: ${stubUrl}\n`]);
    expect(r.stdout).toMatch(/^time\t\d{13}\nkafka.server:type=KafkaServer,name=BrokerState:Value\t3\.0\n$/);
  });

  it("polls every --reporting-interval (no header repeat) until interrupted", async () => {
    const r = await runCli(['jmx', '--jmx-url', url(fake.port), '--object-name', 'kafka.controller:type=KafkaController,name=ActiveControllerCount', '--reporting-interval', '100'], {
      onSpawn: (child) => setTimeout(() => child.kill('SIGINT'), 1500),
    });
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('"time","kafka.controller:type=KafkaController,name=ActiveControllerCount:Value"');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines.slice(1)) expect(l).toMatch(/^\d{13},1$/);
    expect(r.exitCode).toBe(130);
  });

  it("Kafka's messages when nothing matches: no attributes, --wait for a missing name", async () => {
    const none = await runCli(['jmx', '--jmx-url', url(fake.port), '--object-name', 'kafka.server:type=Nothing', '--object-name', 'kafka.x:type=y,*', '--one-time']);
    expect([none.exitCode, none.stdout, none.stderr]).toEqual([1, '', `Trying to connect to JMX url: ${url(fake.port)}\ntkafka: No matched attributes for the queried objects [kafka.server:type=Nothing, kafka.x:type=y,*].\n`]);
    const wait = await runCli(['jmx', '--jmx-url', url(fake.port), '--object-name', 'kafka.server:type=app-info,id=1', '--object-name', 'kafka.server:type=Nothing', '--wait', '--one-time'], { timeoutMs: 30_000 });
    expect(wait.exitCode).toBe(1);
    expect(wait.stderr).toContain('Could not find all object names, retrying\n');
    expect(wait.stderr.trim().split('\n').at(-1)).toBe('tkafka: Could not find all requested object names after 10000 ms. Missing kafka.server:type=Nothing');
  }, 40_000);

  it("a port where nothing listens: Kafka's retries for 10 s, then its message, exit 1", async () => {
    const port = await freePort();
    const started = Date.now();
    const r = await runCli(['jmx', '--jmx-url', url(port), '--one-time'], { timeoutMs: 30_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`Trying to connect to JMX url: ${url(port)}`);
    expect(lines[1]).toBe(`Could not connect to JMX url: ${url(port)}. Exception: Failed to retrieve RMIServer stub: javax.naming.ServiceUnavailableException [Root exception is java.rmi.ConnectException: Connection refused to host: 127.0.0.1; nested exception is: `);
    expect(lines[2]).toBe('\tjava.net.ConnectException: Connection refused].');
    expect(lines.at(-2)).toBe(`tkafka: Could not connect to JMX url ${url(port)} after 10000 ms.`);
  }, 40_000);

  it("tkafka's own broker has no JMX: the error says it is a Kafka listener and points at its Prometheus endpoint", async () => {
    const port = Number(broker.bootstrap.split(':')[1]);
    const started = Date.now();
    const r = await runCli(['jmx', '--jmx-url', url(port), '--one-time']);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-2)).toBe(`tkafka: Could not connect to JMX url ${url(port)}: 127.0.0.1:${port} is not a JMX (RMI) endpoint: it is a Kafka listener.`);
    expect(lines.at(-1)).toContain('its metrics are Prometheus, at http://<host>:<metrics.port>/metrics');
  });
});
