// kafka-groups.sh's options (GroupsCommand.GroupsCommandOptions, Kafka 4.4): one action (--list) and
// the filters, with Kafka's checks and messages.
import { UsageError } from '../../shared/errors.js';

export interface GroupsFlags {
  list?: boolean;
  groupType?: string;
  protocol?: string;
  consumer?: boolean;
  share?: boolean;
  streams?: boolean;
}

export const USAGE_HINT = "Run 'tkafka groups --help' for usage.";

/** GroupType.parse's names (case-insensitive); UNKNOWN is not a valid filter. */
export const GROUP_TYPES = ['classic', 'consumer', 'share', 'streams'] as const;
export type GroupTypeName = (typeof GROUP_TYPES)[number];

export interface GroupsFilter {
  groupType: GroupTypeName | null;
  protocol: string | null;
  consumer: boolean;
  share: boolean;
  streams: boolean;
}

function usage(message: string): UsageError {
  return new UsageError(message, USAGE_HINT);
}

export function checkGroupsArgs(flags: GroupsFlags): GroupsFilter {
  if (flags.list !== true) throw usage('Command must include exactly one action: --list.');
  let groupType: GroupTypeName | null = null;
  if (flags.groupType !== undefined) {
    const t = GROUP_TYPES.find((x) => x === flags.groupType?.toLowerCase());
    if (t === undefined) throw usage('--group-type must be a valid group type.');
    groupType = t;
  }
  // CommandLineUtils.checkInvalidArgs, in Kafka's order: --consumer, then --share, then --streams.
  const present = {
    consumer: flags.consumer === true,
    'group-type': flags.groupType !== undefined,
    protocol: flags.protocol !== undefined,
    share: flags.share === true,
    streams: flags.streams === true,
  };
  const rules: Array<[keyof typeof present, Array<keyof typeof present>]> = [
    ['consumer', ['group-type', 'protocol', 'share', 'streams']],
    ['share', ['consumer', 'group-type', 'protocol', 'streams']],
    ['streams', ['consumer', 'group-type', 'protocol', 'share']],
  ];
  for (const [used, others] of rules) {
    if (!present[used]) continue;
    for (const o of others) if (present[o]) throw usage(`Option "[${used}]" can't be used with option "[${o}]"`);
  }
  return { groupType, protocol: flags.protocol ?? null, consumer: present.consumer, share: present.share, streams: present.streams };
}
