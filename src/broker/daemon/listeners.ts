import { ERROR_CODES, TkafkaError } from '../../shared/errors.js';

export interface ListenerAddress {
  name: string;
  /** Empty when the listener leaves the host out (`PLAINTEXT://:9092`). */
  host: string;
  port: number;
}

/**
 * Parses Kafka's `listeners` / `advertised.listeners` value (`NAME://host:port,...`, IPv6 hosts in
 * brackets) so a server.properties copied from Kafka picks the same port.
 */
export function parseListeners(value: string, key = 'listeners'): ListenerAddress[] {
  const out: ListenerAddress[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const m = /^([A-Za-z0-9_-]+):\/\/(\[[^\]]*\]|[^:/[\]]*):(\d+)$/.exec(item);
    const port = m === null ? NaN : Number(m[3]);
    if (m === null || !(port >= 0 && port <= 65535)) {
      throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `invalid broker config: ${key} entry '${item}' is not NAME://host:port`, { exitCode: 2 });
    }
    const host = (m[2] ?? '').replace(/^\[(.*)\]$/, '$1');
    out.push({ name: (m[1] ?? '').toUpperCase(), host, port });
  }
  return out;
}

/** The client-facing listener: the first one not named as a controller listener. */
export function clientListener(config: Readonly<Record<string, string>>): ListenerAddress | undefined {
  const listeners = config['listeners'];
  if (listeners === undefined) return undefined;
  const controllers = new Set((config['controller.listener.names'] ?? 'CONTROLLER').split(',').map((s) => s.trim().toUpperCase()));
  return parseListeners(listeners).find((l) => !controllers.has(l.name));
}

export function advertisedListener(config: Readonly<Record<string, string>>): ListenerAddress | undefined {
  const advertised = config['advertised.listeners'];
  if (advertised === undefined) return undefined;
  const controllers = new Set((config['controller.listener.names'] ?? 'CONTROLLER').split(',').map((s) => s.trim().toUpperCase()));
  return parseListeners(advertised, 'advertised.listeners').find((l) => !controllers.has(l.name));
}
