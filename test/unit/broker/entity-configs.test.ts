// The entity config store (GROUP and CLIENT_METRICS resources) and the timings the KIP-848
// coordinator takes from it: a group's consumer.* configs when set, capped to the broker's bounds
// (Kafka 4.4's GroupMetadataManager caps a stored value that the broker's bounds no longer admit).
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBrokerConfig } from '../../../src/broker/config.js';
import { brokerBound, EntityConfigStore, effectiveConsumerTimeouts } from '../../../src/broker/entity-configs.js';
import { tempDataDir } from '../../helpers/broker.js';

const dirs: string[] = [];
const store = (): EntityConfigStore => {
  const d = tempDataDir('tkafka-entity-');
  dirs.push(d);
  return new EntityConfigStore(d);
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('EntityConfigStore', () => {
  it('keeps resources while they have configs, in first-set order, and reads them back', () => {
    const s = store();
    s.set('clientMetrics', 'b', { metrics: 'x' });
    s.set('clientMetrics', 'a', { 'interval.ms': '1000' });
    s.set('group', '__proto__', { 'consumer.session.timeout.ms': '50000' });
    expect(s.names('clientMetrics')).toEqual(['b', 'a']);
    s.set('clientMetrics', 'b', {});
    expect(s.names('clientMetrics')).toEqual(['a']);
    const again = new EntityConfigStore(dirs[0] ?? '');
    expect(again.names('clientMetrics')).toEqual(['a']);
    expect(again.get('group', '__proto__')).toEqual({ 'consumer.session.timeout.ms': '50000' });
    expect(again.get('group', 'missing')).toEqual({});
  });
});

describe('effectiveConsumerTimeouts', () => {
  it("takes the group's values, else the broker's, capped to the broker's bounds", () => {
    const s = store();
    const config = parseBrokerConfig({ 'group.consumer.session.timeout.ms': '45000', 'group.consumer.heartbeat.interval.ms': '5000' });
    expect(effectiveConsumerTimeouts(s, config, 'g')).toEqual({ sessionTimeoutMs: 45000, heartbeatIntervalMs: 5000 });
    s.set('group', 'g', { 'consumer.session.timeout.ms': '50000', 'consumer.heartbeat.interval.ms': '6000' });
    expect(effectiveConsumerTimeouts(s, config, 'g')).toEqual({ sessionTimeoutMs: 50000, heartbeatIntervalMs: 6000 });
    // Bounds lowered after the group config was stored: the stored values are capped.
    const tighter = parseBrokerConfig({ 'group.consumer.max.session.timeout.ms': '48000', 'group.consumer.min.heartbeat.interval.ms': '7000' });
    expect(effectiveConsumerTimeouts(s, tighter, 'g')).toEqual({ sessionTimeoutMs: 48000, heartbeatIntervalMs: 7000 });
  });

  it("widens unset consumer bounds to take in the broker's own values (this broker allows laptop timings)", () => {
    const laptop = parseBrokerConfig({ 'group.consumer.session.timeout.ms': '1500', 'group.consumer.heartbeat.interval.ms': '500' });
    expect(brokerBound(laptop, 'group.consumer.min.session.timeout.ms')).toBe(1500);
    expect(brokerBound(laptop, 'group.consumer.max.session.timeout.ms')).toBe(60000);
    expect(brokerBound(laptop, 'group.consumer.min.heartbeat.interval.ms')).toBe(500);
    expect(brokerBound(laptop, 'group.share.min.session.timeout.ms')).toBe(45000);
    expect(brokerBound(parseBrokerConfig({ 'group.consumer.min.session.timeout.ms': '2000', 'group.consumer.session.timeout.ms': '1500' }), 'group.consumer.min.session.timeout.ms')).toBe(2000);
  });
});
