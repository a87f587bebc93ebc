// Confluent's wire format for schema'd records (what every Confluent serializer writes and every
// deserializer reads): magic byte 0, the schema id as a 4-byte big-endian int, for Protobuf the
// message-index path of the record's message type in its file, then the format's own bytes.
//
//   [0x00][id: int32 BE][Protobuf only: count, index...  (zigzag varints; [0] is the single byte 0)][payload]
//
// Decoding returns a subarray of the record's buffer: no copy on the consume path.

export const MAGIC_BYTE = 0;
/** Magic byte and schema id. */
export const WIRE_HEADER_SIZE = 5;

export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

export interface WireRecord {
  schemaId: number;
  /** Protobuf only: the message's index path in its schema file ([0] is the file's first message). */
  messageIndexes: number[] | null;
  /** The format's bytes: a view into the given buffer. */
  payload: Buffer;
}

/** The schema id of a wire-format value; throws WireFormatError for a foreign or short value. */
export function wireSchemaId(buf: Buffer): number {
  if (buf.length < WIRE_HEADER_SIZE) throw new WireFormatError(`not in the Confluent wire format: ${buf.length} byte(s), shorter than the 5-byte header`);
  if (buf[0] !== MAGIC_BYTE) throw new WireFormatError(`unknown magic byte ${buf[0] as number} (the Confluent wire format starts with 0)`);
  return buf.readInt32BE(1);
}

/** Splits a wire-format value; `protobuf` reads the message-index array after the id. */
export function decodeWire(buf: Buffer, protobuf: boolean): WireRecord {
  const schemaId = wireSchemaId(buf);
  if (!protobuf) return { schemaId, messageIndexes: null, payload: buf.subarray(WIRE_HEADER_SIZE) };
  const at = { pos: WIRE_HEADER_SIZE };
  const count = readZigzag(buf, at);
  if (count < 0 || count > buf.length) throw new WireFormatError(`bad Protobuf message-index count ${count}`);
  // Count 0 is Confluent's shortcut for the first message of the file, [0].
  const messageIndexes: number[] = count === 0 ? [0] : [];
  for (let i = 0; i < count; i++) {
    const index = readZigzag(buf, at);
    if (index < 0) throw new WireFormatError(`bad Protobuf message index ${index}`);
    messageIndexes.push(index);
  }
  return { schemaId, messageIndexes, payload: buf.subarray(at.pos) };
}

/** One wire-format value: header, Protobuf message indexes when given, payload. */
export function encodeWire(schemaId: number, payload: Uint8Array, messageIndexes?: readonly number[] | null): Buffer {
  const indexes = messageIndexes === undefined || messageIndexes === null ? null : encodeMessageIndexes(messageIndexes);
  const out = Buffer.allocUnsafe(WIRE_HEADER_SIZE + (indexes?.length ?? 0) + payload.length);
  out[0] = MAGIC_BYTE;
  out.writeInt32BE(schemaId, 1);
  let pos = WIRE_HEADER_SIZE;
  if (indexes !== null) {
    out.set(indexes, pos);
    pos += indexes.length;
  }
  out.set(payload, pos);
  return out;
}

/** The message-index array as Confluent writes it: [0] as one 0 byte, else count then indexes. */
export function encodeMessageIndexes(indexes: readonly number[]): Buffer {
  if (indexes.length === 1 && indexes[0] === 0) return Buffer.from([0]);
  const bytes: number[] = [];
  writeZigzag(bytes, indexes.length);
  for (const i of indexes) writeZigzag(bytes, i);
  return Buffer.from(bytes);
}

function writeZigzag(out: number[], n: number): void {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

function readZigzag(buf: Buffer, at: { pos: number }): number {
  let v = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (at.pos >= buf.length) throw new WireFormatError('truncated Protobuf message-index array');
    const b = buf[at.pos++] as number;
    v |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return (v >>> 1) ^ -(v & 1);
  }
  throw new WireFormatError('bad varint in the Protobuf message-index array');
}
