// ConsumerGroupHeartbeat: v0–1 (flexible from v0), KIP-848's consumer group protocol.
// Behaviour: joins (epoch 0), heartbeats, and leaves (-1; static members -2) a consumer group whose
// assignment the broker computes (server assignors `uniform`, the default, and `range`). The answer
// carries the member's epoch, the heartbeat interval (5000 ms) and, after a full request or a
// change, its assignment; partitions move to a new owner only once the previous owner has revoked
// them. Errors as Kafka sends them, with its messages: INVALID_REQUEST (empty group or member id,
// a first heartbeat without rebalance timeout, owned partitions or subscription, a bad epoch),
// UNSUPPORTED_ASSIGNOR, INVALID_REGULAR_EXPRESSION, GROUP_ID_NOT_FOUND (no such consumer group when
// the epoch is not 0), UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID,
// FENCED_INSTANCE_ID. Sessions last group.consumer.session.timeout.ms (45 s).
// Version notes: v1 SubscribedTopicRegex, and the client must choose its member id (v0 lets the
// coordinator pick one on joining).
// Gaps: the regex runs on JS RegExp, RE2 syntax rewritten for it (\Q…\E, \A, \z, (?P<n>…), a leading
// (?i)/(?s)/(?m), POSIX classes, \pL; lookaround, backreferences, possessive quantifiers and (?U)
// refused as RE2/J refuses them, INVALID_REGULAR_EXPRESSION); rarer RE2 forms may differ; it is resolved at
// once, where Kafka resolves it in the background and assigns on a later heartbeat; no rack-aware
// assignment; group.consumer.* configs keep Kafka's defaults.
// Mixed groups (group.consumer.migration.policy, default bidirectional): an empty classic group
// becomes a consumer group; one with members that runs the consumer protocol is upgraded (its
// members stay, as classic members, with their assignments; refused: GROUP_ID_NOT_FOUND "Group g is
// not a consumer group."); the last consumer-protocol member leaving (-1, or fenced) while classic
// members remain downgrades the group back to a classic group, which rebalances.
import {
  decodeConsumerGroupHeartbeatRequest,
  type ConsumerGroupHeartbeatRequest,
} from '../../protocol/generated/messages/consumer-group-heartbeat-request.js';
import {
  defaultConsumerGroupHeartbeatResponse,
  encodeConsumerGroupHeartbeatResponse,
  type ConsumerGroupHeartbeatResponse,
} from '../../protocol/generated/messages/consumer-group-heartbeat-response.js';
import { clientHostOf } from '../group/index.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canGroup, deniedTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse>({
  apiKey: 68,
  minVersion: 0,
  maxVersion: 1,
  decode: decodeConsumerGroupHeartbeatRequest,
  encode: encodeConsumerGroupHeartbeatResponse,
  handle(req, ctx) {
    // KafkaApis: READ on the group, then DESCRIBE on every subscribed topic named (else TOPIC_AUTHORIZATION_FAILED).
    if (!canGroup(ctx, Op.READ, req.groupId)) return { ...defaultConsumerGroupHeartbeatResponse(), errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    if (req.subscribedTopicNames !== null && deniedTopics(ctx, Op.DESCRIBE, req.subscribedTopicNames) !== null) {
      return { ...defaultConsumerGroupHeartbeatResponse(), errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED };
    }
    const r = ctx.broker.groups.consumer.heartbeat({
      apiVersion: ctx.apiVersion,
      groupId: req.groupId,
      memberId: req.memberId,
      memberEpoch: req.memberEpoch,
      instanceId: req.instanceId,
      rackId: req.rackId,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      subscribedTopicNames: req.subscribedTopicNames,
      subscribedTopicRegex: ctx.apiVersion >= 1 ? req.subscribedTopicRegex : null,
      serverAssignor: req.serverAssignor,
      topicPartitions: req.topicPartitions,
      clientId: ctx.clientId ?? '',
      clientHost: clientHostOf(ctx.remoteAddress),
    });
    return { ...defaultConsumerGroupHeartbeatResponse(), ...r };
  },
});
