// The field-list format of schemas.ts and schemas-newer.ts: n = JSON name, t = type, v = versions,
// tv = tagged versions, tag = the tagged field's tag, d = tagged default, nv = nullable versions,
// f = struct fields.

export interface FieldSchema {
  n: string;
  t: string;
  v: string;
  tv?: string;
  d?: string | number | boolean | null;
  nv?: string;
  /** A tagged field's tag (only schemas-newer.ts, read by schema-decode.ts, needs it). */
  tag?: number;
  f?: FieldSchema[];
}

export interface MessageSchema {
  flexible: string;
  fields: FieldSchema[];
}
