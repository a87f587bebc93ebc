// kafka-log-dirs' command line (LogDirsCommand.LogDirsCommandOptions).
import { UsageError } from '../../shared/errors.js';

export interface LogDirsFlags {
  describe?: boolean;
  brokerList?: string;
  topicList?: string;
}

export interface LogDirsPlan {
  /** Empty: every broker of the cluster. */
  brokers: number[];
  /** Empty: every topic. */
  topics: Set<string>;
}

/** Split at commas, empty entries dropped (splitAtCommasAndFilterOutEmpty). */
function entries(list: string | undefined): string[] {
  return (list ?? '').split(',').filter((x) => x !== '');
}

export function planLogDirs(flags: LogDirsFlags): LogDirsPlan {
  if (flags.describe !== true) throw new UsageError('Missing required argument "[describe]"', "Run 'tkafka log-dirs --help' for usage.");
  const brokers = entries(flags.brokerList).map((b) => {
    // Integer.valueOf: an optional sign and digits within 32 bits.
    if (!/^[+-]?\d+$/.test(b) || Math.abs(Number(b)) > 2147483647) throw new UsageError(`--broker-list: For input string: "${b}"`, 'Expected broker ids, e.g. --broker-list 0,1,2.');
    return Number(b);
  });
  return { brokers: [...new Set(brokers)], topics: new Set(entries(flags.topicList)) };
}
