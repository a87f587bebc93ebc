// The broker's SASL mechanisms (Seam 2): which are enabled per listener, and one exchange per
// authentication that handlers 17 (SaslHandshake) and 36 (SaslAuthenticate) drive.
//
// Mechanisms: `listener.name.<l>.sasl.enabled.mechanisms`, else `sasl.enabled.mechanisms`. Kafka's
// default is GSSAPI, which we cannot serve; unset, we enable PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512
// (OAUTHBEARER only when named, since its default validator accepts unsigned tokens). A configured
// mechanism we do not implement (GSSAPI) is dropped with a log line, so SaslHandshake answers
// UNSUPPORTED_SASL_MECHANISM for it.
// - PLAIN checks `user_<name>` of the PlainLoginModule JAAS entry for the listener.
// - SCRAM-SHA-256/512 check the ScramStore (delegation tokens, `tokenauth=true`, are not supported).
// - OAUTHBEARER validates unsecured JWS (Kafka's default) or, with `sasl.oauthbearer.jwks.endpoint.url`,
//   signed JWTs against the JWKS.
// Failures whose text Kafka shows to the client throw SaslAuthenticationError; all others throw a
// plain error, which the connection answers with Kafka's generic "invalid credentials" text.
import { createHash, timingSafeEqual } from 'node:crypto';
import { SaslMechanismError } from '../../protocol/sasl/errors.js';
import { OAuthBearerServer, type OAuthBearerValidation } from '../../protocol/sasl/oauthbearer.js';
import { evaluatePlain } from '../../protocol/sasl/plain.js';
import { isScramMechanism, ScramServer } from '../../protocol/sasl/scram.js';
import { jaasConfigText, moduleOptions, OAUTHBEARER_LOGIN_MODULE, parseJaasConfig, plainUsers, type JaasEntry } from './jaas.js';
import { JwksValidator, unsecuredValidatorOptions, validateUnsecuredJws } from './oauth.js';
import type { ScramStore } from './scram-store.js';

/** A failed authentication; the message is what Kafka puts in error_message. */
export class SaslAuthenticationError extends Error {}

export interface SaslExchange {
  readonly mechanism: string;
  /** One client token in; the server's reply out. `done` with `principal` ('User:<name>') once authenticated;
   *  `lifetimeMs` (OAUTHBEARER token expiry, else undefined) caps session_lifetime_ms for KIP-368.
   *  Throws SaslAuthenticationError on bad credentials or a malformed token. */
  evaluate(token: Buffer): Promise<{ reply: Buffer; done: boolean; principal?: string; lifetimeMs?: number }>;
}

export interface SaslAuthenticator {
  /** `sasl.enabled.mechanisms` (or listener.name.<l>.sasl.enabled.mechanisms), e.g. ['PLAIN','SCRAM-SHA-512']. */
  enabledMechanisms(listenerName: string): readonly string[];
  /** A fresh exchange, or undefined for a mechanism not enabled on that listener. */
  begin(mechanism: string, listenerName: string): SaslExchange | undefined;
}

