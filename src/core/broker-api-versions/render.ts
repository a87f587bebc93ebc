// kafka-broker-api-versions' output: `Node.toString() -> NodeApiVersions.toString(true)` per broker.
import type { ApiLine, BrokerNode, BrokerVersions } from './run.js';

function nodeText(n: BrokerNode): string {
  return `${n.host}:${n.port} (id: ${n.id} rack: ${n.rack ?? 'null'} isFenced: false)`;
}

function range(min: number, max: number): string {
  return min === max ? String(min) : `${min} to ${max}`;
}

/** One API as NodeApiVersions.apiVersionToText writes it. */
export function apiText(a: ApiLine): string {
  const name = a.name === null ? `UNKNOWN(${a.apiKey})` : `${a.name}(${a.apiKey})`;
  if (a.status === 'unsupported' || a.minVersion === null || a.maxVersion === null) return `${name}: UNSUPPORTED`;
  const versions = `${name}: ${range(a.minVersion, a.maxVersion)}`;
  switch (a.status) {
    case 'usable':
      return `${versions} [usable: ${a.usable ?? ''}]`;
    case 'node too new':
      return `${versions} [unusable: node too new]`;
    case 'node too old':
      return `${versions} [unusable: node too old]`;
    case 'unknown':
      return versions;
  }
}

export function brokerVersionsText(brokers: readonly BrokerVersions[]): string {
  return brokers
    .map((b) => ('error' in b ? `${nodeText(b.node)} -> ERROR: ${b.error}\n` : `${nodeText(b.node)} -> (\n\t${b.apis.map(apiText).join(',\n\t')}\n)\n`))
    .join('');
}

/** -o json: `{"brokers":[{"id","host","port","rack","apis":[{"apiKey","name","minVersion","maxVersion","status","usable"}]} | {..., "error"}]}`. */
export function brokerVersionsJson(brokers: readonly BrokerVersions[]): unknown {
  return {
    brokers: brokers.map((b) => ({ id: b.node.id, host: b.node.host, port: b.node.port, rack: b.node.rack, ...('error' in b ? { error: b.error } : { apis: b.apis }) })),
  };
}
