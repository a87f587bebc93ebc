import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { mapClientProperties, parseJaasConfig, parsePropertiesText } from '../../../src/cli/options/command-config.js';
import { addConnectionOptions, connectionError, parseBootstrap, resolveConnection } from '../../../src/cli/options/connection.js';
import type { ConnectionFlags } from '../../../src/cli/options/connection.js';
import { memoryIO } from '../../../src/cli/output/io.js';
import { errorOf } from './error-of.js';
import { UsageError } from '../../../src/shared/errors.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function files(map: Record<string, string>): (p: string) => Buffer {
  return (p) => {
    const v = map[p];
    if (v === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${p}'`), { code: 'ENOENT' });
    return Buffer.from(v);
  };
}

describe('command-config properties', () => {
  it('maps a SASL_SSL file to the exact client settings', () => {
    const text = [
      '# client.properties',
      'security.protocol=SASL_SSL',
      'sasl.mechanism: SCRAM-SHA-512',
      'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\',
      '    username="alice" password="p\\\\\\"q";',
      'ssl.truststore.type=PEM',
      'ssl.truststore.location=/etc/kafka/ca.pem',
      'client.id=my-app',
      'request.timeout.ms=5000',
      'connections.max.idle.ms=60000',
    ].join('\n');
    const mapped = mapClientProperties(parsePropertiesText(text), { readFile: files({ '/etc/kafka/ca.pem': CA }) });
    expect(mapped).toEqual({
      securityProtocol: 'SASL_SSL',
      ssl: { ca: [CA], rejectUnauthorized: true },
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: 'p"q' },
      clientId: 'my-app',
      bootstrapServers: undefined,
      requestTimeoutMs: 5000,
      connectionTimeoutMs: undefined,
      connectionsMaxIdleMs: 60000,
      retries: undefined,
      retryBackoffMs: undefined,
      toolProperties: {},
    });
  });

  it('maps PLAIN over plaintext without TLS, and inline PEM certificates', () => {
    const plain = mapClientProperties(
      {
        'security.protocol': 'sasl_plaintext',
        'sasl.mechanism': 'PLAIN',
        'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required username=bob password="pw";',
      },
      { readFile: files({}) },
    );
    expect(plain.ssl).toBeUndefined();
    expect(plain.sasl).toEqual({ mechanism: 'PLAIN', username: 'bob', password: 'pw' });
    const ssl = mapClientProperties(
      { 'security.protocol': 'SSL', 'ssl.truststore.type': 'PEM', 'ssl.truststore.certificates': CA, 'ssl.endpoint.identification.algorithm': '' },
      { readFile: files({}) },
    );
    expect(ssl.ssl?.ca).toEqual([CA]);
    expect(ssl.ssl?.checkServerIdentity?.('h', {} as never)).toBeUndefined();
  });

  it('names an unsupported key, and accepts tool keys the tool declares', () => {
    const e = errorOf(() => mapClientProperties({ acks: 'all', 'sasl.kerberos.service.name': 'kafka' }, { readFile: files({}), toolKeys: ['acks'] }));
    expect(e.message).toBe("Unsupported client property 'sasl.kerberos.service.name'.");
    expect(e.exitCode).toBe(2);
    const ok = mapClientProperties({ acks: 'all', 'linger.ms': '5' }, { readFile: files({}), toolKeys: ['acks', 'linger.ms'] });
    expect(ok.toolProperties).toEqual({ acks: 'all', 'linger.ms': '5' });
    expect(errorOf(() => mapClientProperties({ acks: '1' }, { readFile: files({}) })).message).toContain("'acks'");
  });

  it('rejects what it cannot do, naming the key', () => {
    const f = { readFile: files({}) };
    expect(errorOf(() => mapClientProperties({ 'security.protocol': 'SASL_SSL' }, f)).message).toContain('GSSAPI');
    expect(errorOf(() => mapClientProperties({ 'security.protocol': 'TLS' }, f)).message).toContain('security.protocol');
    const jks = errorOf(() => mapClientProperties({ 'security.protocol': 'SSL', 'ssl.truststore.location': '/x.jks' }, { readFile: () => Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]) }));
    expect(jks.message).toBe("ssl.truststore.location '/x.jks' is a JKS key store, which tkafka cannot read without a JVM.");
    expect(jks.hint).toContain('keytool -importkeystore -srckeystore /x.jks -destkeystore truststore.p12 -deststoretype PKCS12');
    expect(
      errorOf(() =>
        mapClientProperties(
          {
            'security.protocol': 'SASL_PLAINTEXT',
            'sasl.mechanism': 'PLAIN',
            'sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required username="a" password="b";',
          },
          f,
        ),
      ).message,
    ).toContain('needs PlainLoginModule');
    expect(errorOf(() => mapClientProperties({ 'request.timeout.ms': '5s' }, f)).message).toContain('request.timeout.ms');
  });

  it('parses JAAS entries and rejects malformed ones', () => {
    expect(parseJaasConfig('a.B required  k1="v 1"  k2=v2 ;')).toEqual({ module: 'a.B', flag: 'required', options: { k1: 'v 1', k2: 'v2' } });
    expect(() => parseJaasConfig('a.B required k1="v1"')).toThrow(/missing ';'/);
    expect(() => parseJaasConfig('a.B k1="v1";')).toThrow(/control flag/);
  });
});

