import { readFileSync } from 'node:fs';
import type { NativeClient } from '../../../client/native/client.js';
import type { GroupAdmin } from '../../../core/consumer-groups/admin.js';
import { collectGroupsMembers, collectGroupsOffsets, collectGroupsState, lagByTopic } from '../../../core/consumer-groups/describe.js';
import { CommandFailedError, javaErrorMessage, javaException } from '../../../core/consumer-groups/java-errors.js';
import { stringKeyOrder } from '../../../core/consumer-groups/java-order.js';
import {
  USAGE_HINT,
  checkConsumerGroupsArgs,
  longOptionError,
  parseStates,
  parseTypes,
  resetSpecOf,
  type ConsumerGroupsFlags,
  type ResetSpec,
} from '../../../core/consumer-groups/options.js';
import {
  byTopicJson,
  listJson,
  membersJson,
  offsetsJson,
  renderByTopic,
  renderList,
  renderMembers,
  renderOffsets,
  renderStates,
  statesJson,
  type Printer,
} from '../../../core/consumer-groups/render.js';
import {
  exportCsv,
  orderPlans,
  parseResetPlan,
  parseTopicWithPartitions,
  planGroupReset,
  renderResetPlan,
  resetJson,
  type FilePlan,
  type GroupResetPlan,
} from '../../../core/consumer-groups/reset.js';
import { tpKey, type PartitionResult, type TopicPartition } from '../../../core/consumer-groups/types.js';
import { ErrorCode, KafkaProtocolError, errorName } from '../../../protocol/error-codes.js';
import { ERROR_CODES, TkafkaError, UsageError, errnoCode } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import type { ConnectionFlags, ConnectionSettings } from '../../options/connection.js';
import { connectionError, isConnectionError, nativeClientOptions, resolveConnection } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';

export interface ConsumerGroupsCliFlags extends ConsumerGroupsFlags, ConnectionFlags, OutputOptions {}

/** The prefix of Kafka's catch-all in ConsumerGroupCommand.run. */
const FAILED_PREFIX = 'Executing consumer group command failed due to ';

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

  if (checked.action === 'validate-regex') return validateRegex(ctx, flags.validateRegex ?? '');
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
  if (settings.sasl !== undefined) {
    throw new UsageError('consumer-groups does not support SASL yet (it speaks the protocol through its own client).', 'Use a PLAINTEXT or SSL listener.');
  }
  let client: NativeClient | undefined;
  try {
    const { NativeClient } = await import('../../../client/native/client.js');
    const { NativeGroupAdmin } = await import('../../../core/consumer-groups/admin.js');
    client = await NativeClient.connect(nativeClientOptions(settings));
    const admin = new NativeGroupAdmin(client, { timeoutMs: flags.timeout ?? 5000 });
    switch (checked.action) {
      case 'list':
        return await listGroups(ctx, admin, states, types);
      case 'describe':
        if (flags.watch === true) {
          const { runWatch } = await import('./watch.js');
          return await runWatch(admin, { io, allGroups: flags.allGroups === true, groups: flags.group ?? [], intervalMs: flags.interval ?? 2000, count: flags.watchCount, json, bootstrap: settings.bootstrap });
        }
        return await describe(ctx, admin, checked.view);
      case 'delete':
        return await deleteGroups(ctx, admin);
      case 'delete-offsets':
        return await deleteOffsets(ctx, admin);
      case 'reset-offsets':
      default:
        return await resetOffsets(ctx, admin, spec as ResetSpec, filePlan);
    }
  } catch (err) {
    return failure(ctx, err, settings);
  } finally {
    await client?.close().catch(() => undefined);
  }
}

function readPlanFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const why = errnoCode(err) === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    throw new TkafkaError(ERROR_CODES.BAD_CONFIG, `Cannot read --from-file '${path}': ${why}.`, { exitCode: 2 });
  }
}

