// A JMX client over RMI (JSR 160's RMI connector) with no JVM: what JMXConnectorFactory.connect and
// MBeanServerConnection do for kafka-jmx. The registry's lookup of the JNDI name, RMIServer.newClient,
// then RMIConnection's queryNames, getMBeanInfo (for the attribute names) and getAttributes, each a
// JRMP call whose arguments and results are Java-serialized.
import { interfaceHash, methodHash, REGISTRY_METHODS } from './hash.js';
import { JrmpConnection, JrmpTransportError, REGISTRY_ID, remoteRefOf, RemoteJavaException, type RemoteRef } from './jrmp.js';
import { BlockReader, classDataOf, fieldOf, instanceOf, isArray, isObject, SC, SerializationError, type JavaValue, type ObjectWriter, type WriteClass } from './serial.js';
import type { RmiJndiTarget } from './url.js';

const RMI_SERVER = {
  newClient: 'newClient(Ljava/lang/Object;)Ljavax/management/remote/rmi/RMIConnection;',
};
const RMI_CONNECTION = {
  queryNames: 'queryNames(Ljavax/management/ObjectName;Ljava/rmi/MarshalledObject;Ljavax/security/auth/Subject;)Ljava/util/Set;',
  getMBeanInfo: 'getMBeanInfo(Ljavax/management/ObjectName;Ljavax/security/auth/Subject;)Ljavax/management/MBeanInfo;',
  getAttributes: 'getAttributes(Ljavax/management/ObjectName;[Ljava/lang/String;Ljavax/security/auth/Subject;)Ljavax/management/AttributeList;',
  close: 'close()V',
};

/** javax.management.ObjectName's serial form (JMX 1.2 on): no fields; writeObject writes the name as a String. */
export const OBJECT_NAME_CLASS: WriteClass = { name: 'javax.management.ObjectName', suid: 1081892073854801359n, flags: SC.SERIALIZABLE | SC.WRITE_METHOD };
/** String[]. */
export const STRING_ARRAY_CLASS: WriteClass = { name: '[Ljava.lang.String;', suid: -5921575005990323385n, flags: SC.SERIALIZABLE };

export function writeObjectName(w: ObjectWriter, name: string | null): void {
  w.writeObject(name === null ? null : { kind: 'write-object', cls: OBJECT_NAME_CLASS, extra: { [OBJECT_NAME_CLASS.name]: (x) => x.writeObject(name) } });
}

export function writeStringArray(w: ObjectWriter, values: readonly string[]): void {
  w.writeObject({ kind: 'write-array', cls: STRING_ARRAY_CLASS, values });
}

/** An ObjectName read back: its serialized string (what ObjectName.toString prints). */
export function readObjectName(v: JavaValue): string {
  if (!isObject(v) || !instanceOf(v, 'javax.management.ObjectName')) throw new SerializationError('expected an ObjectName');
  const data = classDataOf(v, 'javax.management.ObjectName');
  const name = data === undefined ? undefined : new BlockReader(data.annotations).objects()[0];
  if (typeof name === 'string') return name;
  // The JMX 1.0 compatible form (jmx.serial.form=1.0) has fields instead.
  const domain = fieldOf(v, 'domain');
  const props = fieldOf(v, 'propertyListString');
  if (typeof domain === 'string' && typeof props === 'string') return `${domain}:${props}`;
  throw new SerializationError('an ObjectName without its name');
}

/** The elements of a serialized java.util Collection (HashSet, ArrayList, ...): the objects its writeObject wrote. */
export function readCollection(v: JavaValue): JavaValue[] {
  if (!isObject(v)) throw new SerializationError('expected a collection');
  for (const cls of ['java.util.HashSet', 'java.util.ArrayList', 'java.util.LinkedList']) {
    const data = classDataOf(v, cls);
    if (data !== undefined) return new BlockReader(data.annotations).objects();
  }
  // TreeSet writes its comparator first.
  const tree = classDataOf(v, 'java.util.TreeSet');
  if (tree !== undefined) return new BlockReader(tree.annotations).objects().slice(1);
  // Collections' unmodifiable and synchronized wrappers hold the collection in a field "c".
  const inner = fieldOf(v, 'c');
  if (inner !== undefined && isObject(inner)) return readCollection(inner);
  throw new SerializationError(`cannot read the elements of ${v.desc.name}`);
}

