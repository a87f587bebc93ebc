// Java Object Serialization (the stream protocol of the Java Object Serialization Specification,
// chapter 6), as much as a JMX client over RMI needs: a reader that turns any stream into a generic
// object graph (class descriptors, field values, and the block data and objects a class's
// writeObject added), and a writer for the few things the client sends (strings, String[], null,
// objects with primitive fields and writeObject data). The reader never needs to know a class: what
// it cannot interpret (an Externalizable class written without block data) is an error, never a crash.

export const STREAM_MAGIC = 0xaced;
export const STREAM_VERSION = 5;

export const TC = {
  NULL: 0x70,
  REFERENCE: 0x71,
  CLASSDESC: 0x72,
  OBJECT: 0x73,
  STRING: 0x74,
  ARRAY: 0x75,
  CLASS: 0x76,
  BLOCKDATA: 0x77,
  ENDBLOCKDATA: 0x78,
  RESET: 0x79,
  BLOCKDATALONG: 0x7a,
  EXCEPTION: 0x7b,
  LONGSTRING: 0x7c,
  PROXYCLASSDESC: 0x7d,
  ENUM: 0x7e,
} as const;

export const BASE_WIRE_HANDLE = 0x7e0000;

export const SC = { WRITE_METHOD: 0x01, SERIALIZABLE: 0x02, EXTERNALIZABLE: 0x04, BLOCK_DATA: 0x08, ENUM: 0x10 } as const;

/** Reading ran past the bytes received so far: the caller waits for more and parses again. */
export class NeedMoreData extends Error {
  override readonly name = 'NeedMoreData';
}

/** The bytes are not a serialization stream this reader can follow. */
export class SerializationError extends Error {
  override readonly name = 'SerializationError';
}

export interface FieldDesc {
  /** The type code: B C D F I J S Z, or L (object) and [ (array). */
  readonly type: string;
  readonly name: string;
  /** For L and [: the field's type as a JVM signature (Ljava/lang/String;). */
  readonly className?: string;
}

export interface ClassDesc {
  readonly kind: 'class';
  readonly name: string;
  readonly suid: bigint;
  readonly flags: number;
  readonly fields: readonly FieldDesc[];
  readonly annotations: readonly Item[];
  readonly superDesc: ClassDesc | null;
  /** For a proxy class descriptor: its interfaces (name is then "$Proxy"). */
  readonly proxyInterfaces?: readonly string[];
}

export type Primitive = number | bigint | boolean;

/** One class's part of an object: its serializable fields and what its writeObject wrote after them. */
export interface ClassData {
  readonly desc: ClassDesc;
  readonly fields: ReadonlyMap<string, FieldValue>;
  /** Block data (Buffer, possibly several chunks) and objects, in stream order, up to TC_ENDBLOCKDATA. */
  readonly annotations: readonly Item[];
}

export interface JavaObject {
  readonly kind: 'object';
  readonly desc: ClassDesc;
  /** From the topmost serializable superclass down to the object's class. */
  readonly classData: ClassData[];
}

export interface JavaArray {
  readonly kind: 'array';
  readonly desc: ClassDesc;
  readonly values: FieldValue[];
}

export interface JavaEnum {
  readonly kind: 'enum';
  readonly desc: ClassDesc;
  readonly constant: string;
}

export interface JavaClass {
  readonly kind: 'classref';
  readonly desc: ClassDesc;
}

/** What readObject returns: null, a String, or one of the generic forms. */
export type JavaValue = null | string | JavaObject | JavaArray | JavaEnum | JavaClass | ClassDesc;
export type FieldValue = JavaValue | Primitive;
/** An element of a class's annotations: a chunk of block data, or an object. */
export type Item = Buffer | JavaValue;

