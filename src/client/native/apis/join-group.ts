import { JoinGroupApi as JoinGroupSpec } from '../../../protocol/generated/apis/join-group.js';
import { clientApi } from '../apis.js';

// v1+: rebalance timeout; v4+ MEMBER_ID_REQUIRED on a first join; v5+ group.instance.id.
export const JoinGroupApi = clientApi(JoinGroupSpec, 1, 9);
