// ApiVersions: v0–4 (flexible from v3).
// Behaviour: lists every registered handler's advertised range. A version above our max never
// reaches this file: the dispatcher answers it with a v0 body and UNSUPPORTED_VERSION (KIP-511).
// The response always uses header v0, also handled by the dispatcher.
// Features (v3+, KIP-584; Admin.describeFeatures and kafka-features.sh read them here): the ones
// Kafka 4 reports whose levels change what clients do, at the levels this broker really serves.
// metadata.version is Kafka 4.4's (7 = 3.3-IV3 up to 33, finalized at 33). kraft.version 0 (a
// static one-voter quorum, no KIP-853 voter changes). transaction.version 0: level 2 would make
// Java 4.x producers use KIP-890 part 2 transactions (Produce v12, EndTxn v5), which are not served,
// and level 1 changes the transaction log format, which stays at v0. group.version 1 (KIP-848
// consumer groups) only when the ConsumerGroupHeartbeat handler is registered. A level of 0 is not
// finalized, as in Kafka. v3 answers, like Kafka's, leave out supported features whose minimum is 0
// (clients before KIP-1022 reject such ranges). The finalized epoch is the quorum's metadata offset.
import { decodeApiVersionsRequest, type ApiVersionsRequest } from '../../protocol/generated/messages/api-versions-request.js';
import { defaultApiVersionsResponse, encodeApiVersionsResponse, type ApiVersionsResponse } from '../../protocol/generated/messages/api-versions-response.js';
import { METADATA_OFFSET } from './55-describe-quorum.js';
import { defineHandler } from './types.js';

const CONSUMER_GROUP_HEARTBEAT = 68;

interface Feature {
  name: string;
  minVersion: number;
  maxVersion: number;
  /** 0: not finalized. */
  finalized: number;
}

/** The features this broker serves, given the APIs it registered. */
export function brokerFeatures(apiKeys: readonly { apiKey: number }[]): Feature[] {
  const groupVersion = apiKeys.some((a) => a.apiKey === CONSUMER_GROUP_HEARTBEAT) ? 1 : 0;
  return [
    { name: 'group.version', minVersion: 0, maxVersion: groupVersion, finalized: groupVersion },
    { name: 'kraft.version', minVersion: 0, maxVersion: 0, finalized: 0 },
    { name: 'metadata.version', minVersion: 7, maxVersion: 33, finalized: 33 },
    { name: 'transaction.version', minVersion: 0, maxVersion: 0, finalized: 0 },
  ];
}

export default defineHandler<ApiVersionsRequest, ApiVersionsResponse>({
  apiKey: 18,
  minVersion: 0,
  maxVersion: 4,
  decode: decodeApiVersionsRequest,
  encode: encodeApiVersionsResponse,
  handle(_req, ctx) {
    const features = brokerFeatures(ctx.broker.apiVersions);
    return {
      ...defaultApiVersionsResponse(),
      errorCode: 0,
      apiKeys: ctx.broker.apiVersions.map((a) => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion })),
      throttleTimeMs: 0,
      supportedFeatures: features.filter((f) => ctx.apiVersion >= 4 || f.minVersion > 0).map((f) => ({ name: f.name, minVersion: f.minVersion, maxVersion: f.maxVersion })),
      finalizedFeaturesEpoch: METADATA_OFFSET,
      finalizedFeatures: features.filter((f) => f.finalized > 0).map((f) => ({ name: f.name, maxVersionLevel: f.finalized, minVersionLevel: f.finalized })),
      zkMigrationReady: false,
    };
  },
});
