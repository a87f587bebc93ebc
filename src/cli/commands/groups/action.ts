import { checkGroupsArgs, type GroupsFlags } from '../../../core/groups/options.js';
import { ERROR_PREFIX, groupsJson, renderGroups } from '../../../core/groups/render.js';
import { groupMatches, listAllGroups } from '../../../core/groups/run.js';
import { AdminToolError } from '../../../core/reassign-partitions/admin-tool-error.js';
import type { ConnectionFlags } from '../../options/connection.js';
import type { OutputOptions } from '../../output/format.js';
import { resolveOutputFormat, writeJson } from '../../output/format.js';
import type { CliIO } from '../../output/io.js';
import { withNativeClient } from '../get-offsets/session.js';

export interface GroupsCliFlags extends GroupsFlags, ConnectionFlags, OutputOptions {}

export async function runGroups(flags: GroupsCliFlags, io: CliIO): Promise<number> {
  const json = resolveOutputFormat(flags) === 'json';
  const filter = checkGroupsArgs(flags);
  try {
    const rows = await withNativeClient(flags, io, 'tkafka', listAllGroups);
    const shown = rows.filter((g) => groupMatches(g, filter));
    if (json) writeJson(io, groupsJson(shown));
    else io.stdout.write(renderGroups(shown));
    return 0;
  } catch (err) {
    if (!(err instanceof AdminToolError)) throw err;
    (json ? io.stderr : io.stdout).write(`${ERROR_PREFIX}${err.message}\n`);
    return 1;
  }
}
