import { describe, expect, it } from 'vitest';
import { parseBrokerConfig } from '../../../../src/broker/config.js';
import { effectiveTopicConfig, validateTopicConfig } from '../../../../src/broker/metadata/topic-configs.js';
import { TopicManager } from '../../../../src/broker/metadata/topics.js';
import { ManualClock } from '../../../../src/shared/clock.js';
import { tempDataDir } from '../../../helpers/broker.js';

describe('topic configs', () => {
  it('maps Kafka topic config strings onto the log config, over broker settings and defaults', () => {
    const broker = parseBrokerConfig({ 'log.retention.hours': '2', 'log.segment.bytes': '2097152' });
    const topics = new TopicManager(tempDataDir(), broker, new ManualClock());
    const cfg = topics.logConfigFor({
      'segment.bytes': '1048576',
      'cleanup.policy': 'delete,compact',
      'flush.messages': '9223372036854775807',
      'message.timestamp.type': 'LogAppendTime',
    });
    expect(cfg.segmentBytes).toBe(1048576);
    expect(cfg.retentionMs).toBe(7_200_000);
    expect(cfg.cleanupPolicy).toBe('compact,delete');
    expect(cfg.flushIntervalMessages).toBe(Number.MAX_SAFE_INTEGER);
    expect(cfg.messageTimestampType).toBe('LogAppendTime');
    expect(topics.logConfigFor({}).segmentBytes).toBe(2097152);
    expect(topics.logConfigFor({}).maxMessageBytes).toBe(1048588);
  });

  it('takes the most specific broker synonym and converts its unit', () => {
    const broker = parseBrokerConfig({ 'log.retention.minutes': '3' });
    expect(effectiveTopicConfig('retention.ms', {}, broker)).toBe('180000');
    expect(effectiveTopicConfig('retention.ms', { 'retention.ms': '5' }, broker)).toBe('5');
    expect(effectiveTopicConfig('retention.ms', {}, parseBrokerConfig({}))).toBe('604800000');
  });

  it('rejects unknown names and bad values with Kafka-style messages', () => {
    expect(validateTopicConfig('retention.ms', 'soon')).toBe('Invalid value soon for configuration retention.ms: Not a number of type LONG');
    expect(validateTopicConfig('segment.bytes', '10')).toBe('Invalid value 10 for configuration segment.bytes: Value must be at least 14');
    expect(validateTopicConfig('cleanup.policy', 'shred')).toMatch(/^Invalid value shred for configuration cleanup.policy/);
    expect(validateTopicConfig('no.such.config', '1')).toBe('Unknown topic config name: no.such.config');
    expect(validateTopicConfig('message.timestamp.type', 'LogAppendTime')).toBeNull();
  });
});
