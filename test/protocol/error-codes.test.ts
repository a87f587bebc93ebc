import { describe, expect, it } from 'vitest';
import { ALL_ERRORS, ErrorCode, KafkaProtocolError, errorInfo, errorName, throwIfError } from '../../src/protocol/error-codes.js';

describe('Kafka error table (Errors.java)', () => {
  it.each([
    [-1, 'UNKNOWN_SERVER_ERROR', false],
    [0, 'NONE', false],
    // OffsetOutOfRangeException extends InvalidOffsetException -> ApiException: not retriable in Kafka.
    [1, 'OFFSET_OUT_OF_RANGE', false],
    [2, 'CORRUPT_MESSAGE', true],
    [3, 'UNKNOWN_TOPIC_OR_PARTITION', true],
    [6, 'NOT_LEADER_OR_FOLLOWER', true],
    [7, 'REQUEST_TIMED_OUT', true],
    [9, 'REPLICA_NOT_AVAILABLE', true],
    [10, 'MESSAGE_TOO_LARGE', false],
    [15, 'COORDINATOR_NOT_AVAILABLE', true],
    [16, 'NOT_COORDINATOR', true],
    [27, 'REBALANCE_IN_PROGRESS', false],
    [35, 'UNSUPPORTED_VERSION', false],
    [36, 'TOPIC_ALREADY_EXISTS', false],
    [41, 'NOT_CONTROLLER', true],
    [43, 'UNSUPPORTED_FOR_MESSAGE_FORMAT', false],
    [47, 'INVALID_PRODUCER_EPOCH', false],
    [51, 'CONCURRENT_TRANSACTIONS', true],
    [56, 'KAFKA_STORAGE_ERROR', true],
    [76, 'UNSUPPORTED_COMPRESSION_TYPE', false],
    [79, 'MEMBER_ID_REQUIRED', false],
    [87, 'INVALID_RECORD', false],
    [89, 'THROTTLING_QUOTA_EXCEEDED', true],
    [90, 'PRODUCER_FENCED', false],
    [100, 'UNKNOWN_TOPIC_ID', true],
    [106, 'FETCH_SESSION_TOPIC_ID_ERROR', true],
    [133, 'SHARE_SESSION_LIMIT_REACHED', true],
    [135, 'STREAMS_TOPOLOGY_DESCRIPTION_UPDATE_FAILED', false],
  ] as const)('%i is %s, retriable=%s', (code, name, retriable) => {
    const info = errorInfo(code);
    expect(info).toMatchObject({ code, name, retriable });
    expect(info.message.length).toBeGreaterThan(5);
    expect(ErrorCode[name]).toBe(code);
    expect(errorName(code)).toBe(name);
  });

  it('covers every code from -1 to the highest (135) without gaps or duplicates', () => {
    const codes = ALL_ERRORS.map((e) => e.code);
    expect(codes).toEqual(Array.from({ length: 137 }, (_, i) => i - 1));
    expect(new Set(ALL_ERRORS.map((e) => e.name)).size).toBe(ALL_ERRORS.length);
    expect(Math.max(...Object.values(ErrorCode))).toBe(135);
  });

  it('unknown codes are non-retriable placeholders', () => {
    expect(errorInfo(999)).toEqual({ code: 999, name: 'UNKNOWN_999', retriable: false, message: 'Unknown Kafka error code 999.' });
  });
});

describe('KafkaProtocolError', () => {
  it('carries code, name and retriable flag', () => {
    const e = new KafkaProtocolError(ErrorCode.NOT_LEADER_OR_FOLLOWER, 'partition 3');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KafkaProtocolError');
    expect(e.code).toBe(6);
    expect(e.errorName).toBe('NOT_LEADER_OR_FOLLOWER');
    expect(e.retriable).toBe(true);
    expect(e.message).toBe('NOT_LEADER_OR_FOLLOWER (6): partition 3');
    expect(new KafkaProtocolError(36).message).toBe(`TOPIC_ALREADY_EXISTS (36): ${errorInfo(36).message}`);
  });

  it('throwIfError passes NONE and throws otherwise', () => {
    expect(() => throwIfError(0)).not.toThrow();
    expect(() => throwIfError(87, 'bad batch')).toThrow(KafkaProtocolError);
  });
});
