/**
 * V8 flags the background broker's Node process starts with (`tkafka broker start` spawns it).
 *
 * A floor of 64 MB for the old generation's first limit. Without it, a broker whose JS heap is small
 * (16-26 MB: an idle broker, or 5,000 partitions) that takes a produce stream of hundreds of MB/s
 * runs a full mark-compact every ~100 ms that frees nothing (V8 11's limit heuristics for a small
 * heap under a stream of external memory, the socket chunks and request frames; measured, the exact
 * trigger not pinned down), and the GC's helper threads cost as much CPU as the broker's own work.
 * With it: no mark-compact during the same load, and the broker's CPU per produced record falls by
 * 40-45% (`npm run bench -- kcat` prints both). Heaps past the floor size their limits as before.
 * These are start-up flags (V8 sizes the heap when the process starts), so a broker run in-process
 * (`--foreground`, the embedded API) gets them only from the `node` command line.
 */
export const BROKER_NODE_FLAGS: readonly string[] = ['--initial-old-space-size=64'];