/** Java's modified UTF-8 (DataInput.readUTF): UTF-16 code units, U+0000 as C0 80, supplementary characters as two 3-byte surrogates. */
export function decodeModifiedUtf8(b: Buffer): string {
  let out = '';
  let i = 0;
  const units: number[] = [];
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      units.push(c);
      i += 1;
    } else if ((c & 0xe0) === 0xc0) {
      const c2 = b[i + 1];
      if (c2 === undefined || (c2 & 0xc0) !== 0x80) throw new SerializationError(`malformed modified UTF-8 at byte ${i}`);
      units.push(((c & 0x1f) << 6) | (c2 & 0x3f));
      i += 2;
    } else if ((c & 0xf0) === 0xe0) {
      const c2 = b[i + 1];
      const c3 = b[i + 2];
      if (c2 === undefined || c3 === undefined || (c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) throw new SerializationError(`malformed modified UTF-8 at byte ${i}`);
      units.push(((c & 0x0f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f));
      i += 3;
    } else {
      throw new SerializationError(`malformed modified UTF-8 at byte ${i}`);
    }
    if (units.length >= 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

export function encodeModifiedUtf8(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0x01 && u <= 0x7f) bytes.push(u);
    else if (u <= 0x7ff) bytes.push(0xc0 | (u >> 6), 0x80 | (u & 0x3f));
    else bytes.push(0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f));
  }
  return Buffer.from(bytes);
}

/** A cursor over bytes that throws NeedMoreData at the end (the caller may be parsing a partial message). */
export class ByteCursor {
  pos: number;
  readonly buf: Buffer;
  constructor(buf: Buffer, start = 0) {
    this.buf = buf;
    this.pos = start;
  }
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new NeedMoreData(`need ${n} bytes at ${this.pos}, have ${this.buf.length - this.pos}`);
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }
  peek(): number {
    this.need(1);
    return this.buf[this.pos] as number;
  }
  i8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  f32(): number {
    this.need(4);
    const v = this.buf.readFloatBE(this.pos);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  utf(): string {
    return decodeModifiedUtf8(this.bytes(this.u16()));
  }
}

/** Primitives read out of annotation items (block data chunks), as DataInput reads them; objects in between are returned by `object()`. */
export class BlockReader {
  private item = 0;
  private offset = 0;
  private readonly items: readonly Item[];
  constructor(items: readonly Item[]) {
    this.items = items;
  }

  private take(n: number): Buffer {
    const parts: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const it = this.items[this.item];
      if (!Buffer.isBuffer(it)) throw new SerializationError(`expected ${n} bytes of block data, found ${it === undefined ? 'the end' : 'an object'}`);
      const chunk = it.subarray(this.offset, this.offset + left);
      parts.push(chunk);
      left -= chunk.length;
      this.offset += chunk.length;
      if (this.offset >= it.length) {
        this.item++;
        this.offset = 0;
      }
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }
  u8(): number {
    return this.take(1).readUInt8(0);
  }
  bool(): boolean {
    return this.u8() !== 0;
  }
  i16(): number {
    return this.take(2).readInt16BE(0);
  }
  i32(): number {
    return this.take(4).readInt32BE(0);
  }
  i64(): bigint {
    return this.take(8).readBigInt64BE(0);
  }
  f32(): number {
    return this.take(4).readFloatBE(0);
  }
  utf(): string {
    return decodeModifiedUtf8(this.take(this.take(2).readUInt16BE(0)));
  }
  object(): JavaValue {
    const it = this.items[this.item];
    if (it === undefined || Buffer.isBuffer(it)) throw new SerializationError(`expected an object, found ${it === undefined ? 'the end' : 'block data'}`);
    this.item++;
    this.offset = 0;
    return it;
  }
  /** The objects left (skipping block data): a collection's elements after its size fields. */
  objects(): JavaValue[] {
    const out: JavaValue[] = [];
    for (; this.item < this.items.length; this.item++) {
      const it = this.items[this.item] as Item;
      if (!Buffer.isBuffer(it)) out.push(it);
    }
    return out;
  }
}

