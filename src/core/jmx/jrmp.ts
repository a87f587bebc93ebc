// JRMP, the RMI wire protocol (Java RMI Specification, chapter 10), client side, StreamProtocol only:
//   out: "JRMI" 0x0002 0x4B            in: ProtocolAck 0x4E, writeUTF(host the server sees) writeInt(port)
//   out: writeUTF(our host) writeInt(0)
// then calls, one at a time on the connection:
//   out: Call 0x50 + an object stream: block data ObjID (long objNum; UID: int unique, long time,
//        short count), int op, long hash; then the arguments
//   in:  ReturnData 0x51 + an object stream: byte 1 (normal) or 2 (exception), UID (the ack id),
//        then the value or the Throwable.
// A return has no length: it ends where its object stream ends, so a reply is parsed again as bytes
// arrive until it reads whole. We never send DgcAck: without it the server holds the returned remote
// objects for its ack timeout, and a JMX connection stays alive through its own lease while in use.
import net from 'node:net';
import { BlockReader, classDataOf, decodeModifiedUtf8, encodeModifiedUtf8, fieldOf, instanceOf, isObject, NeedMoreData, ObjectReader, ObjectWriter, SerializationError, type JavaObject, type JavaValue } from './serial.js';

export const JRMP = {
  MAGIC: 0x4a524d49,
  VERSION: 2,
  STREAM_PROTOCOL: 0x4b,
  PROTOCOL_ACK: 0x4e,
  PROTOCOL_NOT_SUPPORTED: 0x4f,
  CALL: 0x50,
  RETURN_DATA: 0x51,
  PING: 0x52,
  PING_ACK: 0x53,
  DGC_ACK: 0x54,
  NORMAL_RETURN: 1,
  EXCEPTIONAL_RETURN: 2,
} as const;

export interface ObjId {
  readonly objNum: bigint;
  readonly unique: number;
  readonly time: bigint;
  readonly count: number;
}

/** ObjID.REGISTRY_ID: object number 0 in the zero space. */
export const REGISTRY_ID: ObjId = { objNum: 0n, unique: 0, time: 0n, count: 0 };

export interface RemoteRef {
  /** The stub's class (javax.management.remote.rmi.RMIServerImpl_Stub) or, for a dynamic proxy, its interfaces. */
  readonly type: string;
  readonly host: string;
  readonly port: number;
  readonly objId: ObjId;
  /** The stub's client socket factory is javax.rmi.ssl.SslRMIClientSocketFactory: connect with TLS. */
  readonly ssl: boolean;
}

/** A Throwable the server returned (ExceptionalReturn), with Java's getMessage() and toString(). */
export class RemoteJavaException extends Error {
  override readonly name = 'RemoteJavaException';
  readonly className: string;
  readonly javaMessage: string | null;
  readonly javaString: string;
  readonly throwable: JavaObject;
  constructor(throwable: JavaObject) {
    const javaString = javaThrowableString(throwable);
    super(javaString);
    this.className = throwable.desc.name;
    this.javaMessage = javaThrowableMessage(throwable);
    this.javaString = javaString;
    this.throwable = throwable;
  }
}

/** The connection failed at the transport: Java's java.rmi.ConnectException, ConnectIOException and friends. */
export class JrmpTransportError extends Error {
  override readonly name = 'JrmpTransportError';
  readonly kind: 'refused' | 'not-jrmp' | 'closed' | 'timeout' | 'io';
  constructor(message: string, kind: JrmpTransportError['kind'], opts?: { cause?: unknown }) {
    super(message, opts);
    this.kind = kind;
  }
}

/** Throwable.getMessage() of a deserialized Throwable: RemoteException and friends append their nested exception as Java does. */
export function javaThrowableMessage(t: JavaObject): string | null {
  const own = fieldOf(t, 'detailMessage');
  const msg = typeof own === 'string' ? own : null;
  const detail = classDataOf(t, 'java.rmi.RemoteException')?.fields.get('detail');
  if (isObject(detail)) {
    const nested = javaThrowableString(detail);
    return msg === null ? `nested exception is: \n\t${nested}` : `${msg}; nested exception is: \n\t${nested}`;
  }
  return msg;
}

/** Throwable.toString(): the class name, then ": " and the message when there is one. */
export function javaThrowableString(t: JavaObject): string {
  const msg = javaThrowableMessage(t);
  return msg === null ? t.desc.name : `${t.desc.name}: ${msg}`;
}

