import { DeleteGroupsApi as DeleteGroupsSpec } from '../../../protocol/generated/apis/delete-groups.js';
import { clientApi } from '../apis.js';

export const DeleteGroupsApi = clientApi(DeleteGroupsSpec, 0, 2);
