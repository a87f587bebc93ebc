// Kafka's AdminUtils.assignReplicasToBrokers, which --generate uses: round-robin from a random start
// with a random shift for the followers, or over a rack-alternating broker list when every broker
// has a rack. The random draws make Kafka's own proposals differ run to run.
import { ReassignInputError } from './options.js';

export interface BrokerMeta {
  id: number;
  rack: string | null;
}

export type Random = (bound: number) => number;

export const mathRandom: Random = (bound) => Math.floor(Math.random() * bound);

function replicaIndex(firstReplicaIndex: number, secondReplicaShift: number, index: number, nBrokers: number): number {
  const shift = 1 + ((secondReplicaShift + index) % (nBrokers - 1));
  return (firstReplicaIndex + shift) % nBrokers;
}

/** Partition id → replicas. Kafka's exceptions (InvalidReplicationFactorException, ...) as ReassignInputError. */
export function assignReplicasToBrokers(brokers: readonly BrokerMeta[], nPartitions: number, replicationFactor: number, random: Random = mathRandom): Map<number, number[]> {
  if (nPartitions <= 0) throw new ReassignInputError('Number of partitions must be larger than 0.');
  if (replicationFactor <= 0) throw new ReassignInputError('Replication factor must be larger than 0.');
  if (replicationFactor > brokers.length) throw new ReassignInputError(`Replication factor: ${replicationFactor} larger than available brokers: ${brokers.length}.`);
  const withRack = brokers.filter((b) => b.rack !== null).length;
  if (withRack === 0) return rackUnaware(brokers.map((b) => b.id), nPartitions, replicationFactor, random);
  if (withRack < brokers.length) throw new ReassignInputError('Not all brokers have rack information for replica rack aware assignment.');
  return rackAware(brokers, nPartitions, replicationFactor, random);
}

/**
 * The placement loop both of Kafka's assignments share: a random start and follower shift, the
 * shift growing by one each time the partitions wrap around the n brokers; `replicas` places one
 * partition from its first replica's index.
 */
function roundRobin(n: number, nPartitions: number, random: Random, replicas: (first: number, shift: number) => number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const startIndex = random(n);
  let nextReplicaShift = random(n);
  for (let p = 0; p < nPartitions; p++) {
    if (p > 0 && p % n === 0) nextReplicaShift += 1;
    out.set(p, replicas((p + startIndex) % n, nextReplicaShift));
  }
  return out;
}

function rackUnaware(brokerArray: readonly number[], nPartitions: number, rf: number, random: Random): Map<number, number[]> {
  const n = brokerArray.length;
  return roundRobin(n, nPartitions, random, (first, shift) => {
    const replicas = [brokerArray[first] as number];
    for (let j = 0; j < rf - 1; j++) replicas.push(brokerArray[replicaIndex(first, shift, j, n)] as number);
    return replicas;
  });
}

/** getRackAlternatedBrokerList: racks in sorted order, each rack's brokers in id order, taking one per rack in turn. */
function rackAlternated(brokers: readonly BrokerMeta[]): number[] {
  const byRack = new Map<string, number[]>();
  for (const b of brokers) byRack.set(b.rack as string, [...(byRack.get(b.rack as string) ?? []), b.id]);
  const racks = [...byRack.keys()].sort();
  const iters = racks.map((r) => [...(byRack.get(r) ?? [])].sort((a, b) => a - b));
  const out: number[] = [];
  for (let i = 0; out.length < brokers.length; i = (i + 1) % racks.length) {
    const next = iters[i]?.shift();
    if (next !== undefined) out.push(next);
  }
  return out;
}

function rackAware(brokers: readonly BrokerMeta[], nPartitions: number, rf: number, random: Random): Map<number, number[]> {
  const rackOf = new Map(brokers.map((b) => [b.id, b.rack as string]));
  const numRacks = new Set(rackOf.values()).size;
  const arranged = rackAlternated(brokers);
  const n = arranged.length;
  return roundRobin(n, nPartitions, random, (first, shift) => {
    const leader = arranged[first] as number;
    const replicas = [leader];
    const racks = new Set([rackOf.get(leader)]);
    const used = new Set([leader]);
    let k = 0;
    for (let j = 0; j < rf - 1; j++) {
      for (;;) {
        const broker = arranged[replicaIndex(first, shift * numRacks, k, n)] as number;
        const rack = rackOf.get(broker);
        k += 1;
        if ((!racks.has(rack) || racks.size === numRacks) && (!used.has(broker) || used.size === n)) {
          replicas.push(broker);
          racks.add(rack);
          used.add(broker);
          break;
        }
      }
    }
    return replicas;
  });
}
