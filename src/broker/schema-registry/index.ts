// Starts the bundled Schema Registry next to the broker: loads `_schemas` and serves the REST API.
import type { Clock } from '../../shared/clock.js';
import { TkafkaError } from '../../shared/errors.js';
import type { Broker } from '../broker.js';
import { schemaFormats } from './formats.js';
import { startRegistryServer } from './http.js';
import { SchemaRegistry } from './registry.js';
import { SchemasTopic, SCHEMAS_TOPIC } from './store.js';

export interface RunningSchemaRegistry {
  readonly host: string;
  readonly port: number;
  readonly registry: SchemaRegistry;
  close(): Promise<void>;
}

export async function startSchemaRegistry(
  broker: Broker,
  opts: { host: string; configuredPort: number | null; defaultPort: number; clock: Clock; log: (line: string) => void },
): Promise<RunningSchemaRegistry | null> {
  const port = opts.configuredPort ?? opts.defaultPort;
  if (port === 0) return null;
  const registry = new SchemaRegistry(new SchemasTopic(broker.topics, opts.clock, opts.log), schemaFormats);
  const loaded = registry.load();
  let server;
  try {
    server = await startRegistryServer(registry, opts.host, port, opts.log);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? `port ${port} on ${opts.host} is already in use` : e.message;
    if (opts.configuredPort === null) {
      // Only the default was asked for: the broker is what the user started, so it runs without a registry.
      opts.log(`WARN schema registry not started: ${why}; set schema.registry.port to another port (or 0 to turn it off)`);
      return null;
    }
    throw new TkafkaError('PORT_IN_USE', `cannot start the schema registry (schema.registry.port=${port}): ${why}`, {
      hint: 'Stop whatever listens there, or pass --config schema.registry.port=PORT (0 turns the registry off).',
    });
  }
  opts.log(`schema registry listening on http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${server.port} (${loaded} record(s) loaded from ${SCHEMAS_TOPIC})`);
  return { host: server.host, port: server.port, registry, close: () => server.close() };
}
