// The Java serialization codec of `tkafka jmx` (src/core/jmx/serial.ts) on streams assembled here byte by
// byte from the Java Object Serialization Specification's grammar (chapter 6.4), and the writer's bytes
// for the objects the JMX client sends (an ObjectName as its writeObject writes it, String[]).
import { describe, expect, it } from 'vitest';
import { readCollection, readObjectName, writeObjectName, writeStringArray } from '../../../src/core/jmx/client.js';
import {
  BlockReader,
  classDataOf,
  decodeModifiedUtf8,
  encodeModifiedUtf8,
  fieldOf,
  isArray,
  isObject,
  NeedMoreData,
  ObjectReader,
  ObjectWriter,
  SerializationError,
  type JavaObject,
} from '../../../src/core/jmx/serial.js';
import { javaFloat, javaToJson, javaToString } from '../../../src/core/jmx/values.js';

/** Bytes from hex, strings (as modified UTF-8 with a u16 length: writeUTF) and numbers (one byte). */
function bytes(...parts: Array<string | number | Buffer | { utf: string } | { i16: number } | { i32: number } | { i64: bigint }>): Buffer {
  return Buffer.concat(
    parts.map((p) => {
      if (typeof p === 'number') return Buffer.from([p]);
      if (typeof p === 'string') return Buffer.from(p.replace(/\s+/g, ''), 'hex');
      if (Buffer.isBuffer(p)) return p;
      if ('utf' in p) {
        const b = encodeModifiedUtf8(p.utf);
        const len = Buffer.alloc(2);
        len.writeUInt16BE(b.length);
        return Buffer.concat([len, b]);
      }
      const b = Buffer.alloc('i16' in p ? 2 : 'i32' in p ? 4 : 8);
      if ('i16' in p) b.writeInt16BE(p.i16);
      else if ('i32' in p) b.writeInt32BE(p.i32);
      else b.writeBigInt64BE(p.i64);
      return b;
    }),
  );
}

const HEADER = 'aced 0005';
/** A field's type code (B C D F I J S Z L [) as its byte. */
const code = (c: string): number => c.charCodeAt(0);
// java.lang.Number and java.lang.Long's descriptors as any JVM writes them (serialVersionUIDs from the JDK).
const NUMBER_DESC = bytes('72', { utf: 'java.lang.Number' }, { i64: -8742448824652078965n }, '02', { i16: 0 }, '78', '70');
const LONG_DESC = bytes('72', { utf: 'java.lang.Long' }, { i64: 4290774380558885855n }, '02', { i16: 1 }, code('J'), { utf: 'value' }, '78', NUMBER_DESC);

function obj(v: unknown): JavaObject {
  if (!isObject(v)) throw new Error('not an object');
  return v;
}

