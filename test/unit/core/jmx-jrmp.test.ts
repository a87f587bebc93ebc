// JRMP framing of `tkafka jmx` (src/core/jmx/jrmp.ts) against a fake RMI endpoint written here from the
// Java RMI Specification's chapter 10: the StreamProtocol handshake, a Call's header (ObjID, operation,
// hash), ReturnData read as its bytes trickle in, ExceptionalReturn, and endpoints that are not RMI.
// The method hashes are checked against the JDK's own computation (sun.rmi.server.Util) when java is here.
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { interfaceHash, methodHash, REGISTRY_METHODS } from '../../../src/core/jmx/hash.js';
import { JrmpConnection, JrmpTransportError, parseReturn, REGISTRY_ID, remoteRefOf, RemoteJavaException } from '../../../src/core/jmx/jrmp.js';
import { NeedMoreData, ObjectReader, ObjectWriter, SC, type ValueOut } from '../../../src/core/jmx/serial.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

interface Call {
  objNum: bigint;
  unique: number;
  op: number;
  hash: bigint;
  args: unknown[];
}

/** A one-connection RMI endpoint: checks the handshake, parses each Call, answers with `reply(call)` one byte at a time. */
async function fakeRmi(reply: (call: Call) => Buffer, argCount = 1): Promise<{ port: number; calls: Call[]; hello: Buffer[] }> {
  const calls: Call[] = [];
  const hello: Buffer[] = [];
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    let stage: 'hello' | 'endpoint' | 'call' = 'hello';
    let sending = Promise.resolve();
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (stage === 'hello') {
          if (buf.length < 7) return;
          hello.push(buf.subarray(0, 7));
          buf = buf.subarray(7);
          const host = Buffer.from('127.0.0.1');
          const ack = Buffer.alloc(1 + 2 + host.length + 4);
          ack[0] = 0x4e;
          ack.writeUInt16BE(host.length, 1);
          host.copy(ack, 3);
          ack.writeInt32BE(54321, 3 + host.length);
          sock.write(ack);
          stage = 'endpoint';
          continue;
        }
        if (stage === 'endpoint') {
          if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0) + 4) return;
          hello.push(buf.subarray(0, 2 + buf.readUInt16BE(0) + 4));
          buf = buf.subarray(2 + buf.readUInt16BE(0) + 4);
          stage = 'call';
          continue;
        }
        if (buf.length === 0) return;
        let call: Call;
        let end: number;
        try {
          expect(buf[0]).toBe(0x50);
          const r = new ObjectReader(buf, 1);
          const objNum = r.readLong();
          const unique = r.readInt();
          r.readLong();
          r.readShort();
          const op = r.readInt();
          const hash = r.readLong();
          const args: unknown[] = [];
          for (let i = 0; i < argCount; i++) args.push(r.readObject());
          call = { objNum, unique, op, hash, args };
          end = r.position;
        } catch (err) {
          if (err instanceof NeedMoreData) return;
          throw err;
        }
        buf = buf.subarray(end);
        calls.push(call);
        const out = reply(call);
        sending = sending.then(async () => {
          for (const byte of out) {
            sock.write(Buffer.from([byte]));
            await new Promise((r) => setImmediate(r));
          }
        });
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, calls, hello };
}

function returnData(type: 1 | 2, value: ValueOut, returnsVoid = false): Buffer {
  const w = new ObjectWriter();
  w.writeByte(type);
  w.writeInt(1);
  w.writeLong(2n);
  w.writeShort(3);
  if (!returnsVoid) w.writeObject(value);
  return Buffer.concat([Buffer.from([0x51]), w.toBuffer()]);
}

/** A java.rmi.NotBoundException("jmxrmi2") as a server writes one: Throwable's detailMessage (the other fields left null). */
function notBound(message: string): ValueOut {
  const throwable = { name: 'java.lang.Throwable', suid: -3042686055658047285n, flags: SC.SERIALIZABLE | SC.WRITE_METHOD, fields: [{ type: 'L', name: 'cause', className: 'Ljava/lang/Throwable;' }, { type: 'L', name: 'detailMessage', className: 'Ljava/lang/String;' }] };
  const exception = { name: 'java.lang.Exception', suid: -3387516993124229948n, flags: SC.SERIALIZABLE, superClass: throwable };
  return { kind: 'write-object', cls: { name: 'java.rmi.NotBoundException', suid: -1857741824849069317n, flags: SC.SERIALIZABLE, superClass: exception }, fields: { 'java.lang.Throwable': { cause: null, detailMessage: message } } };
}

