import { ErrorCode } from '../../protocol/error-codes.js';

/**
 * Kafka's check of a client's currentLeaderEpoch (-1 = not given): older than ours is fenced,
 * newer means this broker has not heard of that epoch yet.
 */
export function leaderEpochError(requested: number, current: number): number {
  if (requested < 0 || requested === current) return 0;
  return requested < current ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
}
