import { formatHostPort } from './net.js';
import { defaultDataDir } from './paths.js';
import { findRunningBroker } from './pidfile.js';

/**
 * The bootstrap address of the broker `tkafka broker start` runs on the default data dir (or
 * `dataDir`), or undefined when none runs. Reads the pidfile only: no connection is made.
 */
export async function localBootstrapServer(env: Readonly<Record<string, string | undefined>>, dataDir?: string): Promise<string | undefined> {
  const running = await findRunningBroker(dataDir ?? defaultDataDir(env));
  if (running === undefined || running.state !== 'running') return undefined;
  return formatHostPort(running.advertisedHost, running.port);
}
