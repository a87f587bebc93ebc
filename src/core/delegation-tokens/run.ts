// kafka-delegation-tokens.sh: --create/--renew/--expire/--describe over handlers 38–41 (or any
// Kafka), with DelegationTokenCommand's output. A failure is the Java exception's toString() on
// stderr (Kafka adds the stack trace; we print the one line), exit 1.
import type { NativeClient } from '../../client/native/client.js';
import { clientApi } from '../../client/native/apis.js';
import { ErrorCode, errorInfo } from '../../protocol/error-codes.js';
import { CreateDelegationTokenApi as CreateSpec } from '../../protocol/generated/apis/create-delegation-token.js';
import { DescribeDelegationTokenApi as DescribeSpec } from '../../protocol/generated/apis/describe-delegation-token.js';
import { ExpireDelegationTokenApi as ExpireSpec } from '../../protocol/generated/apis/expire-delegation-token.js';
import { RenewDelegationTokenApi as RenewSpec } from '../../protocol/generated/apis/renew-delegation-token.js';
import { ToolFailure, type ToolResult } from '../transactions/tool-result.js';

const CREATE = clientApi(CreateSpec, 0, 3);
const RENEW = clientApi(RenewSpec, 0, 2);
const EXPIRE = clientApi(ExpireSpec, 0, 2);
const DESCRIBE = clientApi(DescribeSpec, 0, 3);

/** Java's exception class and default message (Errors.java) for the token errors. */
const JAVA: ReadonlyMap<number, readonly [string, string]> = new Map([
  [ErrorCode.DELEGATION_TOKEN_AUTH_DISABLED, ['DelegationTokenDisabledException', 'Delegation Token feature is not enabled.']],
  [ErrorCode.DELEGATION_TOKEN_NOT_FOUND, ['DelegationTokenNotFoundException', 'Delegation Token is not found on server.']],
  [ErrorCode.DELEGATION_TOKEN_OWNER_MISMATCH, ['DelegationTokenOwnerMismatchException', 'Specified Principal is not valid Owner/Renewer.']],
  [ErrorCode.DELEGATION_TOKEN_REQUEST_NOT_ALLOWED, ['UnsupportedByAuthenticationException', 'Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on delegation token authenticated channels.']],
  [ErrorCode.DELEGATION_TOKEN_AUTHORIZATION_FAILED, ['DelegationTokenAuthorizationException', 'Delegation Token authorization failed.']],
  [ErrorCode.DELEGATION_TOKEN_EXPIRED, ['DelegationTokenExpiredException', 'Delegation Token is expired.']],
  [ErrorCode.CLUSTER_AUTHORIZATION_FAILED, ['ClusterAuthorizationException', 'Cluster authorization failed.']],
  [ErrorCode.INVALID_PRINCIPAL_TYPE, ['InvalidPrincipalTypeException', 'Request principal type is invalid.']],
]);

function javaError(code: number, stdout: string): ToolFailure {
  const known = JAVA.get(code);
  const cls = known?.[0] ?? `${errorInfo(code).name.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u: string, c: string) => c.toUpperCase())}Exception`;
  return new ToolFailure(`org.apache.kafka.common.errors.${cls}: ${known?.[1] ?? errorInfo(code).message}`, stdout);
}

export interface Principal {
  type: string;
  name: string;
}

/** SecurityUtils.parseKafkaPrincipal. */
export function parsePrincipal(s: string): Principal {
  const colon = s.indexOf(':');
  if (s === '' || colon < 0) throw new ToolFailure(`expected a string in format principalType:principalName but got ${s}`, '');
  return { type: s.slice(0, colon), name: s.slice(colon + 1) };
}

const principalList = (ps: readonly Principal[]): string => `[${ps.map((p) => `${p.type}:${p.name}`).join(', ')}]`;

