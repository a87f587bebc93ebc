// Kafka Streams' internal topic names, as StreamsResetter.matchesInternalTopicFormat (and
// kafka-streams-groups, which reuses it) recognises them. Its own module so that streams-groups
// does not load the resetter.

/** StreamsResetter.matchesInternalTopicFormat. */
export function matchesInternalTopicFormat(topic: string): boolean {
  return (
    topic.endsWith('-changelog') ||
    topic.endsWith('-repartition') ||
    topic.endsWith('-subscription-registration-topic') ||
    topic.endsWith('-subscription-response-topic') ||
    /^.+-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-\d+-topic$/s.test(topic) ||
    /^.+-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-\d+-topic$/s.test(topic)
  );
}
