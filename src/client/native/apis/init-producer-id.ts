import { InitProducerIdApi as InitProducerIdSpec } from '../../../protocol/generated/apis/init-producer-id.js';
import { clientApi } from '../apis.js';

// The transactional producer (Kafka's classic transaction protocol, transaction.version 1 as a
// client speaks it). InitProducerId v3+ carries the current id/epoch, v4+ answers PRODUCER_FENCED.
export const InitProducerIdApi = clientApi(InitProducerIdSpec, 0, 5);
