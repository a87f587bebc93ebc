import { getProperties } from 'properties-file';

// Apart from command-config.ts so a tool reading a properties file does not load the security stack.

/** Parses Java .properties text (comments, `\` continuations, `=`/`:`/space separators, escapes). */
export function parsePropertiesText(text: string): Record<string, string> {
  return { ...getProperties(text) };
}
