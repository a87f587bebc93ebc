// javax.management.ObjectName's string form as its constructor checks it (same
// MalformedObjectNameException messages): "domain:key=value,key=value[,*]", with * and ? patterns
// in the domain and in values, quoted values with \\ \" \? \* \n escapes, and "*" in the property list.

export class MalformedObjectName extends Error {
  override readonly name = 'MalformedObjectName';
}

export interface ObjectName {
  readonly domain: string;
  /** Key properties in the order given. */
  readonly properties: ReadonlyArray<readonly [string, string]>;
  readonly propertyListPattern: boolean;
  readonly isPattern: boolean;
  /** ObjectName.toString(): the domain, the properties as given, then ",*" for a property list pattern. */
  readonly text: string;
  /** getCanonicalName(): properties sorted by key; what equals() compares. */
  readonly canonical: string;
}

function bad(msg: string): never {
  throw new MalformedObjectName(msg);
}

/** new ObjectName(s), or MalformedObjectName with Java's message. */
export function parseObjectName(name: string): ObjectName {
  if (name.length === 0) return { domain: '*', properties: [], propertyListPattern: true, isPattern: true, text: '*:*', canonical: '*:*' };
  const len = name.length;
  let index = 0;
  let domainPattern = false;
  let domainLength = -1;
  while (index < len) {
    const c = name.charAt(index);
    if (c === ':') {
      domainLength = index++;
      break;
    }
    if (c === '=') {
      // Java's check for an omitted ":": an "=" with no ":" after it.
      let i = ++index;
      while (i < len && name.charAt(i++) !== ':') if (i === len) bad('Domain part must be specified');
      continue;
    }
    if (c === '\n') bad("Invalid character '\\n' in domain name");
    if (c === '*' || c === '?') domainPattern = true;
    index++;
  }
  if (index === len) bad('Key properties cannot be empty');
  const domain = name.slice(0, domainLength);
  const props: Array<[string, string]> = [];
  const seen = new Set<string>();
  let listPattern = false;
  let valuePattern = false;
  while (index < len) {
    if (name.charAt(index) === '*') {
      if (listPattern) bad("Cannot have several '*' characters in pattern property list");
      listPattern = true;
      if (++index < len && name.charAt(index) !== ',') bad("Invalid character found after '*': end of name or ',' expected");
      if (index === len) break;
      index++;
      continue;
    }
    let i = index;
    const keyStart = i;
    if (name.charAt(i) === '=') bad('Invalid key (empty)');
    let c1 = '';
    while (i < len && (c1 = name.charAt(i++)) !== '=') {
      if (c1 === '*' || c1 === '?' || c1 === ',' || c1 === ':' || c1 === '\n') bad(`Invalid character '${c1 === '\n' ? '\\n' : c1}' in key part of property`);
    }
    if (name.charAt(i - 1) !== '=') bad('Unterminated key property part');
    const valueStart = i;
    const key = name.slice(keyStart, valueStart - 1);
    let quoted = false;
    if (i < len && name.charAt(i) === '"') {
      quoted = true;
      while (++i < len && (c1 = name.charAt(i)) !== '"') {
        if (c1 === '\\') {
          if (++i === len) bad('Unterminated quoted value');
          c1 = name.charAt(i);
          if (!['\\', '"', '?', '*', 'n'].includes(c1)) bad(`Invalid escape sequence '\\${c1}' in quoted value`);
        } else if (c1 === '\n') bad('Newline in quoted value');
        else if (c1 === '?' || c1 === '*') valuePattern = true;
      }
      if (i === len) bad('Unterminated quoted value');
      i++;
    } else {
      while (i < len && (c1 = name.charAt(i)) !== ',') {
        if (c1 === '*' || c1 === '?') valuePattern = true;
        else if (c1 === '=' || c1 === ':' || c1 === '"' || c1 === '\n') bad(`Invalid character '${c1 === '\n' ? '\\n' : c1}' in value part of property`);
        i++;
      }
    }
    const value = name.slice(valueStart, i);
    if (i === len - 1) bad(quoted ? `Invalid ending character \`${name.charAt(i)}'` : 'Invalid ending comma');
    i++;
    if (seen.has(key)) bad(`key \`${key}' already defined`);
    seen.add(key);
    props.push([key, value]);
    index = i;
  }
  const list = props.map(([k, v]) => `${k}=${v}`).join(',');
  const sorted = [...props].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(',');
  const suffix = listPattern ? (props.length === 0 ? '*' : ',*') : '';
  return {
    domain,
    properties: props,
    propertyListPattern: listPattern,
    isPattern: domainPattern || listPattern || valuePattern,
    text: `${domain}:${list}${suffix}`,
    canonical: `${domain}:${sorted}${suffix}`,
  };
}

/** The canonical form of a name the server returned (always a valid, non-pattern name). */
export function canonicalName(name: string): string {
  try {
    return parseObjectName(name).canonical;
  } catch {
    return name;
  }
}