/** The mechanisms this broker implements. */
export const SUPPORTED_SASL_MECHANISMS: readonly string[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'];
/** What an unset `sasl.enabled.mechanisms` means here (Kafka's GSSAPI default is not available). */
export const DEFAULT_SASL_MECHANISMS: readonly string[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

/** A config key looked up case-insensitively (listener names are lower-cased in Kafka's prefixes). */
function lookup(raw: Readonly<Record<string, string>>, key: string): string | undefined {
  if (raw[key] !== undefined) return raw[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(raw)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** A listener-scoped SASL setting: listener.name.<l>.<mech>.<key>, listener.name.<l>.<key>, then <key>. */
function listenerSetting(raw: Readonly<Record<string, string>>, listenerName: string, mechanism: string, key: string): string | undefined {
  const l = listenerName.toLowerCase();
  return lookup(raw, `listener.name.${l}.${mechanism.toLowerCase()}.${key}`) ?? lookup(raw, `listener.name.${l}.${key}`) ?? raw[key];
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
/** Constant-time password check (hashing first makes the lengths equal). */
const samePassword = (given: string, expected: string): boolean => timingSafeEqual(sha256(given), sha256(expected));

/**
 * What the connection expects of a mechanism failure: SaslAuthenticationError for text Kafka shows
 * the client; anything else (logged here, the reason stays on the broker) gets the generic text.
 */
function failure(mechanism: string, err: unknown, log: (line: string) => void): Error {
  if (err instanceof SaslMechanismError && err.visible) return new SaslAuthenticationError(err.message);
  log(`SASL ${mechanism} authentication failed: ${(err as Error).message}`);
  return err instanceof Error ? err : new Error(String(err));
}

export function createSaslAuthenticator(raw: Readonly<Record<string, string>>, scram: ScramStore, log: (line: string) => void, now: () => number = Date.now): SaslAuthenticator {
  // Every inline JAAS config is parsed at start, so a typo fails the broker with a clear message.
  const jaasCache = new Map<string, JaasEntry[]>();
  const parseJaas = (text: string, key: string): JaasEntry[] => {
    let entries = jaasCache.get(text);
    if (entries === undefined) {
      try {
        entries = parseJaasConfig(text);
      } catch (err) {
        throw new Error(`invalid ${key}: ${(err as Error).message}`);
      }
      jaasCache.set(text, entries);
    }
    return entries;
  };
  for (const [k, v] of Object.entries(raw)) if (k.toLowerCase().endsWith('sasl.jaas.config')) parseJaas(v, k);
  const jaasFor = (listenerName: string, mechanism: string): JaasEntry[] => {
    const text = jaasConfigText(raw, listenerName, mechanism);
    return text === undefined ? [] : parseJaas(text, 'sasl.jaas.config');
  };

  const enabledCache = new Map<string, readonly string[]>();
  const enabledMechanisms = (listenerName: string): readonly string[] => {
    let enabled = enabledCache.get(listenerName);
    if (enabled === undefined) {
      const text = lookup(raw, `listener.name.${listenerName.toLowerCase()}.sasl.enabled.mechanisms`) ?? raw['sasl.enabled.mechanisms'];
      const named = text === undefined ? DEFAULT_SASL_MECHANISMS : text.split(',').map((m) => m.trim()).filter((m) => m !== '');
      const unsupported = named.filter((m) => !SUPPORTED_SASL_MECHANISMS.includes(m));
      if (unsupported.length > 0) log(`SASL mechanism(s) ${unsupported.join(', ')} on listener ${listenerName} are not supported by this broker and stay disabled`);
      enabled = named.filter((m) => SUPPORTED_SASL_MECHANISMS.includes(m));
      enabledCache.set(listenerName, enabled);
    }
    return enabled;
  };

  const jwksCache = new Map<string, JwksValidator>();
  const oauthValidator = (listenerName: string): ((token: string) => Promise<OAuthBearerValidation>) => {
    const setting = (key: string): string | undefined => listenerSetting(raw, listenerName, 'OAUTHBEARER', key);
    const jwksUrl = setting('sasl.oauthbearer.jwks.endpoint.url');
    if (jwksUrl === undefined || jwksUrl.trim() === '') {
      const options = unsecuredValidatorOptions(moduleOptions(jaasFor(listenerName, 'OAUTHBEARER'), OAUTHBEARER_LOGIN_MODULE));
      return (token) => Promise.resolve(validateUnsecuredJws(token, options, now()));
    }
    let v = jwksCache.get(listenerName);
    if (v === undefined) {
      const list = (s: string | undefined): string[] => (s ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
      const expectedIssuer = setting('sasl.oauthbearer.expected.issuer');
      v = new JwksValidator(
        {
          jwksUrl: jwksUrl.trim(),
          refreshMs: Number(setting('sasl.oauthbearer.jwks.endpoint.refresh.ms') ?? 3_600_000),
          expectedAudience: list(setting('sasl.oauthbearer.expected.audience')),
          expectedIssuer: expectedIssuer === undefined || expectedIssuer.trim() === '' ? undefined : expectedIssuer.trim(),
          clockSkewSeconds: Number(setting('sasl.oauthbearer.clock.skew.seconds') ?? 30),
          subClaimName: setting('sasl.oauthbearer.sub.claim.name') ?? 'sub',
          scopeClaimName: setting('sasl.oauthbearer.scope.claim.name') ?? 'scope',
        },
        now,
      );
      jwksCache.set(listenerName, v);
    }
    const validator = v;
    return (token) => validator.validate(token);
  };

  const begin = (mechanism: string, listenerName: string): SaslExchange | undefined => {
    if (!enabledMechanisms(listenerName).includes(mechanism)) return undefined;
    if (mechanism === 'PLAIN') {
      const users = plainUsers(jaasFor(listenerName, 'PLAIN'));
      let done = false;
      return {
        mechanism,
        evaluate(token) {
          try {
            if (done) throw new Error('Unexpected token after PLAIN authentication completed');
            const user = evaluatePlain(token, (u, p) => {
              const expected = users.get(u);
              return expected !== undefined && samePassword(p, expected);
            });
            done = true;
            return Promise.resolve({ reply: Buffer.alloc(0), done: true, principal: `User:${user}` });
          } catch (err) {
            return Promise.reject(failure(mechanism, err, log));
          }
        },
      };
    }
    if (isScramMechanism(mechanism)) {
      const server = new ScramServer({
        mechanism,
        lookup(username, extensions) {
          if (extensions['tokenauth']?.toLowerCase() === 'true') {
            log(`SASL ${mechanism}: delegation token authentication is not supported (token id ${username})`);
            return undefined;
          }
          return scram.get(username, mechanism);
        },
      });
      return {
        mechanism,
        evaluate(token) {
          try {
            const r = server.evaluate(token);
            return Promise.resolve(r.done ? { ...r, principal: `User:${server.username as string}` } : r);
          } catch (err) {
            return Promise.reject(failure(mechanism, err, log));
          }
        },
      };
    }
    if (mechanism === 'OAUTHBEARER') {
      const server = new OAuthBearerServer(oauthValidator(listenerName));
      return {
        mechanism,
        async evaluate(token) {
          let r: { reply: Buffer; done: boolean };
          try {
            r = await server.evaluate(token);
          } catch (err) {
            throw failure(mechanism, err, log);
          }
          if (!r.done) {
            log(`SASL OAUTHBEARER token refused: ${server.lastRefusal ?? 'unknown reason'}`);
            return r;
          }
          return { ...r, principal: `User:${server.principal as string}`, lifetimeMs: Math.max(0, (server.expiresAtMs as number) - now()) };
        },
      };
    }
    return undefined;
  };

  return { enabledMechanisms, begin };
}
