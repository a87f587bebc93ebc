// javax.management.remote.JMXServiceURL as its String constructor parses it (with its
// MalformedURLException messages), and the RMI connector's reading of the path: "/jndi/" and an
// rmi:// JNDI URL naming the registry and the name the connector server is bound to, or "/stub/"
// and the base64 of the serialized RMIServer stub (a JMXConnectorServer's own address).
import { remoteRefOf, type RemoteRef } from './jrmp.js';
import { ObjectReader } from './serial.js';

export class MalformedJmxUrl extends Error {
  override readonly name = 'MalformedJmxUrl';
}

export interface JmxServiceUrl {
  /** JMXServiceURL.toString(): what Kafka prints. */
  readonly text: string;
  readonly protocol: string;
  readonly host: string;
  readonly port: number;
  readonly urlPath: string;
}

export interface RmiJndiTarget {
  /** For a /stub/ URL: the stub's endpoint (what messages name). */
  readonly registryHost: string;
  readonly registryPort: number;
  readonly name: string;
  /** A /stub/ URL's RMIServer stub (base64 of its serialized form): no registry to ask. */
  readonly stub?: RemoteRef;
}

const PROTOCOL = /^[A-Za-z][A-Za-z0-9+-]*$/;
const HOST_CHAR = /[A-Za-z0-9._-]/;

/** new JMXServiceURL(s), or MalformedJmxUrl with Java's message. */
export function parseJmxServiceUrl(s: string): JmxServiceUrl {
  const prefix = 'service:jmx:';
  if (s.slice(0, prefix.length).toLowerCase() !== prefix) throw new MalformedJmxUrl('Service URL must start with service:jmx:');
  const protoEnd = s.indexOf('://', prefix.length);
  if (protoEnd < 0) throw new MalformedJmxUrl('Missing "://" after protocol name');
  const protocol = s.slice(prefix.length, protoEnd);
  if (!PROTOCOL.test(protocol)) throw new MalformedJmxUrl(`Missing or invalid protocol name: "${protocol}"`);
  let i = protoEnd + 3;
  let host: string;
  if (s[i] === '[') {
    const close = s.indexOf(']', i);
    if (close < 0) throw new MalformedJmxUrl(`Bad host name: [ without ]: ${s.slice(i)}`);
    host = s.slice(i + 1, close);
    i = close + 1;
  } else {
    const start = i;
    while (i < s.length && HOST_CHAR.test(s.charAt(i))) i++;
    host = s.slice(start, i);
  }
  let port = 0;
  if (s[i] === ':') {
    i++;
    const start = i;
    while (i < s.length && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
    const digits = s.slice(start, i);
    if (digits === '') throw new MalformedJmxUrl(`Bad port number: "": java.lang.NumberFormatException: For input string: ""`);
    port = Number(digits);
    if (!Number.isSafeInteger(port) || port > 2147483647) throw new MalformedJmxUrl(`Bad port number: "${digits}": java.lang.NumberFormatException: For input string: "${digits}"`);
  }
  const urlPath = s.slice(i);
  if (urlPath !== '' && !urlPath.startsWith('/') && !urlPath.startsWith(';')) throw new MalformedJmxUrl(`Bad URL path: ${urlPath}`);
  const lower = protocol.toLowerCase();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { text: `service:jmx:${lower}://${shownHost}${port === 0 ? '' : `:${port}`}${urlPath}`, protocol: lower, host, port, urlPath };
}

/** What RMIConnector needs from the URL: the registry and the name, or MalformedJmxUrl with its message. */
export function rmiJndiTarget(url: JmxServiceUrl): RmiJndiTarget {
  if (url.protocol !== 'rmi') throw new MalformedJmxUrl(`Unsupported protocol: ${url.protocol}`);
  const path = url.urlPath;
  if (path.startsWith('/stub/')) {
    let stub: RemoteRef;
    try {
      stub = remoteRefOf(new ObjectReader(Buffer.from(path.slice('/stub/'.length), 'base64')).readObject());
    } catch (err) {
      throw new MalformedJmxUrl(`Failed to get a RMI stub: the /stub/ path is not a serialized RMIServer stub (${err instanceof Error ? err.message : String(err)})`);
    }
    return { registryHost: stub.host, registryPort: stub.port, name: '', stub };
  }
  if (path.startsWith('/ior/')) throw new MalformedJmxUrl('/ior/ URLs (RMI over IIOP) are not supported by tkafka jmx: use /jndi/rmi://host:port/name or /stub/');
  if (!path.startsWith('/jndi/')) throw new MalformedJmxUrl(`URL path must begin with /jndi/ or /stub/ or /ior/: ${path}`);
  const jndi = path.slice('/jndi/'.length);
  const m = /^rmi:\/\/(\[[^\]]*\]|[^/:]*)(?::(\d*))?(?:\/(.*))?$/.exec(jndi);
  if (m === null) throw new MalformedJmxUrl(`Unsupported JNDI URL (tkafka jmx reads rmi://host:port/name): ${jndi}`);
  const rawHost = m[1] ?? '';
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  const port = m[2] === undefined || m[2] === '' ? 1099 : Number(m[2]);
  return { registryHost: host === '' ? 'localhost' : host, registryPort: port, name: m[3] ?? '' };
}
