// AdminTransport over tkafka's own protocol client (src/client/native), for every security
// protocol: TLS, mTLS and SASL are the client's.
import { NativeClient, type NativeClientOptions } from '../../client/native/client.js';
import type { BrokerConnection } from '../../client/native/connection.js';
import { UnsupportedApiError } from '../../client/native/errors.js';
import type { AdminTransport, WireApi } from './admin.js';

export type NativeTransportOptions = NativeClientOptions;

export class NativeTransport implements AdminTransport {
  private readonly client: NativeClient;
  private readonly seed: BrokerConnection;
  private controller: Promise<BrokerConnection> | undefined;

  private constructor(client: NativeClient, seed: BrokerConnection) {
    this.client = client;
    this.seed = seed;
  }

  /** Connects to the first bootstrap server that answers; rejects with its NativeConnectionError. */
  static async connect(opts: NativeTransportOptions): Promise<NativeTransport> {
    const client = await NativeClient.connect(opts);
    try {
      return new NativeTransport(client, await client.anyConnection());
    } catch (err) {
      await client.close();
      throw err;
    }
  }

  version(api: WireApi<unknown, unknown>): number | null {
    return this.seed.supports(api) ? this.seed.version(api) : null;
  }

  async send<Req, Res>(api: WireApi<Req, Res>, build: (version: number) => Req, to: 'any' | 'controller' = 'any'): Promise<{ version: number; body: Res }> {
    const conn = to === 'controller' ? await this.controllerConnection() : this.seed;
    if (!conn.supports(api)) throw new UnsupportedApiError(api, `The broker at ${conn.address} cannot handle ${api.name} requests (tkafka speaks versions ${api.min}-${api.max}).`);
    const version = conn.version(api);
    const body = await conn.send(api, build(version), { version });
    return { version, body };
  }

  /** The controller named by the metadata (KRaft brokers name any broker, which forwards). */
  private controllerConnection(): Promise<BrokerConnection> {
    // librdkafka's mock cluster names controller 0, which is not among its brokers: use the seed then.
    this.controller ??= this.client.metadata([]).then((md) => (md.brokers.some((b) => b.nodeId === md.controllerId) ? this.client.nodeConnection(md.controllerId) : this.seed));
    return this.controller;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
