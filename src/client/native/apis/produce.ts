import { ProduceApi as ProduceSpec } from '../../../protocol/generated/apis/produce.js';
import { clientApi } from '../apis.js';

// v3+: record batch v2 only.
export const ProduceApi = clientApi(ProduceSpec, 3, 11);
