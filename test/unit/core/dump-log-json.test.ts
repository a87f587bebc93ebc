// dump-log's JSON of a decoded record (Kafka's generated JsonConverters as Jackson prints them), over
// the field tables scripts/gen-coordinator.ts generates: a field only in the versions that have it,
// a tagged field only when not its default, int64 as a number, bytes as base64, Jackson's escapes.
import { describe, expect, it } from 'vitest';
import { messageJson } from '../../../src/core/dump-log/json.js';

const txn = { producerId: 5n, previousProducerId: -1n, nextProducerId: 7n, producerEpoch: 2, transactionTimeoutMs: 60000, transactionStatus: 1, transactionPartitions: [{ topic: 't"\n', partitionIds: [0, 1] }], transactionLastUpdateTimestampMs: 10n, transactionStartTimestampMs: 9n, clientTransactionVersion: 0 };

describe('dump-log messageJson', () => {
  it('prints the fields of the version, tagged ones only when not their default', () => {
    expect(messageJson('TransactionLogValue', txn, 1)).toBe(
      '{"producerId":5,"nextProducerId":7,"producerEpoch":2,"transactionTimeoutMs":60000,"transactionStatus":1,"transactionPartitions":[{"topic":"t\\"\\n","partitionIds":[0,1]}],"transactionLastUpdateTimestampMs":10,"transactionStartTimestampMs":9}',
    );
    expect(messageJson('TransactionLogValue', { ...txn, previousProducerId: 3n, nextProducerId: -1n, transactionPartitions: null, clientTransactionVersion: 2 }, 1)).toBe(
      '{"producerId":5,"previousProducerId":3,"producerEpoch":2,"transactionTimeoutMs":60000,"transactionStatus":1,"transactionPartitions":null,"transactionLastUpdateTimestampMs":10,"transactionStartTimestampMs":9,"clientTransactionVersion":2}',
    );
    expect(messageJson('TransactionLogValue', { ...txn, transactionPartitions: [] }, 0)).toBe(
      '{"producerId":5,"producerEpoch":2,"transactionTimeoutMs":60000,"transactionStatus":1,"transactionPartitions":[],"transactionLastUpdateTimestampMs":10,"transactionStartTimestampMs":9}',
    );
  });

  it("OffsetCommitValue: v1's expireTimestamp, v4's tagged topicId (Kafka 4.4's, beyond our spec copy) unless zero", () => {
    const v = { offset: 3n, leaderEpoch: 4, metadata: '', commitTimestamp: 99n, expireTimestamp: 100n };
    expect(messageJson('OffsetCommitValue', v, 1)).toBe('{"offset":3,"metadata":"","commitTimestamp":99,"expireTimestamp":100}');
    expect(messageJson('OffsetCommitValue', { ...v, topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }, 4)).toBe('{"offset":3,"leaderEpoch":4,"metadata":"","commitTimestamp":99}');
    expect(messageJson('OffsetCommitValue', { ...v, topicId: 'q83vEjRWeJCrze8SNFZ4kA' }, 4)).toBe('{"offset":3,"leaderEpoch":4,"metadata":"","commitTimestamp":99,"topicId":"q83vEjRWeJCrze8SNFZ4kA"}');
  });

  it('nested structs by version (KRaft LeaderChangeMessage), bytes as base64 and null (consumer protocol)', () => {
    const voters = [{ voterId: 2, voterDirectoryId: 'q83vEjRWeJCrze8SNFZ4kA' }];
    expect(messageJson('LeaderChangeMessage', { version: 1, leaderId: 2, voters, grantingVoters: [] }, 1)).toBe('{"version":1,"leaderId":2,"voters":[{"voterId":2,"voterDirectoryId":"q83vEjRWeJCrze8SNFZ4kA"}],"grantingVoters":[]}');
    expect(messageJson('LeaderChangeMessage', { version: 0, leaderId: 2, voters, grantingVoters: [] }, 0)).toBe('{"version":0,"leaderId":2,"voters":[{"voterId":2}],"grantingVoters":[]}');
    const sub = { topics: ['a', 'b'], userData: Buffer.from([1, 2, 250]), ownedPartitions: [{ topic: 'a', partitions: [0] }], generationId: 3, rackId: null };
    expect(messageJson('ConsumerProtocolSubscription', sub, 3)).toBe('{"topics":["a","b"],"userData":"AQL6","ownedPartitions":[{"topic":"a","partitions":[0]}],"generationId":3,"rackId":null}');
    expect(messageJson('ConsumerProtocolSubscription', { ...sub, userData: null }, 0)).toBe('{"topics":["a","b"],"userData":null}');
  });
});