/** Kafka's catch-all: `Error: Executing consumer group command failed due to <message>` on stdout. */
function failure(ctx: Ctx, err: unknown, settings: ConnectionSettings): number {
  if (err instanceof UsageError) throw err;
  if (isConnectionError(err)) throw connectionError(err, settings);
  let message: string;
  if (err instanceof CommandFailedError) message = err.message;
  else if (err instanceof KafkaProtocolError) message = javaErrorMessage(err.code);
  // The broker lacks a group API (librdkafka's mock cluster has no ListGroups/DescribeGroups).
  else if (err instanceof Error && err.name === 'UnsupportedApiError') message = err.message;
  else if (err instanceof TkafkaError) throw err;
  else throw err;
  ctx.printer.out(`\nError: ${FAILED_PREFIX}${message}\n`);
  return ctx.failCode;
}

function validateRegex(ctx: Ctx, regex: string): number {
  try {
    new RegExp(regex, 'u');
    ctx.printer.out(`The regular expression \`${regex}\` is valid.\n`);
    return EXIT_CODES.OK;
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    ctx.printer.out(`The regular expression \`${regex}\` is invalid: ${why}.\n`);
    return ctx.failCode;
  }
}

async function groupIdsOf(ctx: Ctx, admin: GroupAdmin): Promise<string[]> {
  return ctx.flags.allGroups === true ? (await admin.listGroups()).map((g) => g.groupId) : (ctx.flags.group ?? []);
}

// ---------------------------------------------------------------------------------------------

async function listGroups(ctx: Ctx, admin: GroupAdmin, states: string[], types: string[]): Promise<number> {
  const includeState = ctx.flags.state !== undefined && ctx.flags.state !== false;
  const includeType = ctx.flags.type !== undefined && ctx.flags.type !== false;
  const groups = await admin.listGroups(states, types);
  const filtered = types.length === 0 ? groups : groups.filter((g) => g.type === '' || types.includes(g.type.toLowerCase()));
  if (ctx.json) writeJson(ctx.io, listJson(filtered));
  else renderList(ctx.printer, filtered, { includeState, includeType });
  return EXIT_CODES.OK;
}

async function describe(ctx: Ctx, admin: GroupAdmin, view: 'offsets' | 'members' | 'state'): Promise<number> {
  const ids = await groupIdsOf(ctx, admin);
  const verbose = ctx.flags.verbose === true;
  let failed: boolean;
  if (view === 'members') {
    const data = await collectGroupsMembers(admin, ids, { failOnMissing: !ctx.json });
    failed = data.some((g) => g.state === 'Dead');
    if (ctx.json) writeJson(ctx.io, membersJson(data));
    else failed = renderMembers(ctx.printer, data, { verbose }).failed;
  } else if (view === 'state') {
    const data = await collectGroupsState(admin, ids, { failOnMissing: !ctx.json });
    failed = data.some((g) => g.state === 'Dead');
    if (ctx.json) writeJson(ctx.io, statesJson(data));
    else failed = renderStates(ctx.printer, data, { verbose }).failed;
  } else {
    const data = await collectGroupsOffsets(admin, ids, { failOnMissing: !ctx.json });
    failed = data.some((g) => g.state === 'Dead');
    if (ctx.flags.byTopic === true) {
      const withTopics = data.map((group) => ({ group, topics: lagByTopic(group.rows) }));
      if (ctx.json) writeJson(ctx.io, byTopicJson(withTopics));
      else failed = renderByTopic(ctx.printer, withTopics).failed;
    } else if (ctx.json) writeJson(ctx.io, offsetsJson(data));
    else failed = renderOffsets(ctx.printer, data, { verbose }).failed;
  }
  if (ctx.json && failed) ctx.io.stderr.write('Error: some of the groups do not exist ("exists": false).\n');
  return failed ? ctx.failCode : EXIT_CODES.OK;
}

// ---------------------------------------------------------------------------------------------

