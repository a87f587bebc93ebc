// Kafka prints a Uuid as URL-safe base64 without padding (22 characters); we use the same string
// form so ids read the same in logs, the CLI and Kafka's own tools.
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export function uuidToBytes(id: string): Buffer {
  const b = Buffer.from(id, 'base64url');
  if (b.length !== 16) throw new RangeError(`invalid uuid '${id}': expected 16 bytes of base64url`);
  return b;
}

export function uuidFromBytes(b: Buffer): string {
  return b.toString('base64url');
}
