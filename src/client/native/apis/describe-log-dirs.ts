import { DescribeLogDirsApi as DescribeLogDirsSpec } from '../../../protocol/generated/apis/describe-log-dirs.js';
import { clientApi } from '../apis.js';

// v1+ (v0 is gone from Kafka 4.0); v4 adds the volume's total and usable bytes.
export const DescribeLogDirsApi = clientApi(DescribeLogDirsSpec, 1, 4);