export interface JmxAttribute {
  readonly name: string;
  readonly value: JavaValue;
}

export interface ConnectOptions {
  /** JMXConnector.CREDENTIALS: [user, password]. */
  credentials?: readonly [string, string];
  /** The registry over TLS (Kafka's --jmx-ssl-enable: the JNDI factory's SslRMIClientSocketFactory). Stubs say for themselves. */
  ssl?: boolean;
  timeoutMs?: number;
}

/** What a failed connect says, worded as Java's RMIConnector and JNDI say it (Kafka prints e.getMessage()). */
export class JmxConnectError extends Error {
  override readonly name = 'JmxConnectError';
  readonly kind: 'refused' | 'not-jrmp' | 'not-bound' | 'auth' | 'other';
  constructor(message: string, kind: JmxConnectError['kind'], opts?: { cause?: unknown }) {
    super(message, opts);
    this.kind = kind;
  }
}

/** An open JMX connection: the RMIConnection stub and the JRMP connections it uses. */
export class JmxConnection {
  private readonly conn: JrmpConnection;
  private readonly ref: RemoteRef;
  private readonly others: JrmpConnection[];
  private constructor(conn: JrmpConnection, ref: RemoteRef, others: JrmpConnection[]) {
    this.conn = conn;
    this.ref = ref;
    this.others = others;
  }

  static async connect(target: RmiJndiTarget, opts: ConnectOptions = {}): Promise<JmxConnection> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const open: JrmpConnection[] = [];
    try {
      let server: RemoteRef;
      if (target.stub !== undefined) {
        // A /stub/ URL carries the RMIServer stub itself: no registry.
        server = target.stub;
      } else {
        const { registryHost, registryPort, name } = target;
        let registry: JrmpConnection;
        try {
          registry = await JrmpConnection.open(registryHost, registryPort, timeoutMs, opts.ssl === true ? await import('node:tls') : undefined);
        } catch (err) {
          throw registryError(err, registryHost);
        }
        open.push(registry);
        const reg = interfaceHash(REGISTRY_METHODS);
        let stubValue: JavaValue;
        try {
          stubValue = await registry.call(REGISTRY_ID, reg.ops.get('lookup(Ljava/lang/String;)Ljava/rmi/Remote;') as number, reg.hash, (w) => w.writeObject(name));
        } catch (err) {
          if (err instanceof RemoteJavaException && err.className === 'java.rmi.NotBoundException') {
            throw new JmxConnectError(`Failed to retrieve RMIServer stub: javax.naming.NameNotFoundException: ${name}`, 'not-bound', { cause: err });
          }
          throw registryError(err, registryHost);
        }
        server = remoteRefOf(stubValue);
      }
      const serverConn = await connectTo(server, open, timeoutMs);
      let connValue: JavaValue;
      try {
        connValue = await serverConn.call(server.objId, -1, methodHash(RMI_SERVER.newClient), (w) => {
          if (opts.credentials === undefined) w.writeObject(null);
          else writeStringArray(w, opts.credentials);
        });
      } catch (err) {
        if (err instanceof RemoteJavaException && err.className === 'java.lang.SecurityException') throw new JmxConnectError(err.javaMessage ?? err.javaString, 'auth', { cause: err });
        if (err instanceof RemoteJavaException) throw new JmxConnectError(err.javaString, 'other', { cause: err });
        throw err;
      }
      const connection = remoteRefOf(connValue);
      const c = await connectTo(connection, open, timeoutMs);
      return new JmxConnection(c, connection, open.filter((x) => x !== c));
    } catch (err) {
      for (const x of open) x.close();
      throw err;
    }
  }

  private call(method: string, args: (w: ObjectWriter) => void, returnsVoid = false): Promise<JavaValue> {
    return this.conn.call(this.ref.objId, -1, methodHash(method), args, returnsVoid);
  }

  /** MBeanServerConnection.queryNames(name, null): the names' strings, in the order the server's HashSet wrote them. */
  async queryNames(name: string | null): Promise<string[]> {
    const v = await this.call(RMI_CONNECTION.queryNames, (w) => {
      writeObjectName(w, name);
      w.writeObject(null);
      w.writeObject(null);
    });
    return readCollection(v).map(readObjectName);
  }

  /** The attribute names of an MBean's MBeanInfo, in its order. */
  async attributeNames(name: string): Promise<string[]> {
    const info = await this.call(RMI_CONNECTION.getMBeanInfo, (w) => {
      writeObjectName(w, name);
      w.writeObject(null);
    });
    if (!isObject(info)) throw new SerializationError('getMBeanInfo returned no MBeanInfo');
    const attrs = fieldOf(info, 'attributes');
    if (attrs === null || attrs === undefined) return [];
    if (!isArray(attrs)) throw new SerializationError('MBeanInfo.attributes is not an array');
    return attrs.values.map((a) => {
      const n = isObject(a) ? fieldOf(a, 'name') : undefined;
      if (typeof n !== 'string') throw new SerializationError('an MBeanAttributeInfo without a name');
      return n;
    });
  }

  /** MBeanServerConnection.getAttributes: the attributes the server could read (it leaves out the ones that failed). */
  async getAttributes(name: string, attributes: readonly string[]): Promise<JmxAttribute[]> {
    const v = await this.call(RMI_CONNECTION.getAttributes, (w) => {
      writeObjectName(w, name);
      writeStringArray(w, attributes);
      w.writeObject(null);
    });
    return readCollection(v).map((a) => {
      if (!isObject(a)) throw new SerializationError('an AttributeList element is not an Attribute');
      const n = fieldOf(a, 'name');
      const value = fieldOf(a, 'value');
      if (typeof n !== 'string') throw new SerializationError('an Attribute without a name');
      return { name: n, value: value === undefined || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' ? null : value };
    });
  }

  /** RMIConnection.close, then the sockets. Best effort: the tool is done either way. */
  async close(): Promise<void> {
    try {
      await this.call(RMI_CONNECTION.close, () => undefined, true);
    } catch {
      // closing anyway
    }
    this.conn.close();
    for (const x of this.others) x.close();
  }
}

