import type { GroupAdmin } from '../../../core/consumer-groups/admin.js';
import { collectGroupsOffsets } from '../../../core/consumer-groups/describe.js';
import { LagTracker, renderWatchScreen, watchJson } from '../../../core/consumer-groups/watch.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { writeJsonLine } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

export interface WatchOptions {
  io: CliIO;
  allGroups: boolean;
  groups: readonly string[];
  intervalMs: number;
  /** Stop after this many refreshes; forever when undefined. */
  count: number | undefined;
  json: boolean;
  bootstrap: string;
}

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const CLEAR_BELOW = '\x1b[J';

/**
 * `--describe --watch`: on a terminal the lag view is redrawn in place (cursor moved back over the
 * previous frame, which stays on screen after Ctrl-C); on a pipe, or with -o json, one JSON line
 * per interval. Ends on Ctrl-C (exit 0) or after --watch-count refreshes.
 */
export async function runWatch(admin: GroupAdmin, opts: WatchOptions): Promise<number> {
  const { io } = opts;
  const screen = io.stdoutIsTTY && !opts.json;
  const tracker = new LagTracker();
  let stopped = false;
  let wake: () => void = () => undefined;
  const unregister = io.onInterrupt(() => {
    stopped = true;
    wake();
  });
  let drawn = 0;
  try {
    if (screen) io.stdout.write(HIDE_CURSOR);
    for (let n = 0; !stopped && (opts.count === undefined || n < opts.count); n++) {
      const started = Date.now();
      const ids = opts.allGroups ? (await admin.listGroups()).map((g) => g.groupId) : opts.groups;
      const data = await collectGroupsOffsets(admin, ids);
      if (stopped) break;
      const frame = tracker.update(Date.now(), data);
      if (screen) {
        const tty = io.stdout as { columns?: number; rows?: number };
        let lines = renderWatchScreen(frame, { intervalMs: opts.intervalMs, bootstrap: opts.bootstrap, columns: tty.columns ?? 0 });
        // Moving the cursor up past the top of the screen is impossible: keep the frame within it.
        if (tty.rows !== undefined && tty.rows > 1 && lines.length >= tty.rows) lines = lines.slice(0, tty.rows - 1);
        const back = drawn > 0 ? `\x1b[${drawn}A\r` : '';
        io.stdout.write(`${back}${CLEAR_BELOW}${lines.join('\n')}\n`);
        drawn = lines.length;
      } else {
        writeJsonLine(io, watchJson(frame));
      }
      if (opts.count !== undefined && n + 1 >= opts.count) break;
      const wait = Math.max(0, opts.intervalMs - (Date.now() - started));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    unregister();
    if (screen) io.stdout.write(SHOW_CURSOR);
  }
  return EXIT_CODES.OK;
}