async function deleteGroups(ctx: Ctx, admin: GroupAdmin): Promise<number> {
  const ids = [...new Set(await groupIdsOf(ctx, admin))];
  const results = await admin.deleteGroups(ids);
  const ok = stringKeyOrder(
    results.filter((r) => r.errorCode === ErrorCode.NONE),
    (r) => r.groupId,
  );
  const failed = stringKeyOrder(
    results.filter((r) => r.errorCode !== ErrorCode.NONE),
    (r) => r.groupId,
  );
  if (ctx.json) {
    writeJson(ctx.io, { deleted: ok.map((r) => r.groupId), failed: failed.map((r) => ({ group: r.groupId, error: errorName(r.errorCode), message: javaErrorMessage(r.errorCode) })) });
    return failed.length > 0 ? ctx.failCode : EXIT_CODES.OK;
  }
  const quoted = (rs: typeof ok): string => rs.map((r) => `'${r.groupId}'`).join(', ');
  if (failed.length === 0) {
    ctx.printer.out(`Deletion of requested consumer groups (${quoted(ok)}) was successful.\n`);
    return EXIT_CODES.OK;
  }
  ctx.printer.out('\nError: Deletion of some consumer groups failed:\n');
  for (const f of failed) ctx.printer.out(`* Group '${f.groupId}' could not be deleted due to: ${javaException(f.errorCode)}\n`);
  if (ok.length > 0) ctx.printer.out(`\nThese consumer groups were deleted successfully: ${quoted(ok)}\n`);
  return ctx.failCode;
}