/**
 * An ObjectInputStream over one message: `readXxx` read primitives from the top level's block data,
 * `readObject` the next object. Handles are per stream, as Java's are.
 */
export class ObjectReader {
  private readonly c: ByteCursor;
  private readonly handles: unknown[] = [];
  private block: Buffer = Buffer.alloc(0);
  private blockPos = 0;

  constructor(buf: Buffer, start = 0) {
    this.c = new ByteCursor(buf, start);
    const magic = this.c.u16();
    const version = this.c.u16();
    if (magic !== STREAM_MAGIC || version !== STREAM_VERSION) throw new SerializationError(`not a Java serialization stream (header ${magic.toString(16)} ${version})`);
  }

  /** Where the cursor is: after a whole message, its end. */
  get position(): number {
    return this.c.pos;
  }

  private nextBlock(): void {
    for (;;) {
      const tc = this.c.u8();
      if (tc === TC.RESET) {
        this.handles.length = 0;
        continue;
      }
      if (tc === TC.BLOCKDATA) this.block = this.c.bytes(this.c.u8());
      else if (tc === TC.BLOCKDATALONG) this.block = this.c.bytes(this.c.i32());
      else throw new SerializationError(`expected block data, found type code 0x${tc.toString(16)}`);
      this.blockPos = 0;
      return;
    }
  }

