import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_CONFIG, InvalidLogConfigError, logConfigFromTopicConfigs, makeLogConfig } from '../../../../src/broker/log/config.js';

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
      maxMessageBytes: 1048588,
      messageTimestampType: 'CreateTime',
    });
    expect(makeLogConfig({ retentionMs: 5 }).retentionMs).toBe(5);
  });

  it('maps Kafka topic config strings onto fields and ignores unrelated names', () => {
    const cfg = logConfigFromTopicConfigs({
      'segment.bytes': '1048576',
      'retention.ms': '-1',
      'cleanup.policy': 'delete, compact',
      'flush.messages': '9223372036854775807',
      'message.timestamp.type': 'LogAppendTime',
      'min.insync.replicas': '2',
    });
    expect(cfg.segmentBytes).toBe(1048576);
    expect(cfg.retentionMs).toBe(-1);
    expect(cfg.cleanupPolicy).toBe('compact,delete');
    expect(cfg.flushIntervalMessages).toBe(Number.MAX_SAFE_INTEGER);
    expect(cfg.messageTimestampType).toBe('LogAppendTime');
    expect(logConfigFromTopicConfigs({ 'cleanup.policy': 'compact' }, cfg).segmentBytes).toBe(1048576);
  });

  it('rejects bad values with the config name', () => {
    expect(() => logConfigFromTopicConfigs({ 'retention.ms': 'soon' })).toThrow(InvalidLogConfigError);
    expect(() => logConfigFromTopicConfigs({ 'segment.bytes': '10' })).toThrow(/segment.bytes/);
    expect(() => logConfigFromTopicConfigs({ 'cleanup.policy': 'shred' })).toThrow(/cleanup.policy/);
    expect(() => logConfigFromTopicConfigs({ 'message.timestamp.type': 'createtime' })).toThrow(InvalidLogConfigError);
  });
});