async function deleteOffsets(ctx: Ctx, admin: GroupAdmin): Promise<number> {
  const group = ctx.flags.group?.[0] ?? '';
  const args = ctx.flags.topic ?? [];
  const results = new Map<string, PartitionResult>();
  const partitions: TopicPartition[] = [];
  for (const a of args.filter((x) => x.includes(':'))) partitions.push(...parseTopicWithPartitions(a));
  const bare = [...new Set(args.filter((x) => !x.includes(':')))];
  const described = await admin.topicPartitions(bare);
  for (const topic of bare) {
    const parts = described.get(topic);
    if (parts === undefined) results.set(tpKey(topic, -1), { topic, partition: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
    else for (const p of parts) partitions.push({ topic, partition: p.partition });
  }
  const unique = [...new Map(partitions.map((p) => [tpKey(p.topic, p.partition), p])).values()];
  const res = await admin.deleteOffsets(group, unique);
  const byKey = new Map(res.partitions.map((r) => [tpKey(r.topic, r.partition), r.errorCode]));
  let topLevel = res.errorCode;
  for (const p of unique) {
    const code = topLevel !== ErrorCode.NONE ? topLevel : (byKey.get(tpKey(p.topic, p.partition)) ?? ErrorCode.NONE);
    results.set(tpKey(p.topic, p.partition), { ...p, errorCode: code });
  }
  // The Java admin's all() fails with the first partition error.
  if (topLevel === ErrorCode.NONE) topLevel = unique.map((p) => results.get(tpKey(p.topic, p.partition))?.errorCode ?? 0).find((c) => c !== ErrorCode.NONE) ?? ErrorCode.NONE;
  const rows = [...results.values()].sort((a, b) => {
    const ka = `${a.topic}${a.partition}`;
    const kb = `${b.topic}${b.partition}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const anyFailed = topLevel !== ErrorCode.NONE || rows.some((r) => r.errorCode !== ErrorCode.NONE);
  if (ctx.json) {
    writeJson(ctx.io, {
      group,
      error: topLevel === ErrorCode.NONE ? null : errorName(topLevel),
      partitions: rows.map((r) => ({ topic: r.topic, partition: r.partition < 0 ? null : r.partition, error: r.errorCode === 0 ? null : errorName(r.errorCode), message: r.errorCode === 0 ? null : javaErrorMessage(r.errorCode) })),
    });
    return anyFailed ? ctx.failCode : EXIT_CODES.OK;
  }
  switch (topLevel) {
    case ErrorCode.NONE:
      ctx.printer.out(`Request succeeded for deleting offsets from group ${group}.\n`);
      break;
    case ErrorCode.INVALID_GROUP_ID:
    case ErrorCode.GROUP_ID_NOT_FOUND:
    case ErrorCode.GROUP_AUTHORIZATION_FAILED:
    case ErrorCode.NON_EMPTY_GROUP:
      ctx.printer.out(`\nError: ${javaErrorMessage(topLevel)}\n`);
      break;
    case ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC:
    case ErrorCode.TOPIC_AUTHORIZATION_FAILED:
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
      ctx.printer.out('\nError: Encountered some partition-level error, see the follow-up details.\n');
      break;
    default:
      ctx.printer.out(`\nError: Encountered some unknown error: ${errorName(topLevel)}\n`);
  }
  const topicW = Math.max(15, ...rows.map((r) => r.topic.length));
  const line = (a: string, b: string, c: string): string => `\n${a.padEnd(topicW)} ${b.padEnd(10)} ${c.padEnd(15)}`;
  let text = line('TOPIC', 'PARTITION', 'STATUS');
  for (const r of rows) text += line(r.topic, r.partition >= 0 ? String(r.partition) : '-', r.errorCode === ErrorCode.NONE ? 'Successful' : `Error: ${javaException(r.errorCode)}`);
  ctx.printer.out(`${text}\n`);
  return anyFailed ? ctx.failCode : EXIT_CODES.OK;
}

// ---------------------------------------------------------------------------------------------

const INACTIVE = new Set(['Empty', 'Dead']);

async function resetOffsets(ctx: Ctx, admin: GroupAdmin, spec: ResetSpec, filePlan: FilePlan | undefined): Promise<number> {
  const { flags } = ctx;
  const ids = [...new Set(await groupIdsOf(ctx, admin))];
  const execute = flags.execute === true;
  const descriptions = stringKeyOrder(await admin.describeGroups(ids), (d) => d.groupId);
  const plans: GroupResetPlan[] = [];
  for (const d of descriptions) {
    if (!INACTIVE.has(d.state)) {
      const error = `Assignments can only be reset if the group '${d.groupId}' is inactive, but the current state is ${d.state}.`;
      ctx.printer.out(`\nError: ${error}\n`);
      plans.push({ group: d.groupId, entries: [], error });
      continue;
    }
    const plan = await planGroupReset(
      {
        admin,
        spec,
        filePlan,
        topics: flags.topic ?? [],
        allTopics: flags.allTopics === true,
        now: () => Date.now(),
        warn: (line) => ctx.io.stderr.write(`${line}\n`),
        notice: (text) => ctx.printer.out(text),
      },
      d.groupId,
    );
    if (plan.error !== null) ctx.printer.out(`\nError: ${plan.error}\n`);
    if (execute && plan.error === null && plan.entries.length > 0) {
      const results = await admin.commitOffsets(
        d.groupId,
        plan.entries.map((e) => ({ topic: e.topic, partition: e.partition, offset: e.newOffset })),
      );
      const bad = results.find((r) => r.errorCode !== ErrorCode.NONE);
      if (bad !== undefined) throw new KafkaProtocolError(bad.errorCode, `OffsetCommit ${bad.topic}-${bad.partition}`);
    }
    plans.push(plan);
  }
  const ordered = orderPlans(plans);
  const failed = plans.some((p) => p.error !== null);
  if (ctx.json) writeJson(ctx.io, resetJson(ordered, execute ? 'execute' : 'dry-run'));
  else if (flags.export === true) ctx.io.stdout.write(exportCsv(ordered, (flags.group ?? []).length === 1));
  else renderResetPlan(ctx.printer, ordered, { plan: !execute });
  return failed ? ctx.failCode : EXIT_CODES.OK;
}