  private topBytes(n: number): Buffer {
    const parts: Buffer[] = [];
    let left = n;
    while (left > 0) {
      if (this.blockPos >= this.block.length) this.nextBlock();
      const chunk = this.block.subarray(this.blockPos, this.blockPos + left);
      this.blockPos += chunk.length;
      left -= chunk.length;
      parts.push(chunk);
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }
  readByte(): number {
    return this.topBytes(1).readInt8(0);
  }
  readShort(): number {
    return this.topBytes(2).readInt16BE(0);
  }
  readInt(): number {
    return this.topBytes(4).readInt32BE(0);
  }
  readLong(): bigint {
    return this.topBytes(8).readBigInt64BE(0);
  }

  readObject(): JavaValue {
    if (this.blockPos < this.block.length) throw new SerializationError('readObject with unread block data');
    return this.content(false) as JavaValue;
  }

  private newHandle(v: unknown): number {
    this.handles.push(v);
    return this.handles.length - 1;
  }

  /** One content element. In an annotation (`allowBlock`), block data comes back as a Buffer. */
  private content(allowBlock: boolean): Item {
    const tc = this.c.u8();
    switch (tc) {
      case TC.NULL:
        return null;
      case TC.REFERENCE: {
        const h = this.c.i32() - BASE_WIRE_HANDLE;
        if (h < 0 || h >= this.handles.length) throw new SerializationError(`bad handle 0x${(h + BASE_WIRE_HANDLE).toString(16)}`);
        const v = this.handles[h];
        if (v === undefined) throw new SerializationError('reference to an object still being read');
        return v as JavaValue;
      }
      case TC.STRING: {
        const s = decodeModifiedUtf8(this.c.bytes(this.c.u16()));
        this.newHandle(s);
        return s;
      }
      case TC.LONGSTRING: {
        const len = this.c.i64();
        if (len > BigInt(this.c.buf.length)) throw new NeedMoreData('long string');
        const s = decodeModifiedUtf8(this.c.bytes(Number(len)));
        this.newHandle(s);
        return s;
      }
      case TC.CLASSDESC:
      case TC.PROXYCLASSDESC:
        this.c.pos--;
        return this.classDesc();
      case TC.CLASS: {
        const desc = this.classDesc();
        const v: JavaClass = { kind: 'classref', desc: desc as ClassDesc };
        this.newHandle(v);
        return v;
      }
      case TC.ENUM: {
        const desc = this.classDesc() as ClassDesc;
        const h = this.newHandle(undefined);
        const name = this.content(false);
        if (typeof name !== 'string') throw new SerializationError('enum constant name is not a string');
        const v: JavaEnum = { kind: 'enum', desc, constant: name };
        this.handles[h] = v;
        return v;
      }
      case TC.ARRAY: {
        const desc = this.classDesc();
        if (desc === null) throw new SerializationError('array without a class');
        const len = this.c.i32();
        if (len < 0 || len > this.c.buf.length) throw new SerializationError(`bad array length ${len}`);
        const values: FieldValue[] = [];
        const v: JavaArray = { kind: 'array', desc, values };
        this.newHandle(v);
        const type = desc.name.charAt(1);
        for (let i = 0; i < len; i++) values.push(this.fieldValue(type));
        return v;
      }
      case TC.OBJECT:
        return this.object();
      case TC.EXCEPTION: {
        this.handles.length = 0;
        const thrown = this.content(false);
        this.handles.length = 0;
        throw new SerializationError(`the stream carries an exception thrown while writing it: ${describe(thrown)}`);
      }
      case TC.BLOCKDATA:
        if (!allowBlock) throw new SerializationError('unexpected block data');
        return Buffer.from(this.c.bytes(this.c.u8()));
      case TC.BLOCKDATALONG:
        if (!allowBlock) throw new SerializationError('unexpected block data');
        return Buffer.from(this.c.bytes(this.c.i32()));
      case TC.RESET:
        this.handles.length = 0;
        return this.content(allowBlock);
      default:
        throw new SerializationError(`unknown type code 0x${tc.toString(16)} at byte ${this.c.pos - 1}`);
    }
  }

  private classDesc(): ClassDesc | null {
    const tc = this.c.u8();
    if (tc === TC.NULL) return null;
    if (tc === TC.REFERENCE) {
      this.c.pos--;
      const v = this.content(false);
      if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v) && v.kind === 'class') return v;
      throw new SerializationError('class descriptor reference to something else');
    }
    if (tc === TC.CLASSDESC) {
      const name = this.c.utf();
      const suid = this.c.i64();
      const h = this.newHandle(undefined);
      const flags = this.c.u8();
      const n = this.c.i16();
      const fields: FieldDesc[] = [];
      for (let i = 0; i < n; i++) {
        const type = String.fromCharCode(this.c.u8());
        const fname = this.c.utf();
        if (type === 'L' || type === '[') {
          const cn = this.content(false);
          if (typeof cn !== 'string') throw new SerializationError(`field ${fname}: class name is not a string`);
          fields.push({ type, name: fname, className: cn });
        } else if ('BCDFIJSZ'.includes(type)) {
          fields.push({ type, name: fname });
        } else {
          throw new SerializationError(`field ${fname}: unknown type code ${JSON.stringify(type)}`);
        }
      }
      const partial = { kind: 'class' as const, name, suid, flags, fields, annotations: [] as Item[], superDesc: null as ClassDesc | null };
      this.handles[h] = partial;
      partial.annotations.push(...this.annotations());
      partial.superDesc = this.classDesc();
      return partial;
    }
    if (tc === TC.PROXYCLASSDESC) {
      const h = this.newHandle(undefined);
      const count = this.c.i32();
      if (count < 0 || count > 65535) throw new SerializationError(`bad proxy interface count ${count}`);
      const interfaces: string[] = [];
      for (let i = 0; i < count; i++) interfaces.push(this.c.utf());
      const partial = { kind: 'class' as const, name: '$Proxy', suid: 0n, flags: SC.SERIALIZABLE, fields: [] as FieldDesc[], annotations: [] as Item[], superDesc: null as ClassDesc | null, proxyInterfaces: interfaces };
      this.handles[h] = partial;
      partial.annotations.push(...this.annotations());
      partial.superDesc = this.classDesc();
      return partial;
    }
    throw new SerializationError(`expected a class descriptor, found type code 0x${tc.toString(16)}`);
  }

  private annotations(): Item[] {
    const items: Item[] = [];
    for (;;) {
      if (this.c.peek() === TC.ENDBLOCKDATA) {
        this.c.pos++;
        return items;
      }
      items.push(this.content(true));
    }
  }

  private object(): JavaObject {
    const desc = this.classDesc();
    if (desc === null) throw new SerializationError('object without a class');
    const classData: ClassData[] = [];
    const obj: JavaObject = { kind: 'object', desc, classData };
    this.newHandle(obj);
    const chain: ClassDesc[] = [];
    for (let d: ClassDesc | null = desc; d !== null; d = d.superDesc) chain.unshift(d);
    for (const d of chain) {
      if ((d.flags & SC.EXTERNALIZABLE) !== 0) {
        if ((d.flags & SC.BLOCK_DATA) === 0) throw new SerializationError(`cannot read ${d.name}: Externalizable written in protocol version 1`);
        classData.push({ desc: d, fields: new Map(), annotations: this.annotations() });
        continue;
      }
      const fields = new Map<string, FieldValue>();
      for (const f of d.fields) fields.set(f.name, this.fieldValue(f.type));
      const annotations = (d.flags & SC.WRITE_METHOD) !== 0 ? this.annotations() : [];
      classData.push({ desc: d, fields, annotations });
    }
    return obj;
  }

  private fieldValue(type: string): FieldValue {
    switch (type) {
      case 'B':
        return this.c.i8();
      case 'C':
        return this.c.u16();
      case 'D':
        return this.c.f64();
      case 'F':
        return this.c.f32();
      case 'I':
        return this.c.i32();
      case 'J':
        return this.c.i64();
      case 'S':
        return this.c.i16();
      case 'Z':
        return this.c.u8() !== 0;
      case 'L':
      case '[':
        return this.content(false) as JavaValue;
      default:
        throw new SerializationError(`unknown field type ${JSON.stringify(type)}`);
    }
  }
}

