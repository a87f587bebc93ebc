import type { NativeClient } from '../../../client/native/client.js';
import type { GroupAdmin } from '../../../core/consumer-groups/admin.js';
import { collectGroupsOffsets } from '../../../core/consumer-groups/describe.js';
import {
  USAGE_HINT,
  checkConsumerGroupsArgs,
  longOptionError,
  parseStates,
  parseTypes,
  resetSpecOf,
  type ConsumerGroupsFlags,
  type DescribeView,
  type ResetSpec,
} from '../../../core/consumer-groups/options.js';
import { deleteGroupsJson, deleteOffsetsJson, describeJson, listJson, renderDeleteGroups, renderDeleteOffsets, renderDescribe, renderList, type Printer } from '../../../core/consumer-groups/render.js';
import { exportCsv, parseResetPlan, parseTopicWithPartitions, renderResetPlan, resetJson, type FilePlan } from '../../../core/consumer-groups/reset.js';
import {
  FAILED_PREFIX,
  commandFailureMessage,
  deleteGroups,
  deleteOffsets,
  deleteOffsetsFailed,
  describeGroups,
  groupIdsOf,
  listGroups,
  resetOffsets,
  someGroupMissing,
  validateRegex,
} from '../../../core/consumer-groups/run.js';
import { LagTracker, renderWatchScreen, watchJson } from '../../../core/consumer-groups/watch.js';
import { TkafkaError, UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import type { ConnectionFlags, ConnectionSettings } from '../../options/connection.js';
import { connectionError, isConnectionError, nativeClientOptions, resolveConnection } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson, writeJsonLine } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { readPlanFile } from '../../options/plan-file.js';

export interface ConsumerGroupsCliFlags extends ConsumerGroupsFlags, ConnectionFlags, OutputOptions {}

interface Ctx {
  flags: ConsumerGroupsCliFlags;
  io: CliIO;
  json: boolean;
  /** Text output: stdout, stderr in order. In JSON mode the text lines go to stderr. */
  printer: Printer;
  /** Exit code for a failed operation: 1, or 0 with --compat-exit-codes. */
  failCode: number;
}

export async function runConsumerGroups(flags: ConsumerGroupsCliFlags, io: CliIO): Promise<number> {
  const compat = flags.compatExitCodes === true;
  try {
    return await run(flags, io, compat);
  } catch (err) {
    // kafka-consumer-groups exits 1 after a usage message.
    if (compat && err instanceof UsageError) throw new TkafkaError(err.code, err.message, { exitCode: 1, ...(err.hint === undefined ? {} : { hint: err.hint }) });
    throw err;
  }
}

