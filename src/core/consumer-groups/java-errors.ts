import { ErrorCode, errorInfo } from '../../protocol/error-codes.js';
import { TkafkaError } from '../../shared/errors.js';

/** A failure kafka-consumer-groups reports through its catch-all: `Error: Executing consumer group command failed due to <message>`. */
export class CommandFailedError extends TkafkaError {
  override readonly name: string = 'CommandFailedError';
  constructor(code: string, message: string) {
    super(code, message);
  }
}

// kafka-consumer-groups prints Java exceptions as `Throwable.toString()`: the exception class and
// Kafka's Errors message. Only the codes its group operations can meet are listed; others fall
// back to our own error description.
const JAVA_ERRORS: ReadonlyMap<number, readonly [string, string]> = new Map([
  [ErrorCode.NON_EMPTY_GROUP, ['GroupNotEmptyException', 'The group is not empty.']],
  [ErrorCode.GROUP_ID_NOT_FOUND, ['GroupIdNotFoundException', 'The group id does not exist.']],
  [ErrorCode.INVALID_GROUP_ID, ['InvalidGroupIdException', 'The configured groupId is invalid.']],
  [ErrorCode.GROUP_AUTHORIZATION_FAILED, ['GroupAuthorizationException', 'Group authorization failed.']],
  [ErrorCode.TOPIC_AUTHORIZATION_FAILED, ['TopicAuthorizationException', 'Topic authorization failed.']],
  [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ['UnknownTopicOrPartitionException', 'This server does not host this topic-partition.']],
  [
    ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC,
    ['GroupSubscribedToTopicException', 'Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.'],
  ],
  [ErrorCode.COORDINATOR_NOT_AVAILABLE, ['CoordinatorNotAvailableException', 'The coordinator is not available.']],
  [ErrorCode.NOT_COORDINATOR, ['NotCoordinatorException', 'This is not the correct coordinator.']],
  [ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ['CoordinatorLoadInProgressException', 'The coordinator is loading and hence can\'t process requests.']],
  [ErrorCode.UNKNOWN_MEMBER_ID, ['UnknownMemberIdException', 'The coordinator is not aware of this member.']],
  [ErrorCode.REBALANCE_IN_PROGRESS, ['RebalanceInProgressException', 'The group is rebalancing, so a rejoin is needed.']],
  [ErrorCode.ILLEGAL_GENERATION, ['IllegalGenerationException', 'Specified group generation id is not valid.']],
  [ErrorCode.OFFSET_METADATA_TOO_LARGE, ['OffsetMetadataTooLarge', 'The metadata field of the offset request was too large.']],
]);

/** Kafka's Errors.message() for a code. */
export function javaErrorMessage(code: number): string {
  return JAVA_ERRORS.get(code)?.[1] ?? errorInfo(code).message;
}

/** `org.apache.kafka.common.errors.X: message`, as Java prints the exception for a code. */
export function javaException(code: number): string {
  const known = JAVA_ERRORS.get(code);
  if (known === undefined) return `org.apache.kafka.common.errors.ApiException: ${errorInfo(code).message}`;
  return `org.apache.kafka.common.errors.${known[0]}: ${known[1]}`;
}