function describe(v: Item): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Buffer.isBuffer(v)) return `${v.length} bytes`;
  return v.kind === 'class' ? v.name : v.desc.name;
}

// --- reading helpers over the generic graph ---

/** The class data of `className` in `obj`'s chain (its own class or a superclass). */
export function classDataOf(obj: JavaObject, className: string): ClassData | undefined {
  return obj.classData.find((d) => d.desc.name === className);
}

/** A field by name from the nearest class in the chain that declares it (the object's own class first). */
export function fieldOf(obj: JavaObject, name: string): FieldValue | undefined {
  for (let i = obj.classData.length - 1; i >= 0; i--) {
    const d = obj.classData[i] as ClassData;
    if (d.fields.has(name)) return d.fields.get(name);
  }
  return undefined;
}

export function isObject(v: unknown): v is JavaObject {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && (v as { kind?: string }).kind === 'object';
}

export function isArray(v: unknown): v is JavaArray {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && (v as { kind?: string }).kind === 'array';
}

/** Is `obj` an instance of `className` (that class or a subclass)? */
export function instanceOf(obj: JavaObject, className: string): boolean {
  for (let d: ClassDesc | null = obj.desc; d !== null; d = d.superDesc) if (d.name === className) return true;
  return false;
}

// --- writing ---

/** A class to write: its descriptor's parts. Fields are written in the order given (Java sorts primitives first, then objects, each by name). */
export interface WriteClass {
  readonly name: string;
  readonly suid: bigint;
  readonly flags: number;
  readonly fields?: readonly FieldDesc[];
  readonly superClass?: WriteClass;
}

/** An object to write: per class in its chain (topmost first), field values and what its writeObject writes after them. */
export interface WriteObject {
  readonly kind: 'write-object';
  readonly cls: WriteClass;
  /** Field values by class name, then field name. */
  readonly fields?: Readonly<Record<string, Readonly<Record<string, FieldValueOut>>>>;
  /** writeObject's extra data by class name (each written after that class's fields, then TC_ENDBLOCKDATA). */
  readonly extra?: Readonly<Record<string, (w: ObjectWriter) => void>>;
}

