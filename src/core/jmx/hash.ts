// RMI's method and interface hashes (Java RMI Specification, 8.3 "Stub/skeleton" and 10.2.3 "Call"),
// computed here from the method signatures instead of copied numbers:
// - a method hash (stub protocol 1.2, JRMP op -1): the first 8 bytes of SHA-1 over DataOutput.writeUTF
//   of name + descriptor, assembled little-endian into a signed long;
// - an interface hash (stub protocol 1.1, used with an operation number by the registry's
//   RegistryImpl_Stub): SHA-1 over writeInt(1), then for each remote method in the order rmic sorts
//   them (by name and descriptor) writeUTF(name), writeUTF(descriptor) and writeUTF of each declared
//   exception's name, sorted; the operation number is the method's index in that order.
import { createHash } from 'node:crypto';
import { encodeModifiedUtf8 } from './serial.js';

function utf(s: string): Buffer {
  const b = encodeModifiedUtf8(s);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

function sha1Long(data: Buffer): bigint {
  const digest = createHash('sha1').update(data).digest();
  let h = 0n;
  for (let i = 0; i < 8; i++) h |= BigInt(digest[i] as number) << BigInt(8 * i);
  return BigInt.asIntN(64, h);
}

/** The JRMP method hash of `nameAndDescriptor`, e.g. "newClient(Ljava/lang/Object;)Ljavax/management/remote/rmi/RMIConnection;". */
export function methodHash(nameAndDescriptor: string): bigint {
  return sha1Long(utf(nameAndDescriptor));
}

export interface RemoteMethod {
  readonly name: string;
  readonly descriptor: string;
  readonly exceptions: readonly string[];
}

/** The interface hash of a stub protocol 1.1 interface and each method's operation number. */
export function interfaceHash(methods: readonly RemoteMethod[]): { hash: bigint; ops: ReadonlyMap<string, number> } {
  const sorted = [...methods].sort((a, b) => (a.name + a.descriptor < b.name + b.descriptor ? -1 : a.name + a.descriptor > b.name + b.descriptor ? 1 : 0));
  const parts: Buffer[] = [Buffer.from([0, 0, 0, 1])];
  for (const m of sorted) {
    parts.push(utf(m.name), utf(m.descriptor));
    for (const e of [...m.exceptions].sort()) parts.push(utf(e));
  }
  return { hash: sha1Long(Buffer.concat(parts)), ops: new Map(sorted.map((m, i) => [m.name + m.descriptor, i])) };
}

const REMOTE = 'java.rmi.RemoteException';
const ACCESS = 'java.rmi.AccessException';
const NOT_BOUND = 'java.rmi.NotBoundException';

/** java.rmi.registry.Registry, as RegistryImpl_Stub calls it. */
export const REGISTRY_METHODS: readonly RemoteMethod[] = [
  { name: 'bind', descriptor: '(Ljava/lang/String;Ljava/rmi/Remote;)V', exceptions: [ACCESS, 'java.rmi.AlreadyBoundException', REMOTE] },
  { name: 'list', descriptor: '()[Ljava/lang/String;', exceptions: [ACCESS, REMOTE] },
  { name: 'lookup', descriptor: '(Ljava/lang/String;)Ljava/rmi/Remote;', exceptions: [ACCESS, NOT_BOUND, REMOTE] },
  { name: 'rebind', descriptor: '(Ljava/lang/String;Ljava/rmi/Remote;)V', exceptions: [ACCESS, REMOTE] },
  { name: 'unbind', descriptor: '(Ljava/lang/String;)V', exceptions: [ACCESS, NOT_BOUND, REMOTE] },
];
