// kafka-jmx's loop (src/core/jmx/run.ts) over a fake MBean server and clock: Kafka's expected-attribute
// count decides whether the header and rows print, nulls (dropped by the original format, "null" in the
// others), the poll interval, the connect retries, and a failure after connecting as one line.
import { describe, expect, it } from 'vitest';
import { JrmpTransportError } from '../../../src/core/jmx/jrmp.js';
import { JmxConnectError, type JmxAttribute } from '../../../src/core/jmx/client.js';
import { parseJmxOptions, runJmx, type JmxFlags, type JmxRuntime, type MBeanServer } from '../../../src/core/jmx/run.js';
import { TkafkaError } from '../../../src/shared/errors.js';

type Beans = Record<string, Record<string, JmxAttribute['value']>>;

function fakeServer(beans: Beans, opts: { failOnPoll?: number } = {}): MBeanServer & { polls: number; closed: boolean } {
  const s = {
    polls: 0,
    closed: false,
    queryNames: (name: string | null) => Promise.resolve(Object.keys(beans).filter((n) => name === null || n === name || (name.endsWith(',*') && n.startsWith(name.slice(0, -2))))),
    attributeNames: (name: string) => Promise.resolve(Object.keys(beans[name] ?? {})),
    getAttributes: (name: string, attrs: readonly string[]) => {
      s.polls++;
      if (opts.failOnPoll !== undefined && s.polls >= opts.failOnPoll) return Promise.reject(new JrmpTransportError('connection closed', 'closed'));
      return Promise.resolve(attrs.filter((a) => a in (beans[name] ?? {})).map((a) => ({ name: a, value: beans[name]?.[a] ?? null })));
    },
    close: () => {
      s.closed = true;
      return Promise.resolve();
    },
  };
  return s;
}

async function run(flags: JmxFlags, server: MBeanServer, rt: Partial<JmxRuntime> = {}): Promise<{ out: string[]; info: string[] }> {
  const out: string[] = [];
  const info: string[] = [];
  let now = 1_700_000_000_000;
  await runJmx(
    parseJmxOptions({ jmxUrl: 'service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi', ...flags }),
    {
      connect: () => Promise.resolve(server),
      now: () => now,
      sleep: (ms) => {
        now += ms;
        return Promise.resolve();
      },
      interrupted: new Promise(() => undefined),
      isKafkaListener: () => Promise.resolve(false),
      ...rt,
    },
    { info: (l) => info.push(l), line: (l) => out.push(l) },
  );
  return { out, info };
}

const BEANS: Beans = { 'k:type=a': { X: 'x', N: null }, 'k:type=b': { Y: 'y' } };

describe('runJmx', () => {
  it("original drops a null value from the row (Kafka's mkString), properties prints it as null", async () => {
    const original = await run({ objectName: ['k:type=a'], oneTime: true }, fakeServer(BEANS));
    expect(original.out).toEqual(['"time","k:type=a:N","k:type=a:X"', '1700000000000,x']);
    expect(original.info).toEqual(['Trying to connect to JMX url: service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi']);
    const props = await run({ objectName: ['k:type=a'], oneTime: true, reportFormat: 'Properties' }, fakeServer(BEANS));
    expect(props.out).toEqual(['time=1700000000000', 'k:type=a:N=null', 'k:type=a:X=x']);
  });

  it('names without patterns and --attributes: Kafka expects every attribute of every name, so a missing one prints nothing', async () => {
    const r = await run({ objectName: ['k:type=a', 'k:type=b'], attributes: 'X,Y', oneTime: true }, fakeServer(BEANS));
    expect(r.out).toEqual([]);
    const pattern = await run({ objectName: ['k:type=a,*', 'k:type=b,*'], attributes: 'X,Y', oneTime: true, reportFormat: 'tsv' }, fakeServer(BEANS));
    expect(pattern.out).toEqual(['time\t1700000000000', 'k:type=a:X\tx', 'k:type=b:Y\ty']);
  });

  it('a failure while polling is one line and closes the connection; --reporting-interval -1 is once, --date-format formats the time', async () => {
    const server = fakeServer(BEANS, { failOnPoll: 7 });
    // Polls 1-2 count the attributes, 3-4 make the keys, then two getAttributes a row: the 7th call fails.
    const err = await run({ objectName: ['k:type=a', 'k:type=b'], reportingInterval: '500', reportFormat: 'csv' }, server).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TkafkaError);
    expect((err as Error).message).toBe('The connection to the JMX server failed: connection closed');
    expect(server.closed).toBe(true);
    const once = await run({ objectName: ['k:type=b'], reportingInterval: '-1', dateFormat: "yyyy'!'" }, fakeServer(BEANS));
    expect(once.out).toEqual(['"time","k:type=b:Y"', `${new Date(1_700_000_000_000).getFullYear()}!,y`]);
  });

  it("retries the connection for 10 s with Kafka's lines, then Kafka's message; a non-RMI endpoint stops at once", async () => {
    let attempts = 0;
    const err = await run({ oneTime: true }, fakeServer(BEANS), {
      connect: () => {
        attempts++;
        return Promise.reject(new JmxConnectError('Failed to retrieve RMIServer stub: boom', 'refused'));
      },
    }).catch((e: unknown) => e);
    expect(attempts).toBe(100);
    expect((err as Error).message).toBe('Could not connect to JMX url service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi after 10000 ms.');
    const notRmi = await run({ oneTime: true }, fakeServer(BEANS), {
      connect: () => Promise.reject(new JmxConnectError('Failed to retrieve RMIServer stub: x', 'not-jrmp')),
      isKafkaListener: () => Promise.resolve(true),
    }).catch((e: unknown) => e);
    expect((notRmi as Error).message).toBe('Could not connect to JMX url service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi: 127.0.0.1:9999 is not a JMX (RMI) endpoint: it is a Kafka listener.');
  });
});