export interface WriteArray {
  readonly kind: 'write-array';
  readonly cls: WriteClass;
  readonly values: readonly FieldValueOut[];
}

export type ValueOut = null | string | WriteObject | WriteArray;
export type FieldValueOut = ValueOut | number | bigint | boolean;

/**
 * An ObjectOutputStream: primitives go into block data (flushed before each object, at most 1024
 * bytes a block as Java's), objects as content. Every class descriptor carries the annotation an
 * RMI MarshalOutputStream writes (a null codebase), which RMI's MarshalInputStream reads back.
 */
export class ObjectWriter {
  private readonly out: Buffer[] = [];
  private block: number[] = [];
  private nextHandle = 0;
  private readonly classHandles = new Map<string, number>();
  private readonly stringHandles = new Map<string, number>();
  private readonly rmiAnnotations: boolean;

  constructor(rmiAnnotations = true) {
    this.rmiAnnotations = rmiAnnotations;
    const h = Buffer.alloc(4);
    h.writeUInt16BE(STREAM_MAGIC, 0);
    h.writeUInt16BE(STREAM_VERSION, 2);
    this.out.push(h);
  }

  private raw(b: Buffer | readonly number[]): void {
    this.out.push(Buffer.isBuffer(b) ? b : Buffer.from(b));
  }

  private flushBlock(): void {
    for (let i = 0; i < this.block.length; i += 1024) {
      const chunk = this.block.slice(i, i + 1024);
      if (chunk.length <= 255) this.raw([TC.BLOCKDATA, chunk.length]);
      else {
        const h = Buffer.alloc(5);
        h[0] = TC.BLOCKDATALONG;
        h.writeInt32BE(chunk.length, 1);
        this.raw(h);
      }
      this.raw(chunk);
    }
    this.block = [];
  }

