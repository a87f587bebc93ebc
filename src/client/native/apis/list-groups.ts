import { ListGroupsApi as ListGroupsSpec } from '../../../protocol/generated/apis/list-groups.js';
import { clientApi } from '../apis.js';

// v4+ states filter, v5+ types filter.
export const ListGroupsApi = clientApi(ListGroupsSpec, 0, 5);