describe('ObjectReader', () => {
  it('reads a java.lang.Long: class descriptor chain, superclass first, the primitive field', () => {
    const r = new ObjectReader(bytes(HEADER, '73', LONG_DESC, { i64: 1234567890123n }));
    const v = obj(r.readObject());
    expect(v.desc.name).toBe('java.lang.Long');
    expect(v.desc.suid).toBe(4290774380558885855n);
    expect(v.desc.superDesc?.name).toBe('java.lang.Number');
    expect(v.classData.map((d) => d.desc.name)).toEqual(['java.lang.Number', 'java.lang.Long']);
    expect(fieldOf(v, 'value')).toBe(1234567890123n);
    expect(javaToString(v)).toBe('1234567890123');
    expect(javaToJson(v)).toBe(1234567890123);
  });

  it('resolves back-references (handles from 0x7e0000) to class descriptors and strings', () => {
    // Two Longs in an Object[]: the second reuses the first's descriptor by handle. Handles: 0 the
    // array's class, 1 the array, 2 Long, 3 Number, 4 the first Long, 5 the second, 6 a string; then a reference to it.
    const stream = bytes(
      HEADER,
      '75',
      '72', { utf: '[Ljava.lang.Object;' }, { i64: -8012369246846506644n }, '02', { i16: 0 }, '78', '70',
      { i32: 2 },
      '73', LONG_DESC, { i64: 1n },
      '73', '71', { i32: 0x7e0002 }, { i64: -2n },
      '74', { utf: 'same' },
      '71', { i32: 0x7e0006 },
    );
    const r = new ObjectReader(stream);
    const arr = r.readObject();
    expect(isArray(arr)).toBe(true);
    if (!isArray(arr)) return;
    expect(arr.values.map((x) => javaToString(x))).toEqual(['1', '-2']);
    expect(obj(arr.values[1]).desc).toBe(obj(arr.values[0]).desc);
    expect(r.readObject()).toBe('same');
    expect(r.readObject()).toBe('same');
  });

  it('reads primitives from top-level block data across blocks, as ObjectInputStream.readLong does', () => {
    // A JRMP return header: byte, int, long, short, split over two blocks; then an object.
    const r = new ObjectReader(bytes(HEADER, '77', 5, '01', { i32: 7 }, '77', 10, { i64: 9n }, { i16: -1 }, '70'));
    expect(r.readByte()).toBe(1);
    expect(r.readInt()).toBe(7);
    expect(r.readLong()).toBe(9n);
    expect(r.readShort()).toBe(-1);
    expect(r.readObject()).toBeNull();
  });

  it("keeps a writeObject class's block data and objects (HashSet: capacity, load factor, size, then the elements)", () => {
    const hashSet = bytes('72', { utf: 'java.util.HashSet' }, { i64: -5024744406713321676n }, '03', { i16: 0 }, '78', '70');
    const r = new ObjectReader(bytes(HEADER, '73', hashSet, '77', 12, { i32: 16 }, '3f400000', { i32: 2 }, '74', { utf: 'a' }, '74', { utf: 'b' }, '78'));
    const set = r.readObject();
    expect(readCollection(set)).toEqual(['a', 'b']);
    const data = classDataOf(obj(set), 'java.util.HashSet');
    const br = new BlockReader(data?.annotations ?? []);
    expect([br.i32(), br.f32(), br.i32()]).toEqual([16, 0.75, 2]);
  });

  it('reads an ObjectName in its JMX 1.2 form: no fields, the name written by writeObject', () => {
    const on = bytes('72', { utf: 'javax.management.ObjectName' }, { i64: 1081892073854801359n }, '03', { i16: 0 }, '78', '70');
    const r = new ObjectReader(bytes(HEADER, '73', on, '74', { utf: 'kafka.server:type=app-info,id=1' }, '78'));
    expect(readObjectName(r.readObject())).toBe('kafka.server:type=app-info,id=1');
  });

  it('reads enums, Class objects, primitive arrays and long strings', () => {
    const timeUnit = bytes('72', { utf: 'java.util.concurrent.TimeUnit' }, { i64: 0n }, '12', { i16: 0 }, '78', '72', { utf: 'java.lang.Enum' }, { i64: 0n }, '12', { i16: 0 }, '78', '70');
    const long = 'x'.repeat(70000);
    const r = new ObjectReader(
      bytes(
        HEADER,
        '7e', timeUnit, '74', { utf: 'SECONDS' },
        '75', '72', { utf: '[J' }, { i64: 8655923659555304851n }, '02', { i16: 0 }, '78', '70', { i32: 2 }, { i64: 5n }, { i64: -6n },
        '76', '72', { utf: 'java.lang.String' }, { i64: -6849794470754667710n }, '02', { i16: 0 }, '78', '70',
        '7c', { i64: 70000n }, Buffer.from(long),
      ),
    );
    expect(javaToString(r.readObject())).toBe('SECONDS');
    const arr = r.readObject();
    expect(isArray(arr) && arr.values).toEqual([5n, -6n]);
    expect(javaToString(arr)).toBe('[J@');
    expect(javaToJson(arr)).toEqual([5, -6]);
    expect(javaToString(r.readObject())).toBe('class java.lang.String');
    expect(r.readObject()).toBe(long);
  });

  it('reads a dynamic proxy class descriptor (TC_PROXYCLASSDESC) with its interfaces', () => {
    const proxyDesc = bytes('7d', { i32: 1 }, { utf: 'javax.management.remote.rmi.RMIServer' }, '70', '78',
      '72', { utf: 'java.lang.reflect.Proxy' }, { i64: -2222568056686623797n }, '02', { i16: 1 }, code('L'), { utf: 'h' }, '74', { utf: 'Ljava/lang/reflect/InvocationHandler;' }, '78', '70');
    const r = new ObjectReader(bytes(HEADER, '73', proxyDesc, '70'));
    const v = obj(r.readObject());
    expect(v.desc.proxyInterfaces).toEqual(['javax.management.remote.rmi.RMIServer']);
    expect(fieldOf(v, 'h')).toBeNull();
  });

  it('asks for more bytes at every cut of a message, and reads it whole at the end', () => {
    const full = bytes(HEADER, '77', 1, '01', '73', LONG_DESC, { i64: 42n });
    for (let cut = 4; cut < full.length; cut++) {
      expect(() => {
        const r = new ObjectReader(full.subarray(0, cut));
        r.readByte();
        r.readObject();
      }, `cut at ${cut}`).toThrow(NeedMoreData);
    }
    const r = new ObjectReader(full);
    r.readByte();
    expect(javaToString(r.readObject())).toBe('42');
    expect(r.position).toBe(full.length);
  });

  it('refuses what it cannot follow, with SerializationError rather than a crash', () => {
    expect(() => new ObjectReader(bytes('cafe babe'))).toThrow(SerializationError);
    expect(() => new ObjectReader(bytes(HEADER, '6f')).readObject()).toThrow(/unknown type code 0x6f/);
    expect(() => new ObjectReader(bytes(HEADER, '71', { i32: 0x7e0005 })).readObject()).toThrow(/bad handle/);
    const ext = bytes('72', { utf: 'Ext' }, { i64: 1n }, '04', { i16: 0 }, '78', '70');
    expect(() => new ObjectReader(bytes(HEADER, '73', ext, '00')).readObject()).toThrow(/protocol version 1/);
    expect(() => new ObjectReader(bytes(HEADER, '72', { utf: 'X' }, { i64: 1n }, '02', { i16: 1 }, code('Q'), { utf: 'f' })).readObject()).toThrow(/unknown type code "Q"/);
  });
});