  writeByte(v: number): void {
    this.block.push(v & 0xff);
  }
  writeBoolean(v: boolean): void {
    this.writeByte(v ? 1 : 0);
  }
  writeShort(v: number): void {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.block.push(...b);
  }
  writeInt(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.block.push(...b);
  }
  writeLong(v: bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt.asIntN(64, v));
    this.block.push(...b);
  }
  writeUTF(s: string): void {
    const b = encodeModifiedUtf8(s);
    if (b.length > 65535) throw new SerializationError('string too long for writeUTF');
    this.writeShort(b.length);
    this.block.push(...b);
  }

  writeObject(v: ValueOut): void {
    this.flushBlock();
    this.value(v);
  }

  private value(v: ValueOut): void {
    if (v === null) return this.raw([TC.NULL]);
    if (typeof v === 'string') return this.string(v);
    if (v.kind === 'write-array') {
      this.raw([TC.ARRAY]);
      this.classDesc(v.cls);
      this.nextHandle++;
      const n = Buffer.alloc(4);
      n.writeInt32BE(v.values.length);
      this.raw(n);
      const type = v.cls.name.charAt(1);
      for (const x of v.values) this.fieldValue(type, x);
      return;
    }
    this.raw([TC.OBJECT]);
    this.classDesc(v.cls);
    this.nextHandle++;
    const chain: WriteClass[] = [];
    for (let c: WriteClass | undefined = v.cls; c !== undefined; c = c.superClass) chain.unshift(c);
    for (const c of chain) {
      const values = v.fields?.[c.name] ?? {};
      for (const f of c.fields ?? []) {
        const x = values[f.name];
        if (x === undefined) throw new SerializationError(`no value for ${c.name}.${f.name}`);
        this.fieldValue(f.type, x);
      }
      if ((c.flags & SC.WRITE_METHOD) !== 0) {
        v.extra?.[c.name]?.(this);
        this.flushBlock();
        this.raw([TC.ENDBLOCKDATA]);
      }
    }
  }

  private string(s: string): void {
    const known = this.stringHandles.get(s);
    if (known !== undefined) return this.reference(known);
    const b = encodeModifiedUtf8(s);
    if (b.length <= 0xffff) {
      const h = Buffer.alloc(3);
      h[0] = TC.STRING;
      h.writeUInt16BE(b.length, 1);
      this.raw(h);
    } else {
      const h = Buffer.alloc(9);
      h[0] = TC.LONGSTRING;
      h.writeBigInt64BE(BigInt(b.length), 1);
      this.raw(h);
    }
    this.raw(b);
    this.stringHandles.set(s, this.nextHandle++);
  }

  private reference(handle: number): void {
    const b = Buffer.alloc(5);
    b[0] = TC.REFERENCE;
    b.writeInt32BE(BASE_WIRE_HANDLE + handle, 1);
    this.raw(b);
  }

  private classDesc(c: WriteClass | undefined): void {
    if (c === undefined) return this.raw([TC.NULL]);
    const known = this.classHandles.get(c.name);
    if (known !== undefined) return this.reference(known);
    const name = encodeModifiedUtf8(c.name);
    const head = Buffer.alloc(1 + 2 + name.length + 8 + 1 + 2);
    let p = head.writeUInt8(TC.CLASSDESC, 0);
    p = head.writeUInt16BE(name.length, p);
    p += name.copy(head, p);
    p = head.writeBigInt64BE(BigInt.asIntN(64, c.suid), p);
    p = head.writeUInt8(c.flags, p);
    head.writeInt16BE(c.fields?.length ?? 0, p);
    this.raw(head);
    this.classHandles.set(c.name, this.nextHandle++);
    for (const f of c.fields ?? []) {
      const fname = encodeModifiedUtf8(f.name);
      const fb = Buffer.alloc(3);
      fb[0] = f.type.charCodeAt(0);
      fb.writeUInt16BE(fname.length, 1);
      this.raw(fb);
      this.raw(fname);
      if (f.type === 'L' || f.type === '[') this.string(f.className ?? 'Ljava/lang/Object;');
    }
    if (this.rmiAnnotations) this.raw([TC.NULL]);
    this.raw([TC.ENDBLOCKDATA]);
    this.classDesc(c.superClass);
  }

  private fieldValue(type: string, x: FieldValueOut): void {
    const num = (): number => {
      if (typeof x !== 'number') throw new SerializationError(`field of type ${type} needs a number`);
      return x;
    };
    let b: Buffer;
    switch (type) {
      case 'B':
        b = Buffer.alloc(1);
        b.writeInt8(num());
        break;
      case 'C':
        b = Buffer.alloc(2);
        b.writeUInt16BE(num());
        break;
      case 'S':
        b = Buffer.alloc(2);
        b.writeInt16BE(num());
        break;
      case 'I':
        b = Buffer.alloc(4);
        b.writeInt32BE(num());
        break;
      case 'F':
        b = Buffer.alloc(4);
        b.writeFloatBE(num());
        break;
      case 'D':
        b = Buffer.alloc(8);
        b.writeDoubleBE(num());
        break;
      case 'J':
        b = Buffer.alloc(8);
        b.writeBigInt64BE(BigInt.asIntN(64, typeof x === 'bigint' ? x : BigInt(num())));
        break;
      case 'Z':
        b = Buffer.from([x === true ? 1 : 0]);
        break;
      default:
        if (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean') throw new SerializationError(`field of type ${type} needs an object`);
        this.value(x);
        return;
    }
    this.raw(b);
  }

  /** The stream so far, with any pending block data flushed. */
  toBuffer(): Buffer {
    this.flushBlock();
    return Buffer.concat(this.out);
  }
}
