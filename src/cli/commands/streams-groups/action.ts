import type { NativeClient } from '../../../client/native/client.js';
import { parseResetPlan, type FilePlan, type GroupResetPlan } from '../../../core/consumer-groups/reset.js';
import type { DeleteOffsetsResult } from '../../../core/consumer-groups/run.js';
import { tpString } from '../../../core/consumer-groups/types.js';
import { javaException } from '../../../core/get-offsets/java-errors.js';
import type { StreamsGroupAdmin, StreamsGroupInfo } from '../../../core/streams-groups/admin.js';
import { USAGE_HINT, checkStreamsGroupsArgs, type StreamsGroupsFlags } from '../../../core/streams-groups/options.js';
import {
  deleteGroups,
  deleteOffsets,
  describeGroups,
  exportStreamsCsv,
  failureMessage,
  listGroups,
  renderStreamsResetPlan,
  resetOffsets,
  type DescribedStreamsGroup,
  type Out,
  type StreamsResetPlan,
} from '../../../core/streams-groups/run.js';
import { ErrorCode } from '../../../protocol/error-codes.js';
import { ERROR_CODES, TkafkaError, UsageError } from '../../../shared/errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import type { ConnectionFlags } from '../../options/connection.js';
import { connectionError, isConnectionError, nativeClientOptions, resolveConnection } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { readPlanFile } from '../../options/plan-file.js';

export interface StreamsGroupsCliFlags extends StreamsGroupsFlags, ConnectionFlags, OutputOptions {}

const FAILED_PREFIX = 'Executing streams group command failed due to ';

