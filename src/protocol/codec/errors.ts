/**
 * Thrown by the codec when bytes do not form a valid message. Decoders never read past the end of
 * their frame and never allocate by an unchecked length: every such case ends here instead.
 */
export class ProtocolDecodeError extends Error {
  override readonly name = 'ProtocolDecodeError';
  /** Byte offset (within the buffer being read) where decoding failed. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.offset = offset;
  }
}

export class ProtocolEncodeError extends Error {
  override readonly name = 'ProtocolEncodeError';
}
