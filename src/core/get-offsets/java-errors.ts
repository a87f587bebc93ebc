// The admin tools (get-offsets, delete-records, log-dirs, configs, reassign-partitions,
// leader-election, groups, transactions, metadata-quorum, features) print a failed request's error as Java prints the exception
// (`Throwable.toString()`, often via ExecutionException.getMessage()): the exception class Kafka's
// Errors maps the code to, then the broker's message or else Errors' default message. The codes
// these tools meet are listed with Kafka's wording; any other code falls back to the class name
// derived from the code's name and our own description.
import { ErrorCode, errorInfo } from '../../protocol/error-codes.js';

const PACKAGE = 'org.apache.kafka.common.errors.';

const JAVA: ReadonlyMap<number, readonly [string, string]> = new Map([
  [ErrorCode.UNKNOWN_SERVER_ERROR, ['UnknownServerException', 'The server experienced an unexpected error when processing the request.']],
  [ErrorCode.OFFSET_OUT_OF_RANGE, ['OffsetOutOfRangeException', 'The requested offset is not within the range of offsets maintained by the server.']],
  [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ['UnknownTopicOrPartitionException', 'This server does not host this topic-partition.']],
  [ErrorCode.LEADER_NOT_AVAILABLE, ['LeaderNotAvailableException', 'There is no leader for this topic-partition as we are in the middle of a leadership election.']],
  [
    ErrorCode.NOT_LEADER_OR_FOLLOWER,
    [
      'NotLeaderOrFollowerException',
      'For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.',
    ],
  ],
  [ErrorCode.REQUEST_TIMED_OUT, ['TimeoutException', 'The request timed out.']],
  [ErrorCode.TOPIC_AUTHORIZATION_FAILED, ['TopicAuthorizationException', 'Topic authorization failed.']],
  [ErrorCode.CLUSTER_AUTHORIZATION_FAILED, ['ClusterAuthorizationException', 'Cluster authorization failed.']],
  [ErrorCode.GROUP_AUTHORIZATION_FAILED, ['GroupAuthorizationException', 'Group authorization failed.']],
  [ErrorCode.INVALID_CONFIG, ['InvalidConfigurationException', 'Configuration is invalid.']],
  [ErrorCode.NOT_CONTROLLER, ['NotControllerException', 'This is not the correct controller for this cluster.']],
  [ErrorCode.NON_EMPTY_GROUP, ['GroupNotEmptyException', 'The group is not empty.']],
  [ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, ['TransactionalIdAuthorizationException', 'Transactional Id authorization failed.']],
  [ErrorCode.INVALID_PRODUCER_EPOCH, ['InvalidProducerEpochException', 'Producer attempted to produce with an old epoch.']],
  [
    ErrorCode.TRANSACTION_COORDINATOR_FENCED,
    ['TransactionCoordinatorFencedException', 'Indicates that the transaction coordinator sending a WriteTxnMarker is no longer the current coordinator for a given producer.'],
  ],
  [ErrorCode.COORDINATOR_NOT_AVAILABLE, ['CoordinatorNotAvailableException', 'The coordinator is not available.']],
  [ErrorCode.UNSUPPORTED_VERSION, ['UnsupportedVersionException', 'The version of API is not supported.']],
  [ErrorCode.POLICY_VIOLATION, ['PolicyViolationException', 'Request parameters do not satisfy the configured policy.']],
  [ErrorCode.KAFKA_STORAGE_ERROR, ['KafkaStorageException', 'Disk error when trying to access log file on the disk.']],
  [ErrorCode.NOT_ENOUGH_REPLICAS, ['NotEnoughReplicasException', 'Messages are rejected since there are fewer in-sync replicas than required.']],
  [ErrorCode.FENCED_LEADER_EPOCH, ['FencedLeaderEpochException', 'The leader epoch in the request is older than the epoch on the broker.']],
  [ErrorCode.UNKNOWN_LEADER_EPOCH, ['UnknownLeaderEpochException', 'The leader epoch in the request is newer than the epoch on the broker.']],
  [ErrorCode.INVALID_REQUEST, ['InvalidRequestException', 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.']],
]);

/** The Java exception class (simple name) Kafka's Errors maps `code` to. */
export function javaExceptionClass(code: number): string {
  const known = JAVA.get(code);
  if (known !== undefined) return known[0];
  const pascal = errorInfo(code)
    .name.toLowerCase()
    .replace(/(^|_)([a-z0-9])/g, (_m, _u: string, c: string) => c.toUpperCase())
    .replace(/(Error|Exception)$/, '');
  return `${pascal}Exception`;
}

/** The broker's message when it sent one, else Errors' default message for the code. */
export function javaMessage(code: number, message?: string | null): string {
  return message ?? JAVA.get(code)?.[1] ?? errorInfo(code).message;
}

/** `org.apache.kafka.common.errors.X: message`, as Java prints the exception for a code. */
export function javaException(code: number, message?: string | null): string {
  return `${PACKAGE}${javaExceptionClass(code)}: ${javaMessage(code, message)}`;
}

/** The fully qualified class name (kafka-log-dirs prints `error` as `getClass().getName()`). */
export function javaExceptionClassName(code: number): string {
  return `${PACKAGE}${javaExceptionClass(code)}`;
}
