/** The handful of styles tkafka uses. Identity functions when colour is off, so chalk loads only when needed. */
export interface Style {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const identity = (s: string): string => s;

export const plainStyle: Style = { red: identity, yellow: identity, green: identity, cyan: identity, bold: identity, dim: identity };

export async function loadStyle(color: boolean): Promise<Style> {
  if (!color) return plainStyle;
  const { Chalk } = await import('chalk');
  // Level 1 (16 colours) renders everywhere; the level is fixed so chalk's own env sniffing never overrides ours.
  const c = new Chalk({ level: 1 });
  return { red: c.red, yellow: c.yellow, green: c.green, cyan: c.cyan, bold: c.bold, dim: c.dim };
}