describe('resolveConnection', () => {
  it('takes bootstrap from the flag, then the file, then the env, then localhost:9092', async () => {
    const io = memoryIO({ env: { TKAFKA_BOOTSTRAP_SERVER: 'envhost:1' } });
    expect((await resolveConnection({ bootstrapServer: 'a:1,[::1]:2,b' }, io)).brokers).toEqual(['a:1', '[::1]:2', 'b:9092']);
    expect((await resolveConnection({ commandProperty: { 'bootstrap.servers': 'f:3' } }, io)).brokers).toEqual(['f:3']);
    expect((await resolveConnection({}, io)).brokers).toEqual(['envhost:1']);
    const plain = await resolveConnection({}, memoryIO(), { clientId: 'console-producer' });
    expect(plain).toMatchObject({ bootstrap: 'localhost:9092', brokers: ['localhost:9092'], clientId: 'console-producer', securityProtocol: 'PLAINTEXT' });
  });

  it('reads --command-config, with --command-property winning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-cc-'));
    const file = path.join(dir, 'c.properties');
    fs.writeFileSync(file, 'client.id=from-file\nrequest.timeout.ms=1000\n');
    const s = await resolveConnection({ commandConfig: file, commandProperty: { 'client.id': 'from-flag' } }, memoryIO());
    expect(s.clientId).toBe('from-flag');
    expect(s.requestTimeoutMs).toBe(1000);
    await expect(resolveConnection({ commandConfig: path.join(dir, 'missing') }, memoryIO())).rejects.toThrow(/Cannot read --command-config file .*no such file/);
    fs.rmSync(dir, { recursive: true });
  });

  it('rejects a malformed bootstrap address naming the flag', () => {
    expect(() => parseBootstrap('host:notaport')).toThrow(UsageError);
    expect(() => parseBootstrap('host:notaport')).toThrow("--bootstrap-server: 'host:notaport' is not a host:port address.");
  });
});

describe('addConnectionOptions aliases', () => {
  function parse(argv: string[]): ConnectionFlags {
    const cmd = addConnectionOptions(new Command('t').exitOverride(), { config: ['--producer.config'], property: ['--producer-property'] });
    cmd.parse(argv, { from: 'user' });
    return cmd.opts<ConnectionFlags>();
  }

  it('old and new spellings, --opt value and --opt=value, feed the same settings', () => {
    const o = parse(['--producer-property', 'a=1', '--producer-property=b=2', '--producer-property=a=3', '--producer.config=f.properties', '--bootstrap-server=h:1']);
    expect(o.commandProperty).toEqual({ a: '3', b: '2' });
    expect(parse(['--command-property=x=1', '--command-property', 'y=2']).commandProperty).toEqual({ x: '1', y: '2' });
    expect(o.commandConfig).toBe('f.properties');
    expect(o.bootstrapServer).toBe('h:1');
  });

  it('refuses two spellings of one option, as Kafka does', () => {
    expect(() => parse(['--command-config', 'a', '--producer.config', 'b'])).toThrow('Options --producer.config and --command-config cannot be specified together.');
    expect(() => parse(['--producer-property', 'a=1', '--command-property', 'b=2'])).toThrow('Options --producer-property and --command-property cannot be specified together.');
  });
});

describe('connectionError', () => {
  it('says nothing answers at the bootstrap address and how to start a broker', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const e = connectionError(new Error('Connection error: connect ECONNREFUSED', { cause: refused }), { bootstrap: 'localhost:9' });
    expect(e.message).toBe("Nothing answers at localhost:9 (connection refused); start the bundled broker with 'tkafka broker start' or pass --bootstrap-server host:port.");
    expect(e.exitCode).toBe(1);
    expect(e.message).not.toContain('\n');
  });
});

