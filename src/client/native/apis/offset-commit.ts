import { OffsetCommitApi as OffsetCommitSpec } from '../../../protocol/generated/apis/offset-commit.js';
import { clientApi } from '../apis.js';

// v2+ (v0-1 are gone from Kafka 4.0); v6 leader epoch, v8+ several groups are not used here.
export const OffsetCommitApi = clientApi(OffsetCommitSpec, 2, 9);
