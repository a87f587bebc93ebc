import { DescribeGroupsApi as DescribeGroupsSpec } from '../../../protocol/generated/apis/describe-groups.js';
import { clientApi } from '../apis.js';

export const DescribeGroupsApi = clientApi(DescribeGroupsSpec, 0, 5);
