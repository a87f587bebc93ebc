// KIP-219: a throttled response is sent at once, and then the connection is not read until the
// throttle time has passed. Handlers ask for that here by connection id; the connection takes the
// request once it has written the response. Connection ids are unique in the process.
const pending = new Map<number, number>();

/** Mute `connectionId` for `ms` after the response to its current request is written. */
export function muteAfterResponse(connectionId: number, ms: number): void {
  if (ms > 0) pending.set(connectionId, Math.max(ms, pending.get(connectionId) ?? 0));
}

/** The mute asked for `connectionId`'s last request (0: none); clears it. */
export function takeMute(connectionId: number): number {
  if (pending.size === 0) return 0;
  const ms = pending.get(connectionId);
  if (ms === undefined) return 0;
  pending.delete(connectionId);
  return ms;
}
