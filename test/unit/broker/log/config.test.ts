import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_CONFIG, makeLogConfig } from '../../../../src/broker/log/config.js';

describe('log config', () => {
  it('has Kafka defaults', () => {
    expect(DEFAULT_LOG_CONFIG).toMatchObject({
      segmentBytes: 1073741824,
      segmentMs: 604800000,
      retentionMs: 604800000,
      retentionBytes: -1,
      indexIntervalBytes: 4096,
      cleanupPolicy: 'delete',
      deleteRetentionMs: 86400000,
      minCleanableDirtyRatio: 0.5,
      minCompactionLagMs: 0,
      maxCompactionLagMs: Number.MAX_SAFE_INTEGER,
      maxMessageBytes: 1048588,
      messageTimestampType: 'CreateTime',
    });
    expect(makeLogConfig({ retentionMs: 5 }).retentionMs).toBe(5);
  });
});
