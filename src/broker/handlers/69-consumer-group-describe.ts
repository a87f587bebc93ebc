// ConsumerGroupDescribe: v0 (flexible from v0), KIP-848.
// Behaviour: per group its state (Empty, Assigning, Reconciling, Stable), group and assignment
// epochs, the server assignor in use, and per member its epoch, client, subscription (names, or
// the regex; "" when none) and its current and target assignments with topic ids and names. A
// missing group answers GROUP_ID_NOT_FOUND "Group X not found.", a classic group "Group X is not a
// consumer group.", as Kafka does.
// Authorisation: DESCRIBE on the group (refused groups first), and on every topic its members hold.
// Gaps: none known.
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
import type { ConsumerDescribedGroup } from '../group/consumer-group.js';
import { Op, Res, deniedTopics, operationsIfAsked, splitAuthorized } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

const TOPICS_HIDDEN = 'The described group uses topics that the client is not authorized to describe.';

/** The topics of the members' current and target assignments, read only when an authorizer asks. */
function* heldTopics(g: ConsumerDescribedGroup): Generator<string> {
  for (const m of g.members) {
    for (const tp of m.assignment.topicPartitions) yield tp.topicName;
    for (const tp of m.targetAssignment.topicPartitions) yield tp.topicName;
  }
}

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
        ...denied.map((groupId) => ({ ...defaultDescribedGroup(), groupId, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED })),
        ...allowed.map((id) => {
          const g = ctx.broker.groups.consumer.describe(id);
          // Kafka 4: a group whose members hold topics the principal may not DESCRIBE is not shown.
          if (deniedTopics(ctx, Op.DESCRIBE, heldTopics(g)) !== null) return { ...defaultDescribedGroup(), groupId: id, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: TOPICS_HIDDEN };
          return { ...g, authorizedOperations: operationsIfAsked(ctx, req.includeAuthorizedOperations && g.errorCode === 0, Res.GROUP, id) };
        }),
      ],
    };
  },
});
