// A small seeded PRNG (mulberry32) for payloads and keys: reproducible per --random-seed like
// Kafka's SplittableRandom(seed), though not the same sequence (the tools never promised one).
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % bound) >>> 0;
  }
}
