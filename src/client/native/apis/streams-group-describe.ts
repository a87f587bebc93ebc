import { StreamsGroupDescribeApi as StreamsGroupDescribeSpec } from '../../../protocol/streams-group-describe.js';
import { clientApi } from '../apis.js';

// KIP-1071 streams groups (group.protocol=streams); a hand-written codec (no row in the generated
// table), so its header versions come from the descriptor. v1 asks for the topology description.
export const StreamsGroupDescribeApi = clientApi(StreamsGroupDescribeSpec, 0, 1);