describe('tool settings precedence', () => {
  it('console-producer: flags win over properties, properties over defaults', async () => {
    const { producerSettings, PRODUCER_KEYS } = await import('../../../src/core/console-producer/options.js');
    const settings = await resolveConnection(
      { commandProperty: { acks: '1', 'linger.ms': '50', 'batch.size': '1000', 'compression.type': 'zstd', 'compression.zstd.level': '9', retries: '7' } },
      memoryIO(),
      { toolKeys: PRODUCER_KEYS },
    );
    expect(producerSettings({ topic: 't' }, settings)).toMatchObject({ acks: 1, lingerMs: 50, batchSize: 1000, compression: 4, compressionLevel: 9, retries: 7 });
    expect(producerSettings({ topic: 't', requestRequiredAcks: 'all', timeout: 0, batchSize: 10, maxPartitionMemoryBytes: 20, compressionCodec: true, messageSendMaxRetries: 0 }, settings)).toMatchObject({
      acks: -1,
      lingerMs: 0,
      batchSize: 20,
      compression: 1,
      retries: 0,
    });
    const defaults = producerSettings({ topic: 't' }, await resolveConnection({}, memoryIO(), { toolKeys: PRODUCER_KEYS }));
    expect(defaults).toMatchObject({ acks: -1, lingerMs: 5, batchSize: 16384, compression: 0, bufferMemory: 32 * 1024 * 1024, maxInFlight: 5 });
    expect(() => producerSettings({ topic: 't', requestRequiredAcks: '2' }, settings)).toThrow('Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1');
  });

  it('console-consumer: group, reset and start position as Kafka decides them', async () => {
    const { planConsumer, CONSUMER_KEYS } = await import('../../../src/core/console-consumer/options.js');
    const plain = await resolveConnection({}, memoryIO(), { toolKeys: CONSUMER_KEYS });
    expect(planConsumer({ topic: 't' }, plain)).toMatchObject({ groupId: undefined, start: { kind: 'latest' }, resetPolicy: 'latest', isolation: 0 });
    expect(planConsumer({ topic: 't', fromBeginning: true, isolationLevel: 'read_committed' }, plain)).toMatchObject({ start: { kind: 'earliest' }, resetPolicy: 'earliest', isolation: 1 });
    expect(planConsumer({ topic: 't', partition: 0, offset: '12' }, plain).start).toEqual({ kind: 'offset', offset: 12n });
    const withGroup = await resolveConnection({ commandProperty: { 'group.id': 'g', 'auto.offset.reset': 'earliest' } }, memoryIO(), { toolKeys: CONSUMER_KEYS });
    expect(planConsumer({ topic: 't' }, withGroup)).toMatchObject({ groupId: 'g', resetPolicy: 'earliest' });
    expect(() => planConsumer({ topic: 't', group: 'other' }, withGroup)).toThrow("Detected group ids: 'other', 'g'");
    // Kafka's tool always joins a group: the given one commits, a generated console-consumer-N does not (unless told to).
    expect(planConsumer({ topic: 't', tail: 5 }, withGroup)).toMatchObject({ group: { id: 'g', generated: false, autoCommit: true }, start: { kind: 'tail', count: 5n } });
    expect(planConsumer({ topic: 't' }, plain).group).toMatchObject({ id: expect.stringMatching(/^console-consumer-\d{1,5}$/) as unknown, generated: true, autoCommit: false });
    const commitOn = await resolveConnection({ commandProperty: { 'enable.auto.commit': 'true' } }, memoryIO(), { toolKeys: CONSUMER_KEYS });
    expect(planConsumer({ topic: 't' }, commitOn).group).toMatchObject({ generated: true, autoCommit: true });
    expect(planConsumer({ topic: 't', partition: 0 }, plain).group).toBeNull();
    expect(() => planConsumer({ topic: 't', tail: 5, fromTime: '-1h' }, plain)).toThrow('Options --from-time and --tail cannot be specified together.');
    const latest = await resolveConnection({ commandProperty: { 'auto.offset.reset': 'latest' } }, memoryIO(), { toolKeys: CONSUMER_KEYS });
    expect(() => planConsumer({ topic: 't', fromBeginning: true }, latest)).toThrow("Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one option");
  });
});
