import { ConsumerGroupHeartbeatApi as ConsumerGroupHeartbeatSpec } from '../../../protocol/generated/apis/consumer-group-heartbeat.js';
import { clientApi } from '../apis.js';

// KIP-848's consumer group protocol (group.protocol=consumer); v1 lets the client choose its member id, as it always does.
export const ConsumerGroupHeartbeatApi = clientApi(ConsumerGroupHeartbeatSpec, 0, 1);
