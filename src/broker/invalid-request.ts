// A request Kafka refuses while parsing it (its request class's constructor validates it), before
// any handler runs: Kafka closes the connection without an answer. A handler throws this for the
// same checks; any other exception escaping a handler is answered with UNKNOWN_SERVER_ERROR, as
// KafkaApis' handleError does (server/dispatcher.ts).
export class InvalidRequest extends Error {
  override readonly name = 'InvalidRequestException';
}
