// Requests kafkajs has no API for, or answers with the broker's message thrown away (topic ids,
// DescribeTopicPartitions, the error_message of CreateTopics/CreatePartitions), sent over kafkajs's
// own connections: bootstrap handling, TLS, SASL and ApiVersions stay kafkajs's, the bytes are our
// generated codecs. This reaches into kafkajs 2.2.x internals (the cluster factory kept under a
// private symbol on the Kafka instance, Broker.versions and Broker.connectionPool.send); they are
// checked at runtime, so a kafkajs that changes them fails loudly instead of misbehaving.
import type { Kafka } from 'kafkajs';
import type { ApiDef } from '../../client/native/apis.js';
import { UnsupportedApiError } from '../../client/native/errors.js';
import { Reader } from '../../protocol/codec/reader.js';
import { Writer } from '../../protocol/codec/writer.js';
import { requestHeaderVersion, responseHeaderVersion } from '../../protocol/generated/api-keys.js';

/** An API as the admin transports send it: the client's definition (versions capped at what this tool wants). */
export type WireApi<Req, Res> = ApiDef<Req, Res>;

export { UnsupportedApiError };

interface VersionRange {
  minVersion: number;
  maxVersion: number;
}

interface KjsRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  encode(): Promise<{ buf: Buffer; buffer: Buffer }>;
}

interface KjsResponse<T> {
  decode(payload: Buffer): Promise<T>;
  parse(data: T): Promise<T>;
}

interface KjsBroker {
  versions: Record<string, VersionRange | undefined> | null;
  connectionPool: { send<T>(p: { request: KjsRequest; response: KjsResponse<T> }): Promise<T> };
}

interface KjsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findControllerBroker(): Promise<unknown>;
  brokerPool: { seedBroker?: unknown };
}

const CREATE_CLUSTER = 'private:Kafka:createCluster';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function internalsChanged(what: string): Error {
  return new Error(`kafkajs internals changed (${what}); tkafka needs kafkajs 2.2.x`);
}

function asBroker(v: unknown): KjsBroker {
  if (!isObject(v) || !isObject(v['connectionPool']) || typeof v['connectionPool']['send'] !== 'function') throw internalsChanged('Broker.connectionPool.send');
  return v as unknown as KjsBroker;
}

function createCluster(kafka: Kafka): KjsCluster {
  const holder = kafka as unknown as Record<symbol, unknown>;
  const key = Object.getOwnPropertySymbols(holder).find((s) => s.description === CREATE_CLUSTER);
  const factory = key === undefined ? undefined : holder[key];
  if (typeof factory !== 'function') throw internalsChanged('Kafka cluster factory');
  const cluster: unknown = (factory as (opts: Record<string, unknown>) => unknown)({ allowAutoTopicCreation: false, metadataMaxAge: 300_000 });
  if (!isObject(cluster) || typeof cluster['connect'] !== 'function' || !isObject(cluster['brokerPool'])) throw internalsChanged('Cluster');
  return cluster as unknown as KjsCluster;
}

/** One connection set to a cluster: the bootstrap ("seed") broker, plus the controller when asked for. */
export class KafkaWire {
  private readonly cluster: KjsCluster;
  private readonly seed: KjsBroker;
  private controller: KjsBroker | undefined;

  private constructor(cluster: KjsCluster, seed: KjsBroker) {
    this.cluster = cluster;
    this.seed = seed;
  }

  /** Connects to the first bootstrap server that answers (ApiVersions and SASL included). */
  static async connect(kafka: Kafka): Promise<KafkaWire> {
    const cluster = createCluster(kafka);
    try {
      await cluster.connect();
      return new KafkaWire(cluster, asBroker(cluster.brokerPool.seedBroker));
    } catch (err) {
      await cluster.disconnect().catch(() => undefined);
      throw err;
    }
  }

  /** The broker's advertised range for an API key, or undefined when it does not have the API. */
  brokerRange(apiKey: number): VersionRange | undefined {
    return this.seed.versions?.[String(apiKey)];
  }

  /** The highest version both sides speak, or null. */
  version(api: Pick<WireApi<unknown, unknown>, 'apiKey' | 'min' | 'max'>): number | null {
    const range = this.brokerRange(api.apiKey);
    if (range === undefined) return null;
    const v = Math.min(api.max, range.maxVersion);
    return v >= Math.max(api.min, range.minVersion) ? v : null;
  }

  /**
   * Sends one request, built for the negotiated version. `to: 'controller'` routes it as Kafka's
   * admin client routes topic mutations (needed by ZooKeeper-mode clusters; KRaft brokers forward).
   */
  async send<Req, Res>(api: WireApi<Req, Res>, build: (version: number) => Req, to: 'any' | 'controller' = 'any'): Promise<{ version: number; body: Res }> {
    const version = this.version(api);
    if (version === null) {
      const range = this.brokerRange(api.apiKey);
      const detail = range === undefined ? 'does not support it' : `supports versions ${range.minVersion}-${range.maxVersion}, tkafka ${api.min}-${api.max}`;
      throw new UnsupportedApiError(api, `The broker cannot handle ${api.name} requests: it ${detail}.`);
    }
    const broker = to === 'controller' ? await this.controllerBroker() : this.seed;
    const w = new Writer(256);
    // kafkajs writes header v1 (ending with the client id); a flexible request's header v2 adds
    // an empty tagged-field section there, which is the first byte of what we hand it.
    if (requestHeaderVersion(api.apiKey, version) >= 2) w.uvarint(0);
    const responseTagged = responseHeaderVersion(api.apiKey, version) >= 1;
    api.encode(w, build(version), version);
    const bytes = w.toBuffer();
    const body = await broker.connectionPool.send<Res>({
      request: { apiKey: api.apiKey, apiVersion: version, apiName: api.name, encode: () => Promise.resolve({ buf: bytes, buffer: bytes }) },
      response: {
        decode: (payload) => {
          const r = new Reader(payload);
          // Response header v1 (flexible) carries tagged fields after the correlation id.
          if (responseTagged) r.rawTaggedFields();
          return Promise.resolve(api.decode(r, version));
        },
        parse: (data) => Promise.resolve(data),
      },
    });
    return { version, body };
  }

  private async controllerBroker(): Promise<KjsBroker> {
    if (this.controller === undefined) {
      await this.cluster.refreshMetadata();
      this.controller = asBroker(await this.cluster.findControllerBroker());
    }
    return this.controller;
  }

  async close(): Promise<void> {
    await this.cluster.disconnect();
  }
}