function utf(s: string): Buffer {
  const b = encodeModifiedUtf8(s);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

/** One JRMP connection (StreamProtocol) to an RMI endpoint; calls go one at a time. */
export class JrmpConnection {
  private buf: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private failure: Error | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly socket: net.Socket;
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  private readonly timeoutMs: number;

  private constructor(socket: net.Socket, host: string, port: number, timeoutMs: number, tls: boolean) {
    this.socket = socket;
    this.tls = tls;
    this.host = host;
    this.port = port;
    this.timeoutMs = timeoutMs;
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on('error', (err) => this.fail(new JrmpTransportError(`${err.message}`, 'io', { cause: err })));
    socket.on('close', () => this.fail(new JrmpTransportError('connection closed', 'closed')));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Resolves when new bytes arrive (or the connection fails); rejects after the timeout. */
  private more(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new JrmpTransportError(`Read timed out after ${this.timeoutMs} ms`, 'timeout'));
      }, this.timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        if (this.failure !== undefined && this.buf.length === 0) reject(this.failure);
        else resolve();
      };
    });
  }

  /** Parses from the buffer's start with `parse`, waiting for bytes while it needs more; consumes what it read. */
  private async read<T>(parse: (buf: Buffer) => { value: T; end: number }): Promise<T> {
    for (;;) {
      try {
        const { value, end } = parse(this.buf);
        this.buf = this.buf.subarray(end);
        return value;
      } catch (err) {
        if (!(err instanceof NeedMoreData)) throw err;
        if (this.failure !== undefined) throw this.failure;
      }
      await this.more();
    }
  }

  /**
   * Connects (over TLS with `tls`: SslRMIClientSocketFactory's sockets, the certificate checked against
   * Node's CAs and NODE_EXTRA_CA_CERTS, no host name check, as Java's factory) and does the
   * StreamProtocol handshake. A peer that answers anything but ProtocolAck is "not-jrmp".
   */
  static async open(host: string, port: number, timeoutMs: number, tls?: typeof import('node:tls')): Promise<JrmpConnection> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = tls === undefined ? net.connect({ host, port }) : tls.connect({ host, port, servername: net.isIP(host) === 0 ? host : '', checkServerIdentity: () => undefined });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new JrmpTransportError(`Connect timed out after ${timeoutMs} ms`, 'timeout'));
      }, timeoutMs);
      s.once(tls === undefined ? 'connect' : 'secureConnect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new JrmpTransportError(err.code === 'ECONNREFUSED' ? 'Connection refused' : err.message, err.code === 'ECONNREFUSED' ? 'refused' : 'io', { cause: err }));
      });
    });
    socket.setNoDelay(true);
    const conn = new JrmpConnection(socket, host, port, timeoutMs, tls !== undefined);
    try {
      const hello = Buffer.alloc(7);
      hello.writeUInt32BE(JRMP.MAGIC, 0);
      hello.writeUInt16BE(JRMP.VERSION, 4);
      hello[6] = JRMP.STREAM_PROTOCOL;
      socket.write(hello);
      let seenHost: string;
      try {
        seenHost = await conn.read((b) => {
          if (b.length < 1) throw new NeedMoreData('ack');
          if (b[0] !== JRMP.PROTOCOL_ACK) throw new JrmpTransportError('non-JRMP server at remote endpoint', 'not-jrmp');
          if (b.length < 3) throw new NeedMoreData('ack host');
          const len = b.readUInt16BE(1);
          if (b.length < 3 + len + 4) throw new NeedMoreData('ack host');
          return { value: decodeModifiedUtf8(b.subarray(3, 3 + len)), end: 3 + len + 4 };
        });
      } catch (err) {
        // Closed or reset before a ProtocolAck: something listens there, but it does not speak JRMP.
        if (err instanceof JrmpTransportError && (err.kind === 'closed' || err.kind === 'io')) throw new JrmpTransportError('error during JRMP connection establishment', 'not-jrmp', { cause: err });
        throw err;
      }
      socket.write(Buffer.concat([utf(seenHost), Buffer.from([0, 0, 0, 0])]));
      return conn;
    } catch (err) {
      conn.close();
      throw err;
    }
  }

  /**
   * Calls a remote method: `op` -1 with a method hash (stub protocol 1.2), or an operation number with
   * the interface hash (1.1). Resolves with the returned value; a returned Throwable rejects as RemoteJavaException.
   */
  call(objId: ObjId, op: number, hash: bigint, writeArgs: (w: ObjectWriter) => void, returnsVoid = false): Promise<JavaValue> {
    const run = async (): Promise<JavaValue> => {
      if (this.failure !== undefined) throw this.failure;
      const w = new ObjectWriter();
      w.writeLong(objId.objNum);
      w.writeInt(objId.unique);
      w.writeLong(objId.time);
      w.writeShort(objId.count);
      w.writeInt(op);
      w.writeLong(hash);
      writeArgs(w);
      this.socket.write(Buffer.concat([Buffer.from([JRMP.CALL]), w.toBuffer()]));
      const result = await this.read((b) => parseReturn(b, returnsVoid));
      if (result.exceptional) {
        if (!isObject(result.value)) throw new SerializationError('an exceptional return without a Throwable');
        throw new RemoteJavaException(result.value);
      }
      return result.value;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** One ReturnData message from the buffer's start (no value after it for a void method), or NeedMoreData. */
export function parseReturn(b: Buffer, returnsVoid = false): { value: { exceptional: boolean; value: JavaValue }; end: number } {
  let start = 0;
  // PingAck may precede a return; nothing else should.
  while (b.length > start && b[start] === JRMP.PING_ACK) start++;
  if (b.length <= start) throw new NeedMoreData('return');
  if (b[start] !== JRMP.RETURN_DATA) throw new SerializationError(`expected ReturnData (0x51), got 0x${(b[start] as number).toString(16)}`);
  const r = new ObjectReader(b, start + 1);
  const type = r.readByte();
  r.readInt();
  r.readLong();
  r.readShort();
  if (type !== JRMP.NORMAL_RETURN && type !== JRMP.EXCEPTIONAL_RETURN) throw new SerializationError(`unknown return type ${type}`);
  // A void method's normal return carries no value.
  const value = returnsVoid && type === JRMP.NORMAL_RETURN ? null : r.readObject();
  return { value: { exceptional: type === JRMP.EXCEPTIONAL_RETURN, value }, end: r.position };
}

/**
 * The endpoint and object id in a deserialized stub: an RMI stub class (RemoteStub) or a dynamic proxy
 * whose handler is a RemoteObjectInvocationHandler. Both carry RemoteObject.writeObject's data:
 * writeUTF(ref class: "UnicastRef" or "UnicastRef2"), then the LiveRef: for UnicastRef2 a format byte
 * (0 host/port, 1 host/port and a client socket factory object), writeUTF(host), writeInt(port),
 * the ObjID (long, int, long, short), boolean isResultStream.
 */
export function remoteRefOf(v: JavaValue): RemoteRef {
  if (!isObject(v)) throw new SerializationError('the registry did not return a remote object');
  let holder: JavaObject = v;
  let type = v.desc.name;
  const h = v.desc.proxyInterfaces === undefined ? undefined : fieldOf(v, 'h');
  if (v.desc.proxyInterfaces !== undefined) {
    type = v.desc.proxyInterfaces.join(',');
    if (!isObject(h)) throw new SerializationError('a proxy without an invocation handler');
    holder = h;
  }
  const data = classDataOf(holder, 'java.rmi.server.RemoteObject');
  if (data === undefined) throw new SerializationError(`${type} is not a remote object`);
  const r = new BlockReader(data.annotations);
  const refClass = r.utf();
  if (refClass !== 'UnicastRef' && refClass !== 'UnicastRef2') throw new SerializationError(`unsupported remote reference type ${refClass}`);
  if (refClass === 'UnicastRef2') {
    const format = r.u8();
    const host = r.utf();
    const port = r.i32();
    // The client socket factory comes as an object: SslRMIClientSocketFactory means TLS (others are refused).
    let ssl = false;
    if (format === 1) {
      const csf = r.object();
      if (csf !== null) {
        if (!isObject(csf) || !instanceOf(csf, 'javax.rmi.ssl.SslRMIClientSocketFactory')) throw new SerializationError(`unsupported RMI client socket factory ${isObject(csf) ? csf.desc.name : 'value'}`);
        ssl = true;
      }
    }
    return { type, host, port, objId: { objNum: r.i64(), unique: r.i32(), time: r.i64(), count: r.i16() }, ssl };
  }
  const host = r.utf();
  const port = r.i32();
  return { type, host, port, objId: { objNum: r.i64(), unique: r.i32(), time: r.i64(), count: r.i16() }, ssl: false };
}
