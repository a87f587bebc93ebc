// ConsumerGroupDescribe: v0 (flexible from v0), KIP-848.
// Behaviour: per group its state (Empty, Assigning, Reconciling, Stable), group and assignment
// epochs, the server assignor in use, and per member its epoch, client, subscription (names, or
// the regex; "" when none) and its current and target assignments with topic ids and names. A
// missing group answers GROUP_ID_NOT_FOUND "Group X not found.", a classic group "Group X is not a
// consumer group.", as Kafka does.
// Gaps: authorized operations are every group operation when asked for (no ACLs here).
import {
  decodeConsumerGroupDescribeRequest,
  type ConsumerGroupDescribeRequest,
} from '../../protocol/generated/messages/consumer-group-describe-request.js';
import {
  defaultConsumerGroupDescribeResponse,
  encodeConsumerGroupDescribeResponse,
  type ConsumerGroupDescribeResponse,
} from '../../protocol/generated/messages/consumer-group-describe-response.js';
import { GROUP_OPERATIONS } from './15-describe-groups.js';
import { OPERATIONS_NOT_REQUESTED } from './60-describe-cluster.js';
import { defineHandler } from './types.js';

export default defineHandler<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>({
  apiKey: 69,
  minVersion: 0,
  maxVersion: 0,
  decode: decodeConsumerGroupDescribeRequest,
  encode: encodeConsumerGroupDescribeResponse,
  handle(req, ctx) {
    const ops = req.includeAuthorizedOperations ? GROUP_OPERATIONS : OPERATIONS_NOT_REQUESTED;
    return {
      ...defaultConsumerGroupDescribeResponse(),
      groups: req.groupIds.map((id) => ({ ...ctx.broker.groups.consumer.describe(id), authorizedOperations: ops })),
    };
  },
});
