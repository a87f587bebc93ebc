import { SyncGroupApi as SyncGroupSpec } from '../../../protocol/generated/apis/sync-group.js';
import { clientApi } from '../apis.js';

// v5+ echoes the protocol type and name, which must then be sent.
export const SyncGroupApi = clientApi(SyncGroupSpec, 0, 5);