async function run(flags: ConsumerGroupsCliFlags, io: CliIO, compat: boolean): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const checked = checkConsumerGroupsArgs(flags, (line) => io.stderr.write(`${line}\n`));
  if (json && flags.export === true) throw new UsageError('--export prints CSV; it cannot be combined with -o json.', USAGE_HINT);
  const printer: Printer = json ? { out: (t) => io.stderr.write(t), err: (t) => io.stderr.write(t) } : { out: (t) => io.stdout.write(t), err: (t) => io.stderr.write(t) };
  const ctx: Ctx = { flags, io, json, printer, failCode: compat ? EXIT_CODES.OK : EXIT_CODES.ERROR };

  if (checked.action === 'validate-regex') return runValidateRegex(ctx, flags.validateRegex ?? '');
  const badLong = longOptionError(flags);
  if (badLong !== null) {
    ctx.printer.out(`\nError: ${FAILED_PREFIX}${badLong}\n`);
    return ctx.failCode;
  }

  // Usage problems of a reset surface before any connection is made, the scope before the spec.
  let spec: ResetSpec | undefined;
  let filePlan: FilePlan | undefined;
  if (checked.action === 'reset-offsets') {
    if (flags.fromFile === undefined && flags.allTopics !== true && (flags.topic ?? []).length === 0) {
      throw new UsageError('One of the reset scopes should be defined: --all-topics, --topic.', USAGE_HINT);
    }
    spec = resetSpecOf(flags);
    for (const t of flags.topic ?? []) if (t.includes(':')) parseTopicWithPartitions(t);
    if (spec.kind === 'from-file') filePlan = parseResetPlan(readPlanFile(spec.path), flags.group ?? []);
  }
  if (checked.action === 'delete-offsets') for (const t of flags.topic ?? []) if (t.includes(':')) parseTopicWithPartitions(t);
  const states = checked.action === 'list' ? parseStates(flags.state) : [];
  const types = checked.action === 'list' ? parseTypes(flags.type) : [];

  const settings = await resolveConnection(flags, io, { clientId: 'tkafka-consumer-groups' });
  let client: NativeClient | undefined;
  try {
    const { NativeClient } = await import('../../../client/native/client.js');
    const { NativeGroupAdmin } = await import('../../../core/consumer-groups/admin.js');
    client = await NativeClient.connect(nativeClientOptions(settings));
    const admin = new NativeGroupAdmin(client, { timeoutMs: flags.timeout ?? 5000 });
    switch (checked.action) {
      case 'list':
        return await runList(ctx, admin, states, types);
      case 'describe':
        if (flags.watch === true) {
          return await runWatch(admin, { io, allGroups: flags.allGroups === true, groups: flags.group ?? [], intervalMs: flags.interval ?? 2000, count: flags.watchCount, json, bootstrap: settings.bootstrap });
        }
        return await runDescribe(ctx, admin, checked.view);
      case 'delete':
        return await runDeleteGroups(ctx, admin);
      case 'delete-offsets':
        return await runDeleteOffsets(ctx, admin);
      case 'reset-offsets':
      default:
        return await runResetOffsets(ctx, admin, spec as ResetSpec, filePlan);
    }
  } catch (err) {
    return failure(ctx, err, settings);
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/** Kafka's catch-all: `Error: Executing consumer group command failed due to <message>` on stdout. */
function failure(ctx: Ctx, err: unknown, settings: ConnectionSettings): number {
  if (err instanceof UsageError) throw err;
  if (isConnectionError(err)) throw connectionError(err, settings);
  const message = commandFailureMessage(err);
  if (message === null) throw err;
  ctx.printer.out(`\nError: ${FAILED_PREFIX}${message}\n`);
  return ctx.failCode;
}

function runValidateRegex(ctx: Ctx, regex: string): number {
  const { valid, line } = validateRegex(regex);
  ctx.printer.out(`${line}\n`);
  return valid ? EXIT_CODES.OK : ctx.failCode;
}

function groupIds(ctx: Ctx, admin: GroupAdmin): Promise<string[]> {
  return groupIdsOf(admin, { allGroups: ctx.flags.allGroups === true, groups: ctx.flags.group ?? [] });
}

// ---------------------------------------------------------------------------------------------

async function runList(ctx: Ctx, admin: GroupAdmin, states: string[], types: string[]): Promise<number> {
  const includeState = ctx.flags.state !== undefined && ctx.flags.state !== false;
  const includeType = ctx.flags.type !== undefined && ctx.flags.type !== false;
  const groups = await listGroups(admin, states, types);
  if (ctx.json) writeJson(ctx.io, listJson(groups));
  else renderList(ctx.printer, groups, { includeState, includeType });
  return EXIT_CODES.OK;
}

async function runDescribe(ctx: Ctx, admin: GroupAdmin, view: DescribeView): Promise<number> {
  const result = await describeGroups(admin, await groupIds(ctx, admin), { view, byTopic: ctx.flags.byTopic === true, failOnMissing: !ctx.json });
  let failed = someGroupMissing(result);
  if (ctx.json) writeJson(ctx.io, describeJson(result));
  else failed = renderDescribe(ctx.printer, result, { verbose: ctx.flags.verbose === true }).failed;
  if (ctx.json && failed) ctx.io.stderr.write('Error: some of the groups do not exist ("exists": false).\n');
  return failed ? ctx.failCode : EXIT_CODES.OK;
}

async function runDeleteGroups(ctx: Ctx, admin: GroupAdmin): Promise<number> {
  const result = await deleteGroups(admin, await groupIds(ctx, admin));
  if (ctx.json) writeJson(ctx.io, deleteGroupsJson(result));
  else renderDeleteGroups(ctx.printer, result);
  return result.failed.length > 0 ? ctx.failCode : EXIT_CODES.OK;
}

async function runDeleteOffsets(ctx: Ctx, admin: GroupAdmin): Promise<number> {
  const result = await deleteOffsets(admin, ctx.flags.group?.[0] ?? '', ctx.flags.topic ?? []);
  if (ctx.json) writeJson(ctx.io, deleteOffsetsJson(result));
  else renderDeleteOffsets(ctx.printer, result);
  return deleteOffsetsFailed(result) ? ctx.failCode : EXIT_CODES.OK;
}

async function runResetOffsets(ctx: Ctx, admin: GroupAdmin, spec: ResetSpec, filePlan: FilePlan | undefined): Promise<number> {
  const { flags } = ctx;
  const execute = flags.execute === true;
  const plans = await resetOffsets(admin, await groupIds(ctx, admin), {
    spec,
    filePlan,
    topics: flags.topic ?? [],
    allTopics: flags.allTopics === true,
    execute,
    now: () => Date.now(),
    printer: ctx.printer,
    warn: (line) => ctx.io.stderr.write(`${line}\n`),
  });
  const failed = plans.some((p) => p.error !== null);
  if (ctx.json) writeJson(ctx.io, resetJson(plans, execute ? 'execute' : 'dry-run'));
  else if (flags.export === true) ctx.io.stdout.write(exportCsv(plans, (flags.group ?? []).length === 1));
  else renderResetPlan(ctx.printer, plans, { plan: !execute });
  return failed ? ctx.failCode : EXIT_CODES.OK;
}

// --describe --watch ------------------------------------------------------------------------------

interface WatchOptions {
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
async function runWatch(admin: GroupAdmin, opts: WatchOptions): Promise<number> {
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
      const ids = await groupIdsOf(admin, opts);
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
