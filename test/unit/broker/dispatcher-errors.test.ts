// An exception escaping a handler, as KafkaApis' handleError treats it: answered with the request's
// own error response carrying UNKNOWN_SERVER_ERROR (no message) on a connection that stays open;
// InvalidRequest (what Kafka refuses while parsing) and Produce with acks=0 close the connection.
import { describe, expect, it } from 'vitest';
import type { Broker } from '../../../src/broker/broker.js';
import { InvalidRequest } from '../../../src/broker/invalid-request.js';
import { defineHandler, type AnyHandler } from '../../../src/broker/handlers/types.js';
import { Dispatcher, type RequestOrigin } from '../../../src/broker/server/dispatcher.js';
import { Reader } from '../../../src/protocol/codec/reader.js';
import { ZERO_UUID } from '../../../src/protocol/codec/uuid.js';
import { Writer } from '../../../src/protocol/codec/writer.js';
import { ErrorCode } from '../../../src/protocol/error-codes.js';
import { MetadataApi } from '../../../src/protocol/generated/apis/metadata.js';
import { ProduceApi } from '../../../src/protocol/generated/apis/produce.js';
import { decodeMetadataResponse } from '../../../src/protocol/generated/messages/metadata-response.js';
import { defaultMetadataRequest, encodeMetadataRequest } from '../../../src/protocol/generated/messages/metadata-request.js';
import { defaultProduceRequest, encodeProduceRequest } from '../../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../../../src/protocol/generated/messages/produce-response.js';

const origin: RequestOrigin = {
  id: 1,
  remoteAddress: '127.0.0.1:5555',
  session: { principal: 'User:ANONYMOUS', listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', clientHost: '127.0.0.1' },
  signal: new AbortController().signal,
  end: () => undefined,
  endAfterResponse: () => undefined,
  muteAfterResponse: () => undefined,
  sasl: undefined,
};

function frame(apiKey: number, version: number, body: (w: Writer) => void): Buffer {
  const w = new Writer(128);
  w.int16(apiKey).int16(version).int32(42).nullableString('t').uvarint(0);
  body(w);
  return w.toBuffer();
}

function bodyOf(bufs: Buffer[] | null): Reader {
  const r = new Reader(Buffer.concat(bufs ?? []).subarray(4));
  expect(r.int32()).toBe(42);
  r.rawTaggedFields();
  return r;
}

const dispatcherWith = (handlers: AnyHandler[], logs: string[]): Dispatcher => new Dispatcher({ requestStats: null } as unknown as Broker, handlers, (l) => logs.push(l));

describe('a handler that throws', () => {
  const metadataFrame = frame(3, 12, (w) => encodeMetadataRequest(w, { ...defaultMetadataRequest(), topics: [{ name: 'a', topicId: ZERO_UUID }] }, 12));

  it('is answered with UNKNOWN_SERVER_ERROR on every resource, sync or async, and logged', async () => {
    for (const handle of [
      () => {
        throw new Error('boom');
      },
      () => Promise.reject(new Error('boom')),
    ]) {
      const logs: string[] = [];
      const d = dispatcherWith([defineHandler({ api: MetadataApi, minVersion: 0, maxVersion: 12, handle })], logs);
      const out = await d.dispatch(metadataFrame, origin);
      const md = decodeMetadataResponse(bodyOf(out), 12);
      expect(md.topics.map((t) => [t.name, t.errorCode])).toEqual([['a', ErrorCode.UNKNOWN_SERVER_ERROR]]);
      expect(logs[0]).toMatch(/^error handling Metadata v12 from 127\.0\.0\.1:5555, answered UNKNOWN_SERVER_ERROR: Error: boom/);
    }
  });

  it('closes the connection (throws) for InvalidRequest, and for Produce acks=0 which Kafka never answers', async () => {
    const invalid = dispatcherWith([defineHandler({ api: MetadataApi, minVersion: 0, maxVersion: 12, handle: () => Promise.reject(new InvalidRequest('bad')) })], []);
    await expect(invalid.dispatch(metadataFrame, origin)).rejects.toThrow('bad');
    const produce = dispatcherWith(
      [
        defineHandler({
          api: ProduceApi,
          minVersion: 3,
          maxVersion: 9,
          handle: () => {
            throw new Error('disk');
          },
        }),
      ],
      [],
    );
    const req = { ...defaultProduceRequest(), timeoutMs: 1000, topicData: [{ name: 't', topicId: ZERO_UUID, partitionData: [{ index: 0, records: null }] }] };
    expect(() => produce.dispatch(frame(0, 9, (w) => encodeProduceRequest(w, { ...req, acks: 0 }, 9)), origin)).toThrow('disk');
    const answered = produce.dispatch(frame(0, 9, (w) => encodeProduceRequest(w, { ...req, acks: 1 }, 9)), origin) as Buffer[];
    expect(decodeProduceResponse(bodyOf(answered), 9).responses[0]?.partitionResponses[0]).toMatchObject({ index: 0, errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: null, baseOffset: -1n });
  });
});
