// The broker's view of Kafka's inline JAAS configuration: which text applies to a listener and
// mechanism, and what the entries mean (PLAIN users, a module's options). The parser is
// protocol/sasl/jaas.ts, shared with the clients' sasl.jaas.config.

import type { JaasEntry } from '../../protocol/sasl/jaas.js';

export { parseJaasConfig, type JaasEntry } from '../../protocol/sasl/jaas.js';

export const PLAIN_LOGIN_MODULE = 'org.apache.kafka.common.security.plain.PlainLoginModule';
export const SCRAM_LOGIN_MODULE = 'org.apache.kafka.common.security.scram.ScramLoginModule';
export const OAUTHBEARER_LOGIN_MODULE = 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule';

/**
 * The JAAS text for `mechanism` on `listenerName`: `listener.name.<listener>.<mechanism>.sasl.jaas.config`
 * (names lower-cased, as Kafka prefixes them), else the broker-wide `sasl.jaas.config`.
 */
export function jaasConfigText(raw: Readonly<Record<string, string>>, listenerName: string, mechanism: string): string | undefined {
  const wanted = `listener.name.${listenerName.toLowerCase()}.${mechanism.toLowerCase()}.sasl.jaas.config`;
  for (const [k, v] of Object.entries(raw)) if (k.toLowerCase() === wanted) return v;
  return raw['sasl.jaas.config'];
}

/** The options of the first entry of `loginModule` (Kafka's JaasContext.configEntryOption). */
export function moduleOptions(entries: readonly JaasEntry[], loginModule: string): Readonly<Record<string, string>> | undefined {
  return entries.find((e) => e.loginModule === loginModule)?.options;
}

/** PLAIN users: the `user_<name>="<password>"` options of PlainLoginModule entries. */
export function plainUsers(entries: readonly JaasEntry[]): Map<string, string> {
  const users = new Map<string, string>();
  for (const e of entries) {
    if (e.loginModule !== PLAIN_LOGIN_MODULE) continue;
    for (const [k, v] of Object.entries(e.options)) if (k.startsWith('user_') && !users.has(k.slice(5))) users.set(k.slice(5), v);
  }
  return users;
}
