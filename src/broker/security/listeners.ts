import { TkafkaError } from '../../shared/errors.js';
import type { SecurityProtocol } from './session.js';

/** One `NAME://host:port` entry of `listeners` or `advertised.listeners`. */
export interface ListenerAddress {
  name: string;
  /** Empty when the entry leaves the host out (`PLAINTEXT://:9092`). */
  host: string;
  port: number;
}

/** A listener to bind: its name, its protocol (via listener.security.protocol.map) and address. */
export interface ListenerSpec extends ListenerAddress {
  securityProtocol: SecurityProtocol;
  /** What Metadata/FindCoordinator tell clients that came in on this listener (port 0: the bound port). */
  advertisedHost: string;
  advertisedPort: number;
}

const PROTOCOLS: readonly SecurityProtocol[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

function badConfig(message: string): TkafkaError {
  return new TkafkaError('BAD_CONFIG', `invalid broker config: ${message}`, { exitCode: 2 });
}

/**
 * Parses Kafka's `listeners` / `advertised.listeners` value (`NAME://host:port,...`, IPv6 hosts in
 * brackets). Names are case-insensitive in Kafka and kept upper-case here.
 */
export function parseListeners(value: string, key = 'listeners'): ListenerAddress[] {
  const out: ListenerAddress[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const m = /^([A-Za-z0-9_-]+):\/\/(\[[^\]]*\]|[^:/[\]]*):(\d+)$/.exec(item);
    const port = m === null ? NaN : Number(m[3]);
    if (m === null || !(port >= 0 && port <= 65535)) throw badConfig(`${key} entry '${item}' is not NAME://host:port`);
    const host = (m[2] ?? '').replace(/^\[(.*)\]$/, '$1');
    out.push({ name: (m[1] ?? '').toUpperCase(), host, port });
  }
  return out;
}

/** `listener.security.protocol.map` (default: each protocol's own name maps to itself, as Kafka's). */
export function protocolMap(raw: Readonly<Record<string, string>>): Map<string, SecurityProtocol> {
  const map = new Map<string, SecurityProtocol>(PROTOCOLS.map((p) => [p, p]));
  const value = raw['listener.security.protocol.map'];
  if (value === undefined) return map;
  map.clear();
  for (const part of value.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const [name, proto] = item.split(':').map((s) => s.trim().toUpperCase());
    if (name === undefined || name === '' || proto === undefined || !(PROTOCOLS as readonly string[]).includes(proto)) {
      throw badConfig(`listener.security.protocol.map entry '${item}' is not NAME:PROTOCOL (PROTOCOL one of ${PROTOCOLS.join(', ')})`);
    }
    map.set(name, proto as SecurityProtocol);
  }
  return map;
}

/** `controller.listener.names`, upper-cased: listeners this broker leaves out. */
export function controllerNames(raw: Readonly<Record<string, string>>): Set<string> {
  return new Set((raw['controller.listener.names'] ?? 'CONTROLLER').split(',').map((s) => s.trim().toUpperCase()));
}

/** The client listeners of `listeners=` in order, controller listeners left out (this broker has no controller port). */
export function clientListeners(raw: Readonly<Record<string, string>>): ListenerAddress[] {
  const value = raw['listeners'];
  if (value === undefined) return [];
  const controllers = controllerNames(raw);
  return parseListeners(value).filter((l) => !controllers.has(l.name));
}

/**
 * The listeners to bind. Without `listeners=` there is one PLAINTEXT listener on `primary`; with it,
 * `primary` (the --host/--port flags, which default to the first entry) replaces the first client
 * listener's address. Every name needs a protocol; names and ports must be distinct. A listener
 * missing from `advertised.listeners` advertises its own address (a wildcard host as 'localhost').
 */
export function resolveListeners(
  raw: Readonly<Record<string, string>>,
  primary: { host: string; port: number; advertisedHost?: string },
): ListenerSpec[] {
  const given = clientListeners(raw);
  const addresses: ListenerAddress[] = given.length === 0 ? [{ name: 'PLAINTEXT', host: primary.host, port: primary.port }] : given;
  const first = addresses[0] as ListenerAddress;
  addresses[0] = { ...first, host: primary.host, port: primary.port };
  const protocols = protocolMap(raw);
  const advertised = new Map<string, ListenerAddress>();
  const advValue = raw['advertised.listeners'];
  if (advValue !== undefined) for (const a of parseListeners(advValue, 'advertised.listeners')) advertised.set(a.name, a);
  const names = new Set<string>();
  const ports = new Set<string>();
  return addresses.map((l, i) => {
    const securityProtocol = protocols.get(l.name);
    if (securityProtocol === undefined) {
      throw badConfig(`no security protocol defined for listener ${l.name} (add ${l.name}:<PROTOCOL> to listener.security.protocol.map)`);
    }
    if (names.has(l.name)) throw badConfig(`listeners names ${l.name} twice (each listener name must be unique)`);
    names.add(l.name);
    const host = l.host === '' ? primary.host : l.host;
    if (l.port !== 0) {
      const key = `${host}:${l.port}`;
      if (ports.has(key)) throw badConfig(`listeners use ${key} twice (each listener needs its own port)`);
      ports.add(key);
    }
    const adv = advertised.get(l.name);
    const wildcard = host === '0.0.0.0' || host === '::';
    let advertisedHost = adv !== undefined && adv.host !== '' ? adv.host : wildcard ? 'localhost' : host;
    if (i === 0 && primary.advertisedHost !== undefined) advertisedHost = primary.advertisedHost;
    return { name: l.name, host, port: l.port, securityProtocol, advertisedHost, advertisedPort: adv?.port ?? l.port };
  });
}

/** Value of a listener-scoped key: `listener.name.<name>.<key>` (Kafka lower-cases the name) over `<key>`. */
export function listenerConfig(raw: Readonly<Record<string, string>>, listenerName: string, key: string): string | undefined {
  return raw[`listener.name.${listenerName.toLowerCase()}.${key}`] ?? raw[key];
}

export function isTlsProtocol(p: SecurityProtocol): boolean {
  return p === 'SSL' || p === 'SASL_SSL';
}

export function isSaslProtocol(p: SecurityProtocol): boolean {
  return p === 'SASL_PLAINTEXT' || p === 'SASL_SSL';
}
