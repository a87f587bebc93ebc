import { TkafkaError } from '../../src/shared/errors.js';
import { startTestBroker, type TestBroker } from './broker.js';
import { freePort } from './ports.js';

export interface RegistryBroker extends TestBroker {
  /** http://127.0.0.1:PORT */
  readonly registryUrl: string;
}

/**
 * An in-process broker with its Schema Registry on a free port (schema.registry.port=0 turns the
 * registry off, so the port is picked first; a port taken in between is retried).
 */
export async function startRegistryBroker(opts: { config?: Record<string, string>; dataDir?: string } = {}): Promise<RegistryBroker> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      const b = await startTestBroker({ ...opts, config: { ...opts.config, 'schema.registry.port': String(port) } });
      return { ...b, registryUrl: `http://127.0.0.1:${port}` };
    } catch (err) {
      if (attempt < 5 && err instanceof TkafkaError && err.code === 'PORT_IN_USE') continue;
      throw err;
    }
  }
}

export interface HttpAnswer {
  status: number;
  contentType: string | null;
  text: string;
  json: unknown;
}

/** One registry request; the body, when given, is sent as Confluent's content type. */
export async function sr(base: string, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(base + path, init);
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}
