import { LeaveGroupApi as LeaveGroupSpec } from '../../../protocol/generated/apis/leave-group.js';
import { clientApi } from '../apis.js';

// v0-2 name one member at the top level; v3+ carry a list of members.
export const LeaveGroupApi = clientApi(LeaveGroupSpec, 0, 5);
