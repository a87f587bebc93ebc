// The consumer protocol's embedded bytes (ConsumerProtocolSubscription / ConsumerProtocolAssignment,
// an int16 version then the body), carried opaquely in JoinGroup/SyncGroup/DescribeGroups. The one
// place they are read and written: by our group member, by the broker (OffsetDelete needs the
// members' subscriptions) and by the consumer-groups tool (describe shows assignments).
import { Reader } from './codec/reader.js';
import { Writer } from './codec/writer.js';
import { decodeConsumerProtocolAssignment, encodeConsumerProtocolAssignment } from './generated/messages/consumer-protocol-assignment.js';
import { decodeConsumerProtocolSubscription, encodeConsumerProtocolSubscription, type ConsumerProtocolSubscription } from './generated/messages/consumer-protocol-subscription.js';

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

// Highest versions we write; Java writes these too. Newer ones are read as these (fields are only added).
const SUBSCRIPTION_VERSION = 3;
const ASSIGNMENT_VERSION = 3;

export function encodeSubscription(topics: readonly string[], opts: { ownedPartitions?: TopicPartitions[]; generationId?: number; rackId?: string | null; userData?: Buffer | null } = {}): Buffer {
  const w = new Writer(64);
  w.int16(SUBSCRIPTION_VERSION);
  encodeConsumerProtocolSubscription(
    w,
    { topics: [...topics], userData: opts.userData ?? null, ownedPartitions: opts.ownedPartitions ?? [], generationId: opts.generationId ?? -1, rackId: opts.rackId ?? null },
    SUBSCRIPTION_VERSION,
  );
  return w.toBuffer();
}

/** Reads a subscription of any version; throws a ProtocolDecodeError on bytes that are not one. */
export function decodeSubscription(buf: Buffer): ConsumerProtocolSubscription {
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0) r.fail(`unsupported subscription version ${version}`);
  return decodeConsumerProtocolSubscription(r, Math.min(version, SUBSCRIPTION_VERSION));
}

/** `version`: the member's subscription version (Java's serializeAssignment caps it at the highest it knows). */
export function encodeAssignment(parts: readonly TopicPartitions[], userData: Buffer | null = null, version = ASSIGNMENT_VERSION): Buffer {
  const v = Math.min(Math.max(version, 0), ASSIGNMENT_VERSION);
  const w = new Writer(64);
  w.int16(v);
  encodeConsumerProtocolAssignment(w, { assignedPartitions: parts.map((p) => ({ topic: p.topic, partitions: [...p.partitions] })), userData }, v);
  return w.toBuffer();
}

/** An empty buffer (a member the leader left out) is an empty assignment; other bad bytes throw. */
export function decodeAssignment(buf: Buffer): TopicPartitions[] {
  if (buf.length === 0) return [];
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0) r.fail(`unsupported assignment version ${version}`);
  return decodeConsumerProtocolAssignment(r, Math.min(version, ASSIGNMENT_VERSION)).assignedPartitions.map((p) => ({ topic: p.topic, partitions: p.partitions }));
}