export async function runStreamsGroups(flags: StreamsGroupsCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const checked = checkStreamsGroupsArgs(flags);
  if (json && flags.export === true) throw new UsageError('--export prints CSV; it cannot be combined with -o json.', USAGE_HINT);
  let filePlan: FilePlan | undefined;
  if (checked.spec?.kind === 'from-file') {
    try {
      filePlan = parseResetPlan(readPlanFile(checked.spec.path), flags.group ?? []);
    } catch (err) {
      if (err instanceof TkafkaError && !(err instanceof UsageError) && err.code !== ERROR_CODES.BAD_CONFIG) throw new UsageError(err.message, USAGE_HINT);
      throw err;
    }
  }
  // Text goes to stdout as Kafka prints it; with -o json it goes to stderr and the document to stdout.
  const out: Out = json ? (t) => void io.stderr.write(t) : (t) => void io.stdout.write(t);

  const settings = await resolveConnection(flags, io, { clientId: 'tkafka-streams-groups' });
  let client: NativeClient | undefined;
  try {
    const { NativeClient } = await import('../../../client/native/client.js');
    const { StreamsGroupAdmin } = await import('../../../core/streams-groups/admin.js');
    client = await NativeClient.connect(nativeClientOptions(settings));
    const admin: StreamsGroupAdmin = new StreamsGroupAdmin(client, { timeoutMs: flags.timeout ?? 30000 });
    const groups = flags.group ?? [];
    const allGroups = flags.allGroups === true;
    switch (checked.action) {
      case 'list': {
        const listed = await listGroups(admin, checked.listStates, out);
        if (json) writeJson(io, { groups: listed.map((g) => ({ group: g.groupId, state: checked.listStates === null || g.state === '' ? null : g.state })) });
        return EXIT_CODES.OK;
      }
      case 'describe': {
        const r = await describeGroups(admin, { groups, allGroups, view: checked.view, verbose: flags.verbose === true }, out);
        if (json) writeJson(io, { groups: r.groups.map(describedJson) });
        return r.failed ? EXIT_CODES.ERROR : EXIT_CODES.OK;
      }
      case 'delete': {
        const r = await deleteGroups(admin, { groups, allGroups, deleteAllInternalTopics: flags.deleteAllInternalTopics === true }, out);
        if (json) {
          writeJson(io, {
            deleted: r.deleted,
            failed: r.failed.map((f) => ({ group: f.groupId, error: f.error })),
            internalTopics: r.internalTopics.map((t) => ({ group: t.groupId, topics: t.topics, error: t.error })),
          });
        }
        return r.failed.length > 0 || r.internalTopics.some((t) => t.error !== null) ? EXIT_CODES.ERROR : EXIT_CODES.OK;
      }
      case 'delete-offsets': {
        const r = await deleteOffsets(admin, { group: groups[0] ?? '', inputTopics: flags.inputTopic ?? [], allInputTopics: flags.allInputTopics === true }, out);
        if (json) writeJson(io, deleteOffsetsJson(r));
        return r.errorCode !== ErrorCode.NONE || r.partitions.some((p) => p.errorCode !== ErrorCode.NONE) ? EXIT_CODES.ERROR : EXIT_CODES.OK;
      }
      case 'reset-offsets':
      default: {
        const execute = flags.execute === true;
        const plans = await resetOffsets(
          admin,
          {
            groups,
            allGroups,
            spec: checked.spec ?? { kind: 'to-current' },
            filePlan,
            inputTopics: flags.inputTopic ?? [],
            allInputTopics: flags.allInputTopics === true,
            execute,
            deleteAllInternalTopics: flags.deleteAllInternalTopics === true,
            deleteInternalTopics: flags.deleteInternalTopic ?? [],
            now: () => Date.now(),
            warn: (line) => void io.stderr.write(`${line}\n`),
          },
          out,
        );
        if (json) writeJson(io, resetJson(plans, execute));
        else if (flags.export === true) io.stdout.write(exportStreamsCsv(plans, groups.length === 1));
        else renderStreamsResetPlan(out, plans);
        return plans.some((p) => p.error !== null) ? EXIT_CODES.ERROR : EXIT_CODES.OK;
      }
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (isConnectionError(err)) throw connectionError(err, settings);
    const message = failureMessage(err);
    if (message === null) throw err;
    out(`\nError: ${FAILED_PREFIX}${message}\n`);
    return EXIT_CODES.ERROR;
  } finally {
    await client?.close().catch(() => undefined);
  }
}

const num = (v: bigint | null): number | null => (v === null ? null : Number(v));

function describedJson(d: DescribedStreamsGroup): unknown {
  const g: StreamsGroupInfo = d.group;
  return {
    group: g.groupId,
    state: g.state,
    groupEpoch: g.groupEpoch,
    targetAssignmentEpoch: g.targetAssignmentEpoch,
    topologyEpoch: g.topologyEpoch,
    assignor: g.assignor,
    coordinator: { id: g.coordinator.id, host: g.coordinator.host, port: g.coordinator.port },
    subtopologies: g.subtopologies,
    members: g.members,
    ...(d.offsets === undefined
      ? {}
      : { offsets: d.offsets.map((r) => ({ topic: r.topic, partition: r.partition, currentOffset: num(r.currentOffset), leaderEpoch: r.leaderEpoch, logEndOffset: Number(r.logEndOffset), lag: Number(r.lag) })) }),
    ...(d.topologyPrinted === undefined ? {} : { topologyDescriptionStatus: g.topologyDescriptionStatus, topologyDescription: g.topologyDescription }),
  };
}

function resetJson(plans: readonly StreamsResetPlan[], execute: boolean): unknown {
  return {
    mode: execute ? 'execute' : 'dry-run',
    groups: plans.map((p: GroupResetPlan & { internalTopicsDeleted: string[] }) => ({
      group: p.group,
      error: p.error,
      partitions: p.entries.map((e) => ({ topic: e.topic, partition: e.partition, newOffset: Number(e.newOffset), currentOffset: num(e.currentOffset) })),
      internalTopicsDeleted: p.internalTopicsDeleted,
    })),
  };
}

function deleteOffsetsJson(r: DeleteOffsetsResult): unknown {
  return {
    group: r.group,
    error: r.errorCode === ErrorCode.NONE ? null : javaException(r.errorCode),
    partitions: r.partitions.map((p) => ({ topic: p.topic, partition: p.partition >= 0 ? p.partition : null, error: p.errorCode === ErrorCode.NONE ? null : `${javaException(p.errorCode)}${p.partition < 0 ? '' : ` (${tpString(p)})`}` })),
  };
}
