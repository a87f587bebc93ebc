import { HeartbeatApi as HeartbeatSpec } from '../../../protocol/generated/apis/heartbeat.js';
import { clientApi } from '../apis.js';

export const HeartbeatApi = clientApi(HeartbeatSpec, 0, 4);
