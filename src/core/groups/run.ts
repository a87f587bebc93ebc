// kafka-groups.sh --list: Admin.listGroups() (ListGroups v5 to every broker, no filters sent) and
// GroupsService.combinedFilter applied here, as Kafka applies it client-side.
import type { NativeClient } from '../../client/native/client.js';
import { ListGroupsApi } from '../../client/native/apis/list-groups.js';
import { javaMessage } from '../get-offsets/java-errors.js';
import { AdminToolError } from '../reassign-partitions/admin-tool-error.js';
import type { GroupsFilter } from './options.js';

export interface GroupRow {
  groupId: string;
  /** The group type ('classic', 'consumer', 'share', 'streams'); '' when the broker does not say (ListGroups < v5). */
  type: string;
  protocol: string;
}

export async function listAllGroups(client: NativeClient): Promise<GroupRow[]> {
  const meta = await client.metadata([]);
  const out: GroupRow[] = [];
  const seen = new Set<string>();
  for (const b of meta.brokers) {
    const conn = await client.nodeConnection(b.nodeId);
    const res = await conn.send(ListGroupsApi, { statesFilter: [], typesFilter: [] });
    if (res.errorCode !== 0) throw new AdminToolError(javaMessage(res.errorCode, null));
    for (const g of res.groups) {
      if (seen.has(g.groupId)) continue;
      seen.add(g.groupId);
      out.push({ groupId: g.groupId, type: conn.version(ListGroupsApi) >= 5 ? g.groupType.toLowerCase() : '', protocol: g.protocolType });
    }
  }
  return out;
}

/** GroupsService.combinedFilter. */
export function groupMatches(g: GroupRow, f: GroupsFilter): boolean {
  if (f.groupType !== null) return g.type === f.groupType && (f.protocol === null || g.protocol === f.protocol);
  if (f.protocol !== null) return g.protocol === f.protocol;
  if (f.consumer) return g.protocol === 'consumer' || g.protocol === '' || g.type === 'consumer';
  if (f.share) return g.type === 'share';
  if (f.streams) return g.type === 'streams';
  return true;
}
