// Waiting in tests without fixed sleeps: poll a condition until a deadline, and say what was awaited
// (and the last error seen) when it does not come, instead of hanging until vitest's timeout.

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check` until it returns a value other than undefined/false and returns that value. A throw
 * from `check` counts as "not yet"; at the deadline the error names `what` and the last throw.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `; last error: ${last.message}` : ''}`, { cause: last });
    }
    await pause(intervalMs);
  }
}

/** Rejects with a message naming `what` if `p` has not settled within `timeoutMs`. */
export async function within<T>(what: string, p: Promise<T>, timeoutMs = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface KillLoop {
  /** Waits until `reached()` holds; fails at once with the loop's own error if it stopped before. */
  until(what: string, reached: () => boolean, timeoutMs?: number): Promise<void>;
  /** Call just before killing the broker: from then on an error is the expected end of the loop. */
  markKilled(): void;
  /** Resolves when the loop has ended after the kill (with a deadline). */
  ended(timeoutMs?: number): Promise<void>;
}

/**
 * Runs `step(1)`, `step(2)`, ... back to back until one throws, for tests that kill a broker under
 * load. An error before `markKilled()` is the test's failure and is reported as such, not
 * swallowed into a wait that never ends.
 */
export function loopUntilKilled(step: (i: number) => Promise<void>): KillLoop {
  let killed = false;
  let failure: { error: unknown } | undefined;
  let done = false;
  const loop = (async () => {
    for (let i = 1; ; i++) {
      try {
        await step(i);
      } catch (error) {
        if (!killed) failure = { error };
        return;
      }
    }
  })().finally(() => (done = true));
  return {
    async until(what, reached, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!reached()) {
        if (failure !== undefined) {
          const e = failure.error;
          throw new Error(`the loop failed before ${what}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }
        if (done) throw new Error(`the loop ended before ${what}`);
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await pause(5);
      }
    },
    markKilled() {
      killed = true;
    },
    ended: (timeoutMs = 15_000) => within('the write loop to end after the kill', loop, timeoutMs),
  };
}

/**
 * Asks again, every `intervalMs` for up to `tries` more times, until `shows` accepts the answer, and
 * returns the last answer either way: for comparing a broker's view that catches up a moment after
 * an alteration (Kafka's metadata image), where a view that never catches up must fail the
 * comparison with what it said rather than a timeout.
 */
export async function settle<T>(ask: () => Promise<T>, shows: (answer: T) => boolean, tries = 100, intervalMs = 100): Promise<T> {
  let answer = await ask();
  for (let i = 0; i < tries && !shows(answer); i++) {
    await pause(intervalMs);
    answer = await ask();
  }
  return answer;
}