describe('modified UTF-8', () => {
  it('encodes NUL as C0 80 and a supplementary character as two 3-byte surrogates, and reads them back', () => {
    const s = 'a\u0000é€😀';
    const b = encodeModifiedUtf8(s);
    expect(b.toString('hex')).toBe('61' + 'c080' + 'c3a9' + 'e282ac' + 'eda0bd' + 'edb880');
    expect(decodeModifiedUtf8(b)).toBe(s);
    expect(() => decodeModifiedUtf8(Buffer.from([0xc3]))).toThrow(SerializationError);
  });
});

describe('ObjectWriter', () => {
  it('writes an ObjectName as ObjectName.writeObject does, with RMI\'s null codebase annotation', () => {
    const w = new ObjectWriter();
    writeObjectName(w, 'kafka.server:type=app-info,*');
    expect(w.toBuffer().toString('hex')).toBe(
      bytes(HEADER, '73', '72', { utf: 'javax.management.ObjectName' }, { i64: 1081892073854801359n }, '03', { i16: 0 }, '70', '78', '70', '74', { utf: 'kafka.server:type=app-info,*' }, '78').toString('hex'),
    );
  });

  it('writes String[] and block data before objects (the JRMP call header), and reuses descriptors by handle', () => {
    const w = new ObjectWriter();
    w.writeLong(2n);
    w.writeInt(-1);
    writeStringArray(w, ['a', 'b']);
    writeStringArray(w, ['a']);
    w.writeObject(null);
    expect(w.toBuffer().toString('hex')).toBe(
      bytes(
        HEADER, '77', 12, { i64: 2n }, { i32: -1 },
        '75', '72', { utf: '[Ljava.lang.String;' }, { i64: -5921575005990323385n }, '02', { i16: 0 }, '70', '78', '70', { i32: 2 }, '74', { utf: 'a' }, '74', { utf: 'b' },
        // handles: 0 the class, 1 the array, 2 "a", 3 "b"; the second array reuses 0 and 2
        '75', '71', { i32: 0x7e0000 }, { i32: 1 }, '71', { i32: 0x7e0002 },
        '70',
      ).toString('hex'),
    );
  });

  it('splits block data as Java does: at most 1024 bytes a block, TC_BLOCKDATALONG above 255', () => {
    const w = new ObjectWriter(false);
    for (let i = 0; i < 1030; i++) w.writeByte(i);
    const b = w.toBuffer();
    expect(b.subarray(4, 9).toString('hex')).toBe('7a00000400');
    expect(b.subarray(9 + 1024, 9 + 1026).toString('hex')).toBe('7706');
    expect(b.length).toBe(4 + 5 + 1024 + 2 + 6);
  });

  it('round-trips through the reader: objects with fields and writeObject data', () => {
    const w = new ObjectWriter();
    w.writeObject({
      kind: 'write-object',
      cls: { name: 'p.Child', suid: 7n, flags: 0x03, fields: [{ type: 'I', name: 'n' }, { type: 'L', name: 's', className: 'Ljava/lang/String;' }], superClass: { name: 'p.Base', suid: 8n, flags: 0x02, fields: [{ type: 'D', name: 'd' }] } },
      fields: { 'p.Base': { d: 0.5 }, 'p.Child': { n: -3, s: 'x' } },
      extra: { 'p.Child': (x) => x.writeObject('extra') },
    });
    const r = new ObjectReader(w.toBuffer());
    const v = obj(r.readObject());
    expect(v.classData.map((d) => [d.desc.name, Object.fromEntries(d.fields)])).toEqual([
      ['p.Base', { d: 0.5 }],
      ['p.Child', { n: -3, s: 'x' }],
    ]);
    expect(new BlockReader(classDataOf(v, 'p.Child')?.annotations ?? []).objects()).toEqual(['extra']);
  });
});

