import { OffsetFetchApi as OffsetFetchSpec } from '../../../protocol/generated/apis/offset-fetch.js';
import { clientApi } from '../apis.js';

// v1+; v2+ null topics mean all committed partitions; v8+ groups are sent in `groups`.
export const OffsetFetchApi = clientApi(OffsetFetchSpec, 1, 9);