/** The connection for a stub: the one already open to its endpoint, or a new one. */
async function connectTo(ref: RemoteRef, open: JrmpConnection[], timeoutMs: number): Promise<JrmpConnection> {
  const same = open.find((c) => c.host === ref.host && c.port === ref.port && c.tls === ref.ssl);
  if (same !== undefined) return same;
  let c: JrmpConnection;
  try {
    c = await JrmpConnection.open(ref.host, ref.port, timeoutMs, ref.ssl ? await import('node:tls') : undefined);
  } catch (err) {
    if (err instanceof JrmpTransportError && err.kind === 'refused') {
      throw new JmxConnectError(`Connection refused to host: ${ref.host}; nested exception is: \n\tjava.net.ConnectException: Connection refused`, 'refused', { cause: err });
    }
    throw err;
  }
  open.push(c);
  return c;
}

/** The registry step's failures, as JNDI's RMI context wraps them. */
function registryError(err: unknown, host: string): Error {
  if (err instanceof JrmpTransportError) {
    if (err.kind === 'refused') {
      return new JmxConnectError(`Failed to retrieve RMIServer stub: javax.naming.ServiceUnavailableException [Root exception is java.rmi.ConnectException: Connection refused to host: ${host}; nested exception is: \n\tjava.net.ConnectException: Connection refused]`, 'refused', { cause: err });
    }
    if (err.kind === 'not-jrmp') {
      const nested = err.message === 'non-JRMP server at remote endpoint' ? 'java.rmi.ConnectIOException: non-JRMP server at remote endpoint' : 'java.rmi.ConnectIOException: error during JRMP connection establishment; nested exception is: \n\tjava.io.EOFException';
      return new JmxConnectError(`Failed to retrieve RMIServer stub: javax.naming.CommunicationException [Root exception is ${nested}]`, 'not-jrmp', { cause: err });
    }
    return new JmxConnectError(`Failed to retrieve RMIServer stub: javax.naming.CommunicationException [Root exception is java.rmi.ConnectIOException: ${err.message}]`, 'other', { cause: err });
  }
  if (err instanceof RemoteJavaException) return new JmxConnectError(`Failed to retrieve RMIServer stub: javax.naming.CommunicationException [Root exception is ${err.javaString}]`, 'other', { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
