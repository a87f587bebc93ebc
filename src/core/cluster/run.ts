// kafka-cluster.sh: cluster-id (DescribeCluster), unregister (UnregisterBroker, 64) and
// list-endpoints (DescribeCluster), printed as ClusterTool prints them.
import type { NativeClient } from '../../client/native/client.js';
import { UnsupportedApiError } from '../../client/native/errors.js';
import { clientApi } from '../../client/native/apis.js';
import { ErrorCode, errorInfo } from '../../protocol/error-codes.js';
import { DescribeClusterApi as DescribeClusterSpec } from '../../protocol/generated/apis/describe-cluster.js';
import { UnregisterBrokerApi as UnregisterBrokerSpec } from '../../protocol/generated/apis/unregister-broker.js';
import { ToolFailure, type ToolResult } from '../transactions/tool-result.js';

// Also metadata-quorum's (the ClusterId line of --status).
export const DESCRIBE_CLUSTER = clientApi(DescribeClusterSpec, 0, 1);
const UNREGISTER_BROKER = clientApi(UnregisterBrokerSpec, 0, 0);

/** org.apache.kafka.common.errors.XxxException, from the error's name. */
function javaException(code: number, message: string | null): string {
  const cls = errorInfo(code).name.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u: string, c: string) => c.toUpperCase());
  return `org.apache.kafka.common.errors.${cls}Exception: ${message ?? errorInfo(code).message}`;
}

async function describeCluster(client: NativeClient, controllers: boolean) {
  const conn = await client.anyConnection();
  const res = await conn.send(DESCRIBE_CLUSTER, { includeClusterAuthorizedOperations: false, endpointType: controllers ? 2 : 1 });
  if (res.errorCode !== ErrorCode.NONE) throw new ToolFailure(javaException(res.errorCode, res.errorMessage));
  return res;
}

export async function clusterIdCommand(client: NativeClient): Promise<ToolResult> {
  const res = await describeCluster(client, false);
  const id = res.clusterId;
  return { text: id === null || id === '' ? 'No cluster ID found. The Kafka version is probably too old.\n' : `Cluster ID: ${id}\n`, json: { clusterId: id } };
}

export async function unregisterCommand(client: NativeClient, id: number): Promise<ToolResult> {
  const conn = await client.anyConnection();
  if (!conn.supports(UNREGISTER_BROKER)) {
    // The admin client fails with UnsupportedVersionException, which the tool reports on stdout.
    return { text: 'The target cluster does not support the broker unregistration API.\n', json: { unregistered: false, supported: false } };
  }
  let res;
  try {
    res = await conn.send(UNREGISTER_BROKER, { brokerId: id });
  } catch (err) {
    if (err instanceof UnsupportedApiError) return { text: 'The target cluster does not support the broker unregistration API.\n', json: { unregistered: false, supported: false } };
    throw err;
  }
  if (res.errorCode === ErrorCode.UNSUPPORTED_VERSION) return { text: 'The target cluster does not support the broker unregistration API.\n', json: { unregistered: false, supported: false } };
  if (res.errorCode !== ErrorCode.NONE) throw new ToolFailure(javaException(res.errorCode, res.errorMessage));
  return { text: `Broker ${id} is no longer registered.\n`, json: { unregistered: true, brokerId: id } };
}

export async function listEndpointsCommand(client: NativeClient, controllers: boolean): Promise<ToolResult> {
  const res = await describeCluster(client, controllers);
  const nodes = [...res.brokers].sort((a, b) => a.brokerId - b.brokerId);
  const type = controllers ? 'controller' : 'broker';
  // Kafka 4.4: "%-10s %-<host>s %-10s %-<rack>s %-10s %-15s%n" (no STATE column for controllers),
  // widths the longest host (100 when none) and the longest rack (10 when none).
  const hostWidth = nodes.length === 0 ? 100 : Math.max(...nodes.map((n) => n.host.length));
  const racks = nodes.map((n) => n.rack).filter((r): r is string => r !== null);
  const rackWidth = racks.length === 0 ? 10 : Math.max(...racks.map((r) => r.length));
  const line = (c: string[]): string =>
    controllers
      ? `${(c[0] ?? '').padEnd(10)} ${(c[1] ?? '').padEnd(hostWidth)} ${(c[2] ?? '').padEnd(10)} ${(c[3] ?? '').padEnd(rackWidth)} ${(c[5] ?? '').padEnd(15)}\n`
      : `${(c[0] ?? '').padEnd(10)} ${(c[1] ?? '').padEnd(hostWidth)} ${(c[2] ?? '').padEnd(10)} ${(c[3] ?? '').padEnd(rackWidth)} ${(c[4] ?? '').padEnd(10)} ${(c[5] ?? '').padEnd(15)}\n`;
  const text = line(['ID', 'HOST', 'PORT', 'RACK', 'STATE', 'ENDPOINT_TYPE']) + nodes.map((n) => line([String(n.brokerId), n.host, String(n.port), String(n.rack), 'unfenced', type])).join('');
  return { text, json: { endpoints: nodes.map((n) => ({ id: n.brokerId, host: n.host, port: n.port, rack: n.rack, state: 'unfenced', endpointType: type })) } };
}
