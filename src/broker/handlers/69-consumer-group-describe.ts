// ConsumerGroupDescribe: v0 (flexible from v0), KIP-848.
// Behaviour: per group its state (Empty, Assigning, Reconciling, Stable), group and assignment
// epochs, the server assignor in use, and per member its epoch, client, subscription (names, or
// the regex; "" when none) and its current and target assignments with topic ids and names. A
// missing group answers GROUP_ID_NOT_FOUND "Group X not found.", a classic group "Group X is not a
// consumer group.", as Kafka does.
// Gaps: Kafka 4 also refuses a group whose members hold topics the principal may not DESCRIBE; not done.
import {
  decodeConsumerGroupDescribeRequest,
  type ConsumerGroupDescribeRequest,
} from '../../protocol/generated/messages/consumer-group-describe-request.js';
import {
  defaultConsumerGroupDescribeResponse,
  defaultDescribedGroup,
  encodeConsumerGroupDescribeResponse,
  type ConsumerGroupDescribeResponse,
} from '../../protocol/generated/messages/consumer-group-describe-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { AUTHZ_MESSAGE, Op, Res, operationsIfAsked, splitAuthorized } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse>({
  apiKey: 69,
  minVersion: 0,
  maxVersion: 0,
  decode: decodeConsumerGroupDescribeRequest,
  encode: encodeConsumerGroupDescribeResponse,
  handle(req, ctx) {
    // KafkaApis: DESCRIBE on each group; the refused ones come first.
    const { allowed, denied } = splitAuthorized(ctx, Op.DESCRIBE, Res.GROUP, req.groupIds, (id) => id);
    return {
      ...defaultConsumerGroupDescribeResponse(),
      groups: [
        ...denied.map((groupId) => ({ ...defaultDescribedGroup(), groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, errorMessage: AUTHZ_MESSAGE[30] })),
        ...allowed.map((id) => ({ ...ctx.broker.groups.consumer.describe(id), authorizedOperations: operationsIfAsked(ctx, req.includeAuthorizedOperations, Res.GROUP, id) })),
      ],
    };
  },
});
