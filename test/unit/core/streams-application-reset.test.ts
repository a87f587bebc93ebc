import { describe, expect, it } from 'vitest';
import { checkStreamsResetArgs, parseStreamsDateTime, parseStreamsResetPlan } from '../../../src/core/streams-application-reset/options.js';
import { matchesInternalTopicFormat } from '../../../src/core/streams-application-reset/internal-topics.js';
import { memberDescriptionString } from '../../../src/core/streams-application-reset/run.js';

// StreamsResetter's option checks, value conversions, internal-topic names and member text.

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return 'no error';
};

describe('checkStreamsResetArgs', () => {
  it('requires --application-id and defaults to --to-earliest', () => {
    expect(message(() => checkStreamsResetArgs({}))).toBe('Missing required option(s) [application-id]');
    expect(checkStreamsResetArgs({ applicationId: 'a', inputTopics: ['x,y', 'z'] })).toEqual({
      applicationId: 'a',
      inputTopics: ['x', 'y', 'z'],
      intermediateTopics: [],
      internalTopics: [],
      spec: { kind: 'to-earliest' },
      explicitSpec: false,
      dryRun: false,
      force: false,
    });
  });

  it("names the first conflicting scenario in Kafka's check order", () => {
    expect(message(() => checkStreamsResetArgs({ applicationId: 'a', shiftBy: '1', toOffset: '2' }))).toBe('Option "[to-offset]" can\'t be used with option "[shift-by]"');
    expect(message(() => checkStreamsResetArgs({ applicationId: 'a', fromFile: 'f', toLatest: true, byDuration: 'PT1S' }))).toBe('Option "[by-duration]" can\'t be used with option "[to-latest]"');
    expect(message(() => checkStreamsResetArgs({ applicationId: 'a', configFile: 'x', commandConfig: 'y' }))).toBe('Option "[config-file]" can\'t be used with option "[command-config]"');
  });

  it('converts the values as Kafka does, with its messages', () => {
    expect(checkStreamsResetArgs({ applicationId: 'a', shiftBy: '-5' }).spec).toEqual({ kind: 'shift-by', by: -5n });
    expect(checkStreamsResetArgs({ applicationId: 'a', byDuration: 'PT1H' }).spec).toEqual({ kind: 'by-duration', durationMs: 3_600_000 });
    expect(message(() => checkStreamsResetArgs({ applicationId: 'a', toOffset: '1e3' }))).toBe("Cannot parse argument '1e3' of option to-offset");
    expect(message(() => checkStreamsResetArgs({ applicationId: 'a', byDuration: '1h' }))).toBe('Text cannot be parsed to a Duration');
  });
});

describe('parseStreamsDateTime (Utils.getDateTime)', () => {
  it('takes UTC without a zone, and a zone when given', () => {
    expect(parseStreamsDateTime('2024-01-01T00:00:01.000')).toBe(Date.UTC(2024, 0, 1, 0, 0, 1));
    expect(parseStreamsDateTime('2024-01-01T01:00:00.000+01:00')).toBe(Date.UTC(2024, 0, 1));
  });
  it("words a missing 'T' and an unparseable text as Kafka 4.4 does", () => {
    expect(message(() => parseStreamsDateTime('2024-01-01'))).toBe("Error parsing timestamp. It does not contain a 'T' according to ISO8601 format");
    expect(message(() => parseStreamsDateTime('2024-01-01T'))).toBe("Error parsing timestamp. It does not contain a 'T' according to ISO8601 format");
    expect(message(() => parseStreamsDateTime('2024-01-01T10:00'))).toBe('Unparseable date: "2024-01-01T10:00Z"');
  });
});

describe('parseStreamsResetPlan', () => {
  it('reads topic,partition,offset lines; a repeated partition keeps its place and takes the last offset', () => {
    expect(parseStreamsResetPlan('a,0,5\nb,1,2\na,0,7\n')).toEqual([
      { topic: 'a', partition: 0, offset: 7n },
      { topic: 'b', partition: 1, offset: 2n },
    ]);
  });
  it("refuses what Kafka's parser refuses, with its messages", () => {
    expect(message(() => parseStreamsResetPlan(''))).toBe('Error parsing reset plan CSV file. It is empty,');
    expect(message(() => parseStreamsResetPlan('a,0\n'))).toBe('Reset plan CSV file is not following the format `TOPIC,PARTITION,OFFSET`.');
    expect(message(() => parseStreamsResetPlan('a,x,1\n'))).toBe('For input string: "x"');
    expect(message(() => parseStreamsResetPlan('a,0,1\r\n'))).toBe('For input string: "1\r"');
  });
});

describe('internal topics and members', () => {
  it('matchesInternalTopicFormat', () => {
    for (const t of ['app-store-changelog', 'app-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition', 'app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007-topic', 'app-x-subscription-response-topic']) {
      expect(matchesInternalTopicFormat(t), t).toBe(true);
    }
    for (const t of ['app-notes', 'app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-x-topic', 'changelog']) expect(matchesInternalTopicFormat(t), t).toBe(false);
  });
  it("MemberDescription.toString of a classic member", () => {
    expect(
      memberDescriptionString({ memberId: 'm-1', groupInstanceId: null, clientId: 'c', host: '/127.0.0.1', assignment: [{ topic: 't', partition: 1 }, { topic: 't', partition: 0 }] }),
    ).toBe('(memberId=m-1, groupInstanceId=null, rackId=null, clientId=c, host=/127.0.0.1, assignment=(topicPartitions=t-1,t-0), targetAssignment=Optional.empty, memberEpoch=null, upgraded=null)');
  });
});
