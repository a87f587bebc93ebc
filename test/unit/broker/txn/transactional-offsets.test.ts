import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../../../../src/broker/broker.js';
import { defaultBrokerConfig } from '../../../../src/broker/config.js';
import { OFFSETS_TOPIC } from '../../../../src/broker/group/offsets-topic.js';
import { decodeRecordBatch, splitRecordBatches } from '../../../../src/protocol/records/batch.js';
import { ManualClock } from '../../../../src/shared/clock.js';

/** The manual clock's time: nothing here advances it. */
const NOW = 1_700_000_000_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function open(dir: string): Broker {
  const broker = new Broker(defaultBrokerConfig(), 'epoch-cluster', dir, new ManualClock(NOW), () => undefined);
  broker.topics.load();
  broker.groups.load();
  broker.txn.load();
  return broker;
}

function close(broker: Broker): void {
  broker.groups.close();
  broker.txn.close();
  broker.topics.close();
}

function txnCommit(broker: Broker, producerId: bigint, producerEpoch: number, offset: bigint) {
  return broker.txn.txnOffsetCommit({
    transactionalId: 'tx',
    groupId: 'g',
    producerId,
    producerEpoch,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    apiVersion: 4,
    topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }],
  });
}

describe('transactional offsets in the group coordinator', () => {
  it('stay pending across a restart (rebuilt from the open transaction in the log) and count once it commits', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-epoch-'));
    dirs.push(dir);
    let broker = open(dir);
    try {
      expect(broker.topics.create('t', 1, {}).ok).toBe(true);
      const init = broker.txn.coordinator.initProducerId('tx', 60_000, null);
      const index = broker.groups.offsets.prepareOffsetsPartition('g');
      expect(broker.txn.coordinator.addPartitions('tx', init.producerId, init.producerEpoch, [{ topic: OFFSETS_TOPIC, partition: index }])).toBe(0);
      expect(txnCommit(broker, init.producerId, init.producerEpoch, 9n)).toEqual([{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }] }]);
      close(broker);
      broker = open(dir);
      expect(broker.groups.offsets.hasPendingOffsets('g', 't', 0)).toBe(true);
      expect(broker.groups.offsets.committed('g', 't', 0)).toBeUndefined();
      expect(broker.txn.coordinator.endTxn('tx', init.producerId, init.producerEpoch, true)).toBe(0);
      expect(broker.groups.offsets.hasPendingOffsets('g')).toBe(false);
      expect(broker.groups.offsets.committed('g', 't', 0)).toEqual({ offset: 9n, leaderEpoch: -1, metadata: '', commitTimestamp: NOW, expireTimestamp: null });
    } finally {
      close(broker);
    }
  });
});

describe('leader epoch of the batches the group and transaction coordinators write', () => {
  it('offset commits, transactional offsets and their marker carry the partition leader epoch 0, as produced batches do', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-epoch-'));
    dirs.push(dir);
    const broker = open(dir);
    try {
      expect(broker.topics.create('t', 1, {}).ok).toBe(true);
      const partitions = [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 3n, committedLeaderEpoch: -1, committedMetadata: null }] }];
      const plain = broker.groups.offsets.commit({ groupId: 'g', generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n, apiVersion: 8, topics: partitions });
      expect(plain).toEqual([{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }] }]);

      const init = broker.txn.coordinator.initProducerId('tx', 60_000, null);
      expect(init.errorCode).toBe(0);
      const index = broker.groups.offsets.prepareOffsetsPartition('g');
      expect(broker.txn.coordinator.addPartitions('tx', init.producerId, init.producerEpoch, [{ topic: OFFSETS_TOPIC, partition: index }])).toBe(0);
      expect(txnCommit(broker, init.producerId, init.producerEpoch, 5n)).toEqual([{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }] }]);
      expect(broker.groups.offsets.hasPendingOffsets('g', 't', 0)).toBe(true);
      expect(broker.txn.coordinator.endTxn('tx', init.producerId, init.producerEpoch, true)).toBe(0);
      expect(broker.groups.offsets.hasPendingOffsets('g')).toBe(false);
      expect(broker.groups.offsets.committed('g', 't', 0)).toEqual({ offset: 5n, leaderEpoch: -1, metadata: '', commitTimestamp: NOW, expireTimestamp: null });

      const log = broker.topics.partition(OFFSETS_TOPIC, index)?.log;
      if (log === undefined) throw new Error('no offsets partition');
      const batches = splitRecordBatches(log.read(0, 1 << 20).records).batches.map((raw) => decodeRecordBatch(raw));
      expect(batches.map((b) => [b.isTransactional, b.isControl, b.partitionLeaderEpoch])).toEqual([
        [false, false, 0],
        [true, false, 0],
        [true, true, 0],
      ]);
    } finally {
      close(broker);
    }
  });
});
