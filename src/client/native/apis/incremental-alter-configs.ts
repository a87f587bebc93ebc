import { IncrementalAlterConfigsApi as IncrementalAlterConfigsSpec } from '../../../protocol/generated/apis/incremental-alter-configs.js';
import { clientApi } from '../apis.js';

export const IncrementalAlterConfigsApi = clientApi(IncrementalAlterConfigsSpec, 0, 1);
