// ApiVersions: v0–4 (flexible from v3).
// Behaviour: lists every registered handler's advertised range. A version above our max never
// reaches this file: the dispatcher answers it with a v0 body and UNSUPPORTED_VERSION (KIP-511).
// The response always uses header v0, also handled by the dispatcher.
// Gaps: no supported/finalized features are advertised (nothing here is feature-gated yet).
import { decodeApiVersionsRequest, ApiVersionsRequestVersions, type ApiVersionsRequest } from '../../protocol/generated/messages/api-versions-request.js';
import { defaultApiVersionsResponse, encodeApiVersionsResponse, type ApiVersionsResponse } from '../../protocol/generated/messages/api-versions-response.js';
import { defineHandler } from './types.js';

export default defineHandler<ApiVersionsRequest, ApiVersionsResponse>({
  apiKey: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 4,
  flexibleMin: ApiVersionsRequestVersions.flexibleMin,
  decode: decodeApiVersionsRequest,
  encode: encodeApiVersionsResponse,
  handle(_req, ctx) {
    return {
      ...defaultApiVersionsResponse(),
      errorCode: 0,
      apiKeys: ctx.broker.apiVersions.map((a) => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion })),
      throttleTimeMs: 0,
    };
  },
});