describe("attribute values as Kafka prints them (String.valueOf)", () => {
  const boxed = (cls: string, suid: bigint, type: string, value: Buffer): Buffer => bytes(HEADER, '73', '72', { utf: cls }, { i64: suid }, '02', { i16: 1 }, code(type), { utf: 'value' }, '78', NUMBER_DESC, value);
  const read = (b: Buffer): unknown => new ObjectReader(b).readObject();

  it("Double as Double.toString, Float as Float.toString, Integer, Boolean", () => {
    const dbl = (x: number): Buffer => {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(x);
      return boxed('java.lang.Double', -9172774392245257468n, 'D', b);
    };
    expect(javaToString(read(dbl(0)) as never)).toBe('0.0');
    expect(javaToString(read(dbl(12.5)) as never)).toBe('12.5');
    expect(javaToString(read(dbl(1.5e-5)) as never)).toBe('1.5E-5');
    expect(javaToString(read(dbl(123456789)) as never)).toBe('1.23456789E8');
    expect(javaToString(read(dbl(Number.NaN)) as never)).toBe('NaN');
    expect(javaToJson(read(dbl(Number.NaN)) as never)).toBe('NaN');
    const f = Buffer.alloc(4);
    f.writeFloatBE(0.1);
    expect(javaToString(read(boxed('java.lang.Float', -2671257302660747028n, 'F', f)) as never)).toBe('0.1');
    expect(javaFloat(1e10)).toBe('1.0E10');
    expect(javaToString(read(boxed('java.lang.Integer', 1360826667806852920n, 'I', bytes({ i32: -7 }))) as never)).toBe('-7');
    const bool = bytes(HEADER, '73', '72', { utf: 'java.lang.Boolean' }, { i64: -3665804199014368530n }, '02', { i16: 1 }, code('Z'), { utf: 'value' }, '78', '70', '01');
    expect(javaToString(read(bool) as never)).toBe('true');
    expect(javaToJson(read(bool) as never)).toBe(true);
  });

  it('an unknown class prints as Object.toString without the identity hash; null as "null"', () => {
    const other = bytes(HEADER, '73', '72', { utf: 'com.example.Thing' }, { i64: 1n }, '02', { i16: 0 }, '78', '70');
    expect(javaToString(read(other) as never)).toBe('com.example.Thing@');
    expect(javaToString(null)).toBe('null');
  });
});
