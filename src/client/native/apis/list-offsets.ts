import { ListOffsetsApi as ListOffsetsSpec } from '../../../protocol/generated/apis/list-offsets.js';
import { clientApi } from '../apis.js';

// v1+: one offset per partition with its timestamp; v2+ isolation level.
export const ListOffsetsApi = clientApi(ListOffsetsSpec, 1, 10);