describe('RMI hashes', () => {
  it("the registry's interface hash and operation numbers (RegistryImpl_Stub: 4905912898345647071, lookup is op 2)", () => {
    const r = interfaceHash(REGISTRY_METHODS);
    expect(r.hash).toBe(4905912898345647071n);
    expect(r.ops.get('lookup(Ljava/lang/String;)Ljava/rmi/Remote;')).toBe(2);
  });

  const hasJava = spawnSync('java', ['-version']).status === 0;
  it.skipIf(!hasJava)("method hashes equal the JDK's sun.rmi.server.Util.computeMethodHash", () => {
    const peer = fileURLToPath(new URL('./jmx-java/SerialPeer.java', import.meta.url));
    const r = spawnSync('java', ['--add-exports', 'java.rmi/sun.rmi.server=ALL-UNNAMED', peer, 'hashes'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const jdk = new Map(r.stdout.trim().split('\n').map((l) => [l.split(' ')[0], BigInt(l.split(' ')[1] as string)]));
    const ours: Record<string, string> = {
      'javax.management.remote.rmi.RMIServer.newClient': 'newClient(Ljava/lang/Object;)Ljavax/management/remote/rmi/RMIConnection;',
      'javax.management.remote.rmi.RMIConnection.queryNames': 'queryNames(Ljavax/management/ObjectName;Ljava/rmi/MarshalledObject;Ljavax/security/auth/Subject;)Ljava/util/Set;',
      'javax.management.remote.rmi.RMIConnection.getMBeanInfo': 'getMBeanInfo(Ljavax/management/ObjectName;Ljavax/security/auth/Subject;)Ljavax/management/MBeanInfo;',
      'javax.management.remote.rmi.RMIConnection.getAttributes': 'getAttributes(Ljavax/management/ObjectName;[Ljava/lang/String;Ljavax/security/auth/Subject;)Ljavax/management/AttributeList;',
      'javax.management.remote.rmi.RMIConnection.close': 'close()V',
    };
    for (const [name, sig] of Object.entries(ours)) expect(methodHash(sig), name).toBe(jdk.get(name));
    expect(methodHash(ours['javax.management.remote.rmi.RMIServer.newClient'] as string)).toBe(-1089742558549201240n);
  });
});

describe('JrmpConnection', () => {
  it('handshakes (JRMI, version 2, StreamProtocol; our endpoint back), sends a Call and reads a trickled ReturnData', async () => {
    const rmi = await fakeRmi((call) => returnData(1, `looked up ${String(call.args[0])}`));
    const c = await JrmpConnection.open('127.0.0.1', rmi.port, 5000);
    try {
      const reg = interfaceHash(REGISTRY_METHODS);
      expect(await c.call(REGISTRY_ID, 2, reg.hash, (w) => w.writeObject('jmxrmi'))).toBe('looked up jmxrmi');
      expect(await c.call({ objNum: 7n, unique: -5, time: 1n, count: 2 }, -1, 99n, (w) => w.writeObject('second'))).toBe('looked up second');
    } finally {
      c.close();
    }
    expect(rmi.hello[0]?.toString('hex')).toBe('4a524d4900024b');
    // Our endpoint identifier: the host the server saw (writeUTF) and port 0.
    expect(rmi.hello[1]?.toString('hex')).toBe(`0009${Buffer.from('127.0.0.1').toString('hex')}00000000`);
    expect(rmi.calls.map((x) => [x.objNum, x.unique, x.op, x.hash])).toEqual([
      [0n, 0, 2, 4905912898345647071n],
      [7n, -5, -1, 99n],
    ]);
  });

  it('a void method reads no value; an ExceptionalReturn rejects with the Java exception', async () => {
    let n = 0;
    const rmi = await fakeRmi(() => (n++ === 0 ? returnData(1, null, true) : returnData(2, notBound('jmxrmi2'))));
    const c = await JrmpConnection.open('127.0.0.1', rmi.port, 5000);
    try {
      expect(await c.call(REGISTRY_ID, -1, 1n, (w) => w.writeObject(null), true)).toBeNull();
      const err = await c.call(REGISTRY_ID, 2, 1n, (w) => w.writeObject('jmxrmi2')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteJavaException);
      expect((err as RemoteJavaException).className).toBe('java.rmi.NotBoundException');
      expect((err as RemoteJavaException).javaString).toBe('java.rmi.NotBoundException: jmxrmi2');
    } finally {
      c.close();
    }
  });

  it('parseReturn needs the whole message: every cut asks for more', () => {
    const full = returnData(1, 'abc');
    for (let cut = 0; cut < full.length; cut++) expect(() => parseReturn(full.subarray(0, cut)), `cut ${cut}`).toThrow(NeedMoreData);
    expect(parseReturn(full)).toEqual({ value: { exceptional: false, value: 'abc' }, end: full.length });
    expect(() => parseReturn(Buffer.from([0x99]))).toThrow(/expected ReturnData/);
  });

  it('an endpoint that closes on the handshake (a Kafka listener) or refuses the protocol is "not-jrmp"; a closed port is "refused"', async () => {
    const closer = net.createServer((s) => s.once('data', () => s.destroy()));
    const refuser = net.createServer((s) => s.once('data', () => s.end(Buffer.from([0x4f]))));
    servers.push(closer, refuser);
    await Promise.all([closer, refuser].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
    const port = (s: net.Server): number => (s.address() as net.AddressInfo).port;
    const e1 = await JrmpConnection.open('127.0.0.1', port(closer), 5000).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(JrmpTransportError);
    expect([(e1 as JrmpTransportError).kind, (e1 as Error).message]).toEqual(['not-jrmp', 'error during JRMP connection establishment']);
    const e2 = await JrmpConnection.open('127.0.0.1', port(refuser), 5000).catch((e: unknown) => e);
    expect([(e2 as JrmpTransportError).kind, (e2 as Error).message]).toEqual(['not-jrmp', 'non-JRMP server at remote endpoint']);
    const free = port(closer);
    await new Promise((r) => closer.close(r));
    servers.splice(servers.indexOf(closer), 1);
    const e3 = await JrmpConnection.open('127.0.0.1', free, 5000).catch((e: unknown) => e);
    expect((e3 as JrmpTransportError).kind).toBe('refused');
  });
});

describe('remoteRefOf', () => {
  const remoteObject = { name: 'java.rmi.server.RemoteObject', suid: -3215090123894869218n, flags: SC.SERIALIZABLE | SC.WRITE_METHOD };
  const stubClass = { name: 'javax.management.remote.rmi.RMIServerImpl_Stub', suid: 2n, flags: SC.SERIALIZABLE, superClass: { name: 'java.rmi.server.RemoteStub', suid: -1585587260594494182n, flags: SC.SERIALIZABLE, superClass: remoteObject } };

  function stub(write: (w: ObjectWriter) => void): unknown {
    const w = new ObjectWriter();
    w.writeObject({ kind: 'write-object', cls: stubClass, extra: { 'java.rmi.server.RemoteObject': write } });
    return new ObjectReader(w.toBuffer()).readObject();
  }

  it("reads a stub's UnicastRef: endpoint and ObjID from RemoteObject.writeObject's block data", () => {
    const v = stub((w) => {
      w.writeUTF('UnicastRef');
      w.writeUTF('127.0.0.1');
      w.writeInt(9999);
      w.writeLong(-123n);
      w.writeInt(77);
      w.writeLong(1700000000000n);
      w.writeShort(-32768);
      w.writeBoolean(false);
    });
    expect(remoteRefOf(v as never)).toEqual({ type: 'javax.management.remote.rmi.RMIServerImpl_Stub', host: '127.0.0.1', port: 9999, objId: { objNum: -123n, unique: 77, time: 1700000000000n, count: -32768 }, ssl: false });
  });

  it('reads UnicastRef2 (format byte, then a client socket factory object between the port and the ObjID): SslRMIClientSocketFactory means TLS', () => {
    const v = stub((w) => {
      w.writeUTF('UnicastRef2');
      w.writeByte(1);
      w.writeUTF('broker-1');
      w.writeInt(1234);
      w.writeObject({ kind: 'write-object', cls: { name: 'javax.rmi.ssl.SslRMIClientSocketFactory', suid: -8310631444933958385n, flags: SC.SERIALIZABLE } });
      w.writeLong(5n);
      w.writeInt(6);
      w.writeLong(7n);
      w.writeShort(8);
      w.writeBoolean(false);
    });
    expect(remoteRefOf(v as never)).toMatchObject({ host: 'broker-1', port: 1234, objId: { objNum: 5n, unique: 6, time: 7n, count: 8 }, ssl: true });
  });

  it('refuses a value that is not a remote object', () => {
    expect(() => remoteRefOf('x')).toThrow(/not return a remote object/);
    const w = new ObjectWriter();
    w.writeObject({ kind: 'write-object', cls: { name: 'x.Y', suid: 1n, flags: SC.SERIALIZABLE } });
    expect(() => remoteRefOf(new ObjectReader(w.toBuffer()).readObject())).toThrow(/not a remote object/);
  });
});
