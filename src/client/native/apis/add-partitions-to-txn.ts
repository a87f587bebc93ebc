import { AddPartitionsToTxnApi as AddPartitionsToTxnSpec } from '../../../protocol/generated/apis/add-partitions-to-txn.js';
import { clientApi } from '../apis.js';

// v0-3: the client's form, one transactional id; v4+ is the broker-to-broker batched form.
export const AddPartitionsToTxnApi = clientApi(AddPartitionsToTxnSpec, 0, 3);
