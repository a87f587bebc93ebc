import { FetchApi as FetchSpec } from '../../../protocol/generated/apis/fetch.js';
import { clientApi } from '../apis.js';

// v4+: isolation level; capped at 12 because v13 addresses topics by id.
export const FetchApi = clientApi(FetchSpec, 4, 12);
