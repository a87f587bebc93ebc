// The KIP-848 group timings come from the broker's configuration (server.properties names), so a
// laptop broker can expire a silent consumer-protocol member in seconds instead of Kafka's 45.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import {
  ConsumerGroupHeartbeatRequestVersions,
  defaultConsumerGroupHeartbeatRequest,
  encodeConsumerGroupHeartbeatRequest,
} from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { decodeConsumerGroupHeartbeatResponse } from '../../src/protocol/generated/messages/consumer-group-heartbeat-response.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const HB = api(ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, decodeConsumerGroupHeartbeatResponse);

describe('group.consumer.* broker configs', () => {
  let b: TestBroker;
  let c: RawClient;
  beforeAll(async () => {
    b = await startTestBroker({ config: { 'group.consumer.heartbeat.interval.ms': '1234', 'group.consumer.session.timeout.ms': '1500' } });
    c = await RawClient.connect(b.running.port);
    expect(b.running.broker.topics.create('cfg', 2, {}).ok).toBe(true);
  });
  afterAll(async () => {
    c.close();
    await b.dispose();
  });

  it('members get the configured heartbeat interval and are fenced after the configured session timeout', async () => {
    const joined = await c.call(HB, 1, { ...defaultConsumerGroupHeartbeatRequest(), groupId: 'cfg-g', memberId: 'm1', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['cfg'], topicPartitions: [] });
    expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, memberId: 'm1', heartbeatIntervalMs: 1234 });
    await waitFor('the silent member to expire', () => (b.running.broker.groups.consumer.groups.get('cfg-g')?.members.size === 0 ? true : undefined), 15_000);
    const again = await c.call(HB, 1, { ...defaultConsumerGroupHeartbeatRequest(), groupId: 'cfg-g', memberId: 'm1', memberEpoch: joined.memberEpoch, topicPartitions: [] });
    expect(again.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });
});
