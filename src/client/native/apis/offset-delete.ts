import { OffsetDeleteApi as OffsetDeleteSpec } from '../../../protocol/generated/apis/offset-delete.js';
import { clientApi } from '../apis.js';

export const OffsetDeleteApi = clientApi(OffsetDeleteSpec, 0, 0);
