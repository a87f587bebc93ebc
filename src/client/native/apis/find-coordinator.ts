import { FindCoordinatorApi as FindCoordinatorSpec } from '../../../protocol/generated/apis/find-coordinator.js';
import { clientApi } from '../apis.js';

// v1+: key type; v4+ batched keys (`coordinatorKeys`) with one result per key.
export const FindCoordinatorApi = clientApi(FindCoordinatorSpec, 1, 6);
