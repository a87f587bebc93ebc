// The serialization codec against the JDK itself: bytes that the JDK's ObjectOutputStream writes at test
// time (test/unit/core/jmx-java/SerialPeer.java, run with the installed `java`) read by our reader, and
// what our writer writes read back by the JDK's ObjectInputStream.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCollection, readObjectName, writeObjectName, writeStringArray } from '../../../src/core/jmx/client.js';
import { remoteRefOf } from '../../../src/core/jmx/jrmp.js';
import { parseJmxServiceUrl, rmiJndiTarget } from '../../../src/core/jmx/url.js';
import { fieldOf, isArray, isObject, ObjectReader, ObjectWriter } from '../../../src/core/jmx/serial.js';
import { javaToJson, javaToString } from '../../../src/core/jmx/values.js';

const PEER = fileURLToPath(new URL('./jmx-java/SerialPeer.java', import.meta.url));
const hasJava = spawnSync('java', ['-version'], { encoding: 'utf8' }).status === 0;

function peer(args: string[], input = ''): string[] {
  const r = spawnSync('java', [PEER, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`SerialPeer failed: ${r.stderr}`);
  return r.stdout.trim().split('\n');
}

describe.skipIf(!hasJava)("the JDK's serialization streams", () => {
  it('reads what ObjectOutputStream writes: ObjectName, HashSet<ObjectName>, AttributeList, a StandardMBean MBeanInfo, CompositeData', () => {
    const lines = peer(['write']);
    const [name, set, list, info, composite] = lines.slice(0, 5).map((h) => new ObjectReader(Buffer.from(h, 'hex')).readObject());
    // CompositeDataSupport.toString, with its CompositeType, SimpleTypes, an ArrayType and an array in the contents.
    expect(javaToString(composite ?? null)).toBe(lines[5]);
    expect(javaToJson(composite ?? null)).toEqual({ max: -1, names: ['a', 'b'], rate: 0.5, used: 12 });
    expect(readObjectName(name ?? null)).toBe('kafka.server:type=app-info,id=1');
    expect(readCollection(set ?? null).map(readObjectName).sort()).toEqual(['a:type=x', 'b:type=y,name=z']);
    const attrs = readCollection(list ?? null).map((a) => (isObject(a) ? [fieldOf(a, 'name'), javaToString(fieldOf(a, 'value'))] : null));
    expect(attrs).toEqual([
      ['Count', '42'],
      ['Rate', '0.25'],
      ['Value', '7'],
      ['Version', '4.4.0'],
      ['Missing', 'null'],
    ]);
    // MBeanInfo: its attributes (MBeanAttributeInfo[], with ImmutableDescriptors written by MBeanFeatureInfo.writeObject).
    if (!isObject(info)) throw new Error('no MBeanInfo');
    const attributes = fieldOf(info, 'attributes');
    expect(isArray(attributes) && attributes.values.map((a) => (isObject(a) ? fieldOf(a, 'name') : undefined)).sort()).toEqual(['Count', 'Ids', 'Name', 'Rate']);
  });

  it('ObjectInputStream reads what our writer writes: ObjectNames (patterns too) and String[]', () => {
    const lines: string[] = [];
    for (const n of ['kafka.server:type=app-info,*', 'kafka.controller:type=KafkaController,name=ActiveControllerCount']) {
      const w = new ObjectWriter();
      writeObjectName(w, n);
      lines.push(w.toBuffer().toString('hex'));
    }
    const w = new ObjectWriter();
    writeStringArray(w, ['Value', 'Count', 'né']);
    lines.push(w.toBuffer().toString('hex'));
    expect(peer(['read'], `${lines.join('\n')}\n`)).toEqual([
      'ObjectName kafka.server:type=app-info,* pattern=true',
      'ObjectName kafka.controller:type=KafkaController,name=ActiveControllerCount pattern=false',
      'String[] [Value, Count, né]',
    ]);
  });

  it("reads real stubs' endpoints and ObjIDs: a dynamic proxy (RemoteObjectInvocationHandler) and the JMX connector's RMIServerImpl_Stub", () => {
    const lines = peer(['stubs']);
    expect(lines).toHaveLength(3);
    const types = [];
    const refs = [];
    for (const line of lines.slice(0, 2)) {
      const [hex, ...rest] = line.split(' ');
      // RemoteRef.remoteToString: ... endpoint:[host:port](local|remote),objID:[unique:time:count (hex), objNum]
      const m = /endpoint:\[([^:\]]+):(\d+)\]\(\w+\),objID:\[(-?[0-9a-f]+):(-?[0-9a-f]+):(-?[0-9a-f]+), (-?\d+)\]/.exec(rest.join(' '));
      if (m === null) throw new Error(`unexpected ref text ${rest.join(' ')}`);
      const ref = remoteRefOf(new ObjectReader(Buffer.from(hex ?? '', 'hex')).readObject());
      expect(ref).toEqual({ type: ref.type, host: m[1], port: Number(m[2]), objId: { objNum: BigInt(m[6] as string), unique: parseInt(m[3] as string, 16), time: BigInt(parseInt(m[4] as string, 16)), count: parseInt(m[5] as string, 16) }, ssl: false });
      types.push(ref.type);
      refs.push(ref);
    }
    expect(types).toEqual(['SerialPeer$Ping', 'javax.management.remote.rmi.RMIServerImpl_Stub']);
    // The connector server's own address, service:jmx:rmi://127.0.0.1/stub/<base64>: the same stub, no registry.
    const address = lines[2] ?? '';
    expect(address).toMatch(/^service:jmx:rmi:\/\/127\.0\.0\.1\/stub\/rO0AB/);
    const target = rmiJndiTarget(parseJmxServiceUrl(address));
    expect(target.stub).toEqual(refs[1]);
    expect([target.registryHost, target.registryPort]).toEqual([refs[1]?.host, refs[1]?.port]);
  });
});