/** SimpleDateFormat("yyyy-MM-dd'T'HH:mm") in local time. */
function date(ms: bigint): string {
  const d = new Date(Number(ms));
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

interface Token {
  tokenId: string;
  hmac: Buffer;
  owner: string;
  requester: string;
  renewers: string[];
  issue: bigint;
  expiry: bigint;
  max: bigint;
}

function printTokens(tokens: readonly Token[]): string {
  const row = (c: string[]): string => `\n${[c[0]?.padEnd(15), c[1]?.padEnd(30), c[2]?.padEnd(15), c[3]?.padEnd(15), c[4]?.padEnd(25), c[5]?.padEnd(15), c[6]?.padEnd(15), c[7]?.padEnd(15)].join(' ')}\n`;
  return row(['TOKENID', 'HMAC', 'OWNER', 'REQUESTER', 'RENEWERS', 'ISSUEDATE', 'EXPIRYDATE', 'MAXDATE']) + tokens.map((t) => row([t.tokenId, t.hmac.toString('base64'), t.owner, t.requester, `[${t.renewers.join(', ')}]`, date(t.issue), date(t.expiry), date(t.max)])).join('');
}

const tokenJson = (t: Token): unknown => ({ tokenId: t.tokenId, hmac: t.hmac.toString('base64'), owner: t.owner, requester: t.requester, renewers: t.renewers, issueTimestamp: Number(t.issue), expiryTimestamp: Number(t.expiry), maxTimestamp: Number(t.max) });

export async function createToken(client: NativeClient, renewers: Principal[], owners: Principal[], maxLifeTimeMs: bigint): Promise<ToolResult> {
  let text = `Calling create token operation with renewers :${principalList(renewers)} , max-life-time-period :${maxLifeTimeMs}\n`;
  const conn = await client.anyConnection();
  const owner = owners[0];
  const res = await conn.send(CREATE, {
    ownerPrincipalType: owner?.type ?? null,
    ownerPrincipalName: owner?.name ?? null,
    renewers: renewers.map((r) => ({ principalType: r.type, principalName: r.name })),
    maxLifetimeMs: maxLifeTimeMs,
  });
  if (res.errorCode !== ErrorCode.NONE) throw javaError(res.errorCode, text);
  const token: Token = {
    tokenId: res.tokenId,
    hmac: res.hmac,
    owner: `${res.principalType}:${res.principalName}`,
    requester: res.tokenRequesterPrincipalName === '' ? `${res.principalType}:${res.principalName}` : `${res.tokenRequesterPrincipalType}:${res.tokenRequesterPrincipalName}`,
    renewers: renewers.map((r) => `${r.type}:${r.name}`),
    issue: res.issueTimestampMs,
    expiry: res.expiryTimestampMs,
    max: res.maxTimestampMs,
  };
  text += `Created delegation token with tokenId : ${token.tokenId}\n${printTokens([token])}`;
  return { text, json: { token: tokenJson(token) } };
}

export async function renewOrExpire(client: NativeClient, op: 'renew' | 'expire', hmac: string, periodMs: bigint): Promise<ToolResult> {
  const text = op === 'renew' ? `Calling renew token operation with hmac :${hmac} , renew-time-period :${periodMs}\n` : `Calling expire token operation with hmac :${hmac} , expire-time-period :${periodMs}\n`;
  const conn = await client.anyConnection();
  const bytes = Buffer.from(hmac, 'base64');
  const res = op === 'renew' ? await conn.send(RENEW, { hmac: bytes, renewPeriodMs: periodMs }) : await conn.send(EXPIRE, { hmac: bytes, expiryTimePeriodMs: periodMs });
  if (res.errorCode !== ErrorCode.NONE) throw javaError(res.errorCode, text);
  // printf without a newline, as Kafka.
  return { text: `${text}Completed ${op} operation. New expiry date : ${date(res.expiryTimestampMs)}`, json: { expiryTimestamp: Number(res.expiryTimestampMs) } };
}

export async function describeTokens(client: NativeClient, owners: Principal[]): Promise<ToolResult> {
  let text = owners.length === 0 ? 'Calling describe token operation for current user.\n' : `Calling describe token operation for owners: ${principalList(owners)}\n`;
  const conn = await client.anyConnection();
  // No owners: null, "the requester's own tokens and those it may describe".
  const res = await conn.send(DESCRIBE, { owners: owners.length === 0 ? null : owners.map((o) => ({ principalType: o.type, principalName: o.name })) });
  if (res.errorCode !== ErrorCode.NONE) throw javaError(res.errorCode, text);
  const tokens: Token[] = res.tokens.map((t) => ({
    tokenId: t.tokenId,
    hmac: t.hmac,
    owner: `${t.principalType}:${t.principalName}`,
    requester: t.tokenRequesterPrincipalName === '' ? `${t.principalType}:${t.principalName}` : `${t.tokenRequesterPrincipalType}:${t.tokenRequesterPrincipalName}`,
    renewers: t.renewers.map((r) => `${r.principalType}:${r.principalName}`),
    issue: t.issueTimestamp,
    expiry: t.expiryTimestamp,
    max: t.maxTimestamp,
  }));
  text += `Total number of tokens : ${tokens.length}${printTokens(tokens)}`;
  return { text, json: { tokens: tokens.map(tokenJson) } };
}
