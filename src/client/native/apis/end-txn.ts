import { EndTxnApi as EndTxnSpec } from '../../../protocol/generated/apis/end-txn.js';
import { clientApi } from '../apis.js';

// v0-4; v5 belongs to KIP-890 transaction version 2 (epoch bump on every commit).
export const EndTxnApi = clientApi(EndTxnSpec, 0, 4);
