import { ConsumerGroupDescribeApi as ConsumerGroupDescribeSpec } from '../../../protocol/generated/apis/consumer-group-describe.js';
import { clientApi } from '../apis.js';

// KIP-848 consumer groups (group.protocol=consumer); DescribeGroups does not describe them.
export const ConsumerGroupDescribeApi = clientApi(ConsumerGroupDescribeSpec, 0, 0);
