// The registry: one line per API. The dispatcher refuses two handlers for one key, and the
// ApiVersions response is built from these ranges.
import type { AnyHandler } from './types.js';
import produce from './00-produce.js';
import fetch from './01-fetch.js';
import listOffsets from './02-list-offsets.js';
import metadata from './03-metadata.js';
import apiVersions from './18-api-versions.js';
import offsetForLeaderEpoch from './23-offset-for-leader-epoch.js';

export const handlers: readonly AnyHandler[] = [
  produce,
  fetch,
  listOffsets,
  metadata,
  apiVersions,
  offsetForLeaderEpoch,
];
