// Authorisation with Kafka's StandardAuthorizer semantics, and the helpers request handlers call.
//
// Enabled by `authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer` (or the
// ZooKeeper-era kafka.security.authorizer.AclAuthorizer, same rules). A request is allowed when:
// the principal is in `super.users`; else no DENY ACL matches and an ALLOW ACL does; else, when no
// ACL at all exists for the resource (any principal), when `allow.everyone.if.no.acl.found=true`.
// An ACL matches when its resource pattern covers the name (LITERAL equal, LITERAL '*', or PREFIXED a
// prefix of it), its principal is the session's or 'User:*', its host '*' or the client's IP, and its
// operation is the one asked, ALL, or, for an ALLOW ACL only, one that implies it (READ, WRITE,
// DELETE, ALTER imply DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS).
//
// ACLs are indexed per resource type: literal names in a map, prefixes in a map probed once per
// distinct prefix length, so a check costs a handful of map look-ups however many ACLs there are.
// Without an authorizer every check answers true (Kafka's `authorizer.forall`).
import { TkafkaError } from '../../shared/errors.js';
import {
  AclOperation,
  AclPermissionType,
  CLUSTER_NAME,
  PatternType,
  ResourceType,
  WILDCARD,
  WILDCARD_PRINCIPAL,
  bindingKey,
  filterMatches,
  supportedOperations,
  type AclBinding,
  type AclBindingFilter,
} from '../../protocol/acl.js';
import { AclStore } from './acl-store.js';
import type { Session } from './session.js';
import { InvalidRequest } from '../invalid-request.js';

export const STANDARD_AUTHORIZER = 'org.apache.kafka.metadata.authorizer.StandardAuthorizer';
const ACL_AUTHORIZER = 'kafka.security.authorizer.AclAuthorizer';

export interface AuthorizerSettings {
  /** `super.users`: principals allowed everything, e.g. 'User:admin'. */
  readonly superUsers: ReadonlySet<string>;
  /** `allow.everyone.if.no.acl.found` (default false). */
  readonly allowEveryoneIfNoAclFound: boolean;
}

/**
 * The authorizer settings of a server.properties, or undefined when no authorizer is configured
 * (`authorizer.class.name` unset or empty). Throws a BAD_CONFIG error for another class or a
 * malformed super user, as Kafka refuses to start.
 */
export function authorizerSettings(raw: Readonly<Record<string, string>>): AuthorizerSettings | undefined {
  const cls = (raw['authorizer.class.name'] ?? '').trim();
  if (cls === '') return undefined;
  if (cls !== STANDARD_AUTHORIZER && cls !== ACL_AUTHORIZER) {
    throw new TkafkaError('BAD_CONFIG', `authorizer.class.name=${cls} is not supported: use ${STANDARD_AUTHORIZER}.`, { exitCode: 2 });
  }
  const superUsers = new Set<string>();
  for (const part of (raw['super.users'] ?? '').split(';')) {
    const user = part.trim();
    if (user === '') continue;
    if (!user.includes(':')) {
      throw new TkafkaError('BAD_CONFIG', `super.users: expected a string in format principalType:principalName but got ${user}`, { exitCode: 2 });
    }
    superUsers.add(user);
  }
  const allow = (raw['allow.everyone.if.no.acl.found'] ?? '').trim().toLowerCase() === 'true';
  return { superUsers, allowEveryoneIfNoAclFound: allow };
}

/** One authorisation question: may the session do `op` on the resource (a literal name)? */
export interface Action {
  readonly operation: number;
  readonly resourceType: number;
  readonly name: string;
}

/** Per-binding outcome of CreateAcls: null for success, else Kafka's error. */
export interface AclCreateOutcome {
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** The ACLs of one resource type, indexed for look-ups by resource name. */
class TypeIndex {
  readonly literal = new Map<string, AclBinding[]>();
  readonly prefixed = new Map<string, AclBinding[]>();
  /** Distinct prefix lengths, ascending: a name is probed once per length no longer than it. */
  prefixLengths: number[] = [];

  add(b: AclBinding): void {
    const map = b.patternType === PatternType.PREFIXED ? this.prefixed : this.literal;
    const list = map.get(b.resourceName);
    if (list === undefined) map.set(b.resourceName, [b]);
    else list.push(b);
  }

  seal(): void {
    this.prefixLengths = [...new Set([...this.prefixed.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }
}

// Outcomes of a scan, ordered so the strongest wins: no ACL covers the resource, some do but none
// decides, one allows, one denies.
const NO_ACL = 0;
const UNDECIDED = 1;
const ALLOWED = 2;
const DENIED = 3;

const IMPLIES_DESCRIBE: ReadonlySet<number> = new Set([AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER]);
const IMPLIES_DESCRIBE_CONFIGS: ReadonlySet<number> = new Set([AclOperation.DESCRIBE_CONFIGS, AclOperation.ALTER_CONFIGS]);

/** Java reports IPv4 clients as a.b.c.d; Node's dual-stack sockets as ::ffff:a.b.c.d. */
function hostOf(session: Session): string {
  const h = session.clientHost;
  return h.startsWith('::ffff:') && h.includes('.') ? h.slice(7) : h;
}

/** StandardAuthorizerData.findResult: does this ACL decide the action, and which way? */
function aclResult(acl: AclBinding, op: number, principal: string, host: string): 'allow' | 'deny' | null {
  if (acl.principal !== principal && acl.principal !== WILDCARD_PRINCIPAL) return null;
  if (acl.host !== WILDCARD && acl.host !== host) return null;
  if (acl.operation !== AclOperation.ALL) {
    if (acl.permissionType === AclPermissionType.ALLOW) {
      // Implications widen only ALLOW: a DENY on READ does not deny DESCRIBE.
      if (op === AclOperation.DESCRIBE) {
        if (!IMPLIES_DESCRIBE.has(acl.operation)) return null;
      } else if (op === AclOperation.DESCRIBE_CONFIGS) {
        if (!IMPLIES_DESCRIBE_CONFIGS.has(acl.operation)) return null;
      } else if (op !== acl.operation) return null;
    } else if (op !== acl.operation) return null;
  }
  return acl.permissionType === AclPermissionType.ALLOW ? 'allow' : 'deny';
}

/** The outcome of one list of ACLs covering the resource. */
function scan(list: readonly AclBinding[] | undefined, op: number, principal: string, host: string): number {
  if (list === undefined) return NO_ACL;
  let r = UNDECIDED;
  for (const acl of list) {
    const d = aclResult(acl, op, principal, host);
    if (d === 'deny') return DENIED;
    if (d === 'allow') r = ALLOWED;
  }
  return r;
}

export class Authorizer {
  /** False when no authorizer is configured: every check is allowed and ACL APIs answer SECURITY_DISABLED. */
  readonly enabled: boolean;
  readonly settings: AuthorizerSettings;
  private readonly store: AclStore | undefined;
  /** In creation order: DescribeAcls answers in it. */
  private bindings: AclBinding[] = [];
  private keys = new Set<string>();
  private index = new Map<number, TypeIndex>();

  constructor(settings: AuthorizerSettings | undefined, store?: AclStore) {
    this.enabled = settings !== undefined;
    this.settings = settings ?? { superUsers: new Set(), allowEveryoneIfNoAclFound: true };
    this.store = store;
    if (store !== undefined) this.replace(store.load());
  }

  /** The number of ACLs. */
  get size(): number {
    return this.bindings.length;
  }

  private replace(bindings: readonly AclBinding[]): void {
    const list: AclBinding[] = [];
    const keys = new Set<string>();
    const index = new Map<number, TypeIndex>();
    for (const b of bindings) {
      const key = bindingKey(b);
      if (keys.has(key)) continue;
      keys.add(key);
      list.push(b);
      let t = index.get(b.resourceType);
      if (t === undefined) index.set(b.resourceType, (t = new TypeIndex()));
      t.add(b);
    }
    for (const t of index.values()) t.seal();
    this.bindings = list;
    this.keys = keys;
    this.index = index;
  }

  /** May `session` do `op` on the resource `resourceType`/`name` (a literal name)? */
  authorize(session: Session, op: number, resourceType: number, name: string): boolean {
    if (!this.enabled) return true;
    if (this.settings.superUsers.has(session.principal)) return true;
    const t = this.index.get(resourceType);
    if (t === undefined) return this.settings.allowEveryoneIfNoAclFound;
    const principal = session.principal;
    const host = hostOf(session);
    // The exact literal name, the literal '*', then each prefix of the name; a DENY ends the search.
    let state = scan(t.literal.get(name), op, principal, host);
    if (state === DENIED) return false;
    if (name !== WILDCARD) {
      const r = scan(t.literal.get(WILDCARD), op, principal, host);
      if (r === DENIED) return false;
      if (r > state) state = r;
    }
    for (const len of t.prefixLengths) {
      if (len > name.length) break;
      const r = scan(t.prefixed.get(len === name.length ? name : name.slice(0, len)), op, principal, host);
      if (r === DENIED) return false;
      if (r > state) state = r;
    }
    if (state === ALLOWED) return true;
    return state === NO_ACL && this.settings.allowEveryoneIfNoAclFound;
  }

  /** The batch form: one answer per action, in order. */
  authorizeAll(session: Session, actions: readonly Action[]): boolean[] {
    return actions.map((a) => this.authorize(session, a.operation, a.resourceType, a.name));
  }

  /**
   * Authorizer.authorizeByResourceType: may the session do `op` on at least one resource of the type?
   * (InitProducerId without a transactional id asks it for WRITE on topics.) Super users and
   * allow-everyone pass through a check on a made-up name; otherwise some ALLOW pattern must not be
   * covered by a DENY of the same literal name or of a prefix of it, and a LITERAL '*' DENY wins.
   */
  authorizeByResourceType(session: Session, op: number, resourceType: number): boolean {
    if (!this.enabled) return true;
    if (this.authorize(session, op, resourceType, 'hardcode')) return true;
    const host = hostOf(session);
    const denyLiteral = new Set<string>();
    const denyPrefix = new Set<string>();
    const allowLiteral = new Set<string>();
    const allowPrefix = new Set<string>();
    for (const b of this.bindings) {
      if (b.resourceType !== resourceType) continue;
      if (b.host !== host && b.host !== WILDCARD) continue;
      if (b.principal !== session.principal && b.principal !== WILDCARD_PRINCIPAL) continue;
      if (b.operation !== op && b.operation !== AclOperation.ALL) continue;
      const literal = b.patternType === PatternType.LITERAL;
      if (b.permissionType === AclPermissionType.DENY) {
        if (literal && b.resourceName === WILDCARD) return false;
        (literal ? denyLiteral : denyPrefix).add(b.resourceName);
      } else if (b.permissionType === AclPermissionType.ALLOW) {
        if (literal && b.resourceName === WILDCARD) return true;
        (literal ? allowLiteral : allowPrefix).add(b.resourceName);
      }
    }
    const dominated = (name: string): boolean => {
      for (let i = 1; i <= name.length; i++) if (denyPrefix.has(name.slice(0, i))) return true;
      return false;
    };
    for (const name of allowLiteral) if (!denyLiteral.has(name) && !dominated(name)) return true;
    for (const name of allowPrefix) if (!dominated(name)) return true;
    return false;
  }

  /** DescribeAcls: the ACLs matching the filter, in creation order. */
  acls(filter: AclBindingFilter): AclBinding[] {
    return this.bindings.filter((b) => filterMatches(filter, b));
  }

  /** Adds valid bindings (the handler validated them); an existing one is a success. Persists once. */
  createAcls(bindings: readonly AclBinding[]): void {
    const fresh: AclBinding[] = [];
    const seen = new Set<string>();
    for (const b of bindings) {
      const key = bindingKey(b);
      if (this.keys.has(key) || seen.has(key)) continue;
      seen.add(key);
      fresh.push(b);
    }
    if (fresh.length === 0) return;
    this.store?.save([...this.bindings, ...fresh]);
    // Incremental: a request adding one ACL to 10,000 re-sorts only its type's prefix lengths.
    const touched = new Set<TypeIndex>();
    for (const b of fresh) {
      this.keys.add(bindingKey(b));
      this.bindings.push(b);
      let t = this.index.get(b.resourceType);
      if (t === undefined) this.index.set(b.resourceType, (t = new TypeIndex()));
      t.add(b);
      touched.add(t);
    }
    for (const t of touched) t.seal();
  }

  /**
   * DeleteAcls: per filter the bindings it matches, all filters seeing the ACLs as they were before
   * the request (one binding can be reported by several filters); then all of them are removed.
   */
  deleteAcls(filters: readonly AclBindingFilter[]): AclBinding[][] {
    const matched = filters.map((f) => this.acls(f));
    const gone = new Set(matched.flat().map(bindingKey));
    if (gone.size > 0) {
      const next = this.bindings.filter((b) => !gone.has(bindingKey(b)));
      this.store?.save(next);
      this.replace(next);
    }
    return matched;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers for request handlers (Kafka's AuthHelper). They take the request context structurally,
// so this module does not import handlers/types.ts (which imports the Broker, which imports this).

export interface AuthzContext {
  readonly broker: { readonly authorizer: Authorizer };
  readonly session: Session;
}

/** AuthHelper.authorize: one literal resource. */
export function authorize(ctx: AuthzContext, op: number, resourceType: number, name: string): boolean {
  return ctx.broker.authorizer.authorize(ctx.session, op, resourceType, name);
}

/** The cluster resource ('kafka-cluster'). */
export function authorizeCluster(ctx: AuthzContext, op: number): boolean {
  return authorize(ctx, op, ResourceType.CLUSTER, CLUSTER_NAME);
}

/** AuthHelper.filterByAuthorized: the names (deduplicated) the session may do `op` on. */
export function filterAuthorized(ctx: AuthzContext, op: number, resourceType: number, names: Iterable<string>): Set<string> {
  const allowed = new Set<string>();
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    if (authorize(ctx, op, resourceType, name)) allowed.add(name);
  }
  return allowed;
}

/** filterAuthorized for topics. */
export function authorizeTopics(ctx: AuthzContext, op: number, names: Iterable<string>): Set<string> {
  return filterAuthorized(ctx, op, ResourceType.TOPIC, names);
}

/** AuthHelper.partitionSeqByAuthorized: items split by whether their name is authorised. */
export function partitionByAuthorized<T>(ctx: AuthzContext, op: number, resourceType: number, items: readonly T[], nameOf: (item: T) => string): [T[], T[]] {
  const allowed = filterAuthorized(ctx, op, resourceType, items.map(nameOf));
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (allowed.has(nameOf(item)) ? yes : no).push(item);
  return [yes, no];
}

/**
 * AuthHelper.authorizedOperations: the bit field (bit n = operation code n) of the operations the
 * session may do on the resource, among those its type supports; all of them without an authorizer.
 * Metadata and DescribeCluster ask it only after DESCRIBE passed (else Kafka answers 0 for the cluster).
 */
export function authorizedOperations(ctx: AuthzContext, resourceType: number, name: string): number {
  let bits = 0;
  for (const op of supportedOperations(resourceType)) if (authorize(ctx, op, resourceType, name)) bits |= 1 << op;
  return bits;
}

/** Authorizer.authorizeByResourceType through the context. */
export function authorizeByResourceType(ctx: AuthzContext, op: number, resourceType: number): boolean {
  return ctx.broker.authorizer.authorizeByResourceType(ctx.session, op, resourceType);
}

/** What Metadata may show and create (KafkaApis.handleTopicMetadataRequest). */
export interface MetadataAuthorization {
  /** Requested (or all) topics the session may DESCRIBE and, if missing and auto-created, CREATE. */
  readonly authorized: string[];
  /** Named topics without DESCRIBE: TOPIC_AUTHORIZATION_FAILED (empty for an all-topics request: left out). */
  readonly unauthorizedDescribe: string[];
  /** Missing topics that would be auto-created but lack CREATE on the cluster and on the topic: TOPIC_AUTHORIZATION_FAILED. */
  readonly unauthorizedCreate: string[];
}

/**
 * Kafka's Metadata rule: topics need DESCRIBE; for an all-topics request the others are silently
 * left out, for named ones they answer TOPIC_AUTHORIZATION_FAILED (name kept, zero topic id). Of the
 * describable ones that do not exist, when auto-creation applies (the request allows it and
 * auto.create.topics.enable), each needs CREATE on the cluster or else CREATE on the topic.
 */
export function authorizeMetadataTopics(ctx: AuthzContext, topics: readonly string[], opts: { allTopics: boolean; autoCreate: boolean; exists: (topic: string) => boolean }): MetadataAuthorization {
  const describable = authorizeTopics(ctx, AclOperation.DESCRIBE, topics);
  let authorized = topics.filter((t) => describable.has(t));
  const unauthorizedDescribe = opts.allTopics ? [] : topics.filter((t) => !describable.has(t));
  let unauthorizedCreate: string[] = [];
  if (opts.autoCreate && authorized.length > 0) {
    const missing = authorized.filter((t) => !opts.exists(t));
    if (missing.length > 0 && !authorizeCluster(ctx, AclOperation.CREATE)) {
      const creatable = authorizeTopics(ctx, AclOperation.CREATE, missing);
      unauthorizedCreate = missing.filter((t) => !creatable.has(t));
      const refused = new Set(unauthorizedCreate);
      authorized = authorized.filter((t) => !refused.has(t));
    }
  }
  return { authorized, unauthorizedDescribe, unauthorizedCreate };
}

/** CreateTopics: CREATE on the cluster allows every topic, else each needs CREATE on itself. */
export function authorizeCreateTopics(ctx: AuthzContext, names: Iterable<string>): Set<string> {
  if (authorizeCluster(ctx, AclOperation.CREATE)) return new Set(names);
  return authorizeTopics(ctx, AclOperation.CREATE, names);
}

/**
 * InitProducerId: 0 when allowed, else the error code. With a transactional id: WRITE on it, else
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED (53). Idempotent only: IDEMPOTENT_WRITE on the cluster, or
 * WRITE on at least one topic, else CLUSTER_AUTHORIZATION_FAILED (31).
 */
export function authorizeInitProducerId(ctx: AuthzContext, transactionalId: string | null): number {
  if (transactionalId !== null) return authorize(ctx, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactionalId) ? 0 : 53;
  if (authorizeCluster(ctx, AclOperation.IDEMPOTENT_WRITE)) return 0;
  return authorizeByResourceType(ctx, AclOperation.WRITE, ResourceType.TOPIC) ? 0 : 31;
}

/**
 * The message of Kafka's ClusterAuthorizationException from authorizeClusterOperation ("Request
 * <request> is not authorized."), with the request rendered as RequestChannel.Request's toString
 * shows what we know of it.
 */
export function clusterNotAuthorizedMessage(ctx: AuthzContext & { readonly connectionId: number }): string {
  const s = ctx.session;
  return (
    `Request Request(processor=0, connectionId=${ctx.connectionId}, session=Session(${s.principal},/${hostOf(s)}), ` +
    `listenerName=ListenerName(${s.listenerName}), securityProtocol=${s.securityProtocol}, buffer=null, envelope=None) is not authorized.`
  );
}

/** The broker's authorizer from server.properties; ACLs are loaded from the data dir when enabled. */
export function createAuthorizer(raw: Readonly<Record<string, string>> | undefined, dataDir: string): Authorizer {
  const settings = authorizerSettings(raw ?? {});
  return new Authorizer(settings, settings === undefined ? undefined : new AclStore(dataDir));
}

/** A DescribeAcls/DeleteAcls filter as the request carries it (v0 has no pattern type: LITERAL). */
export interface RequestAclFilter {
  readonly resourceTypeFilter: number;
  readonly resourceNameFilter: string | null;
  readonly patternTypeFilter: number;
  readonly principalFilter: string | null;
  readonly hostFilter: string | null;
  readonly operation: number;
  readonly permissionType: number;
}

/**
 * A request filter as Kafka's request classes normalise and check it while parsing: v0 knows only
 * LITERAL, so ANY becomes LITERAL and anything else is refused; an UNKNOWN (0) code anywhere is
 * refused. Kafka fails the parse, which closes the connection; so does the InvalidRequest thrown here.
 */
export function requestAclFilter(f: RequestAclFilter, version: number, api: string): AclBindingFilter {
  let patternType = f.patternTypeFilter;
  if (version === 0) {
    if (patternType === PatternType.ANY) patternType = PatternType.LITERAL;
    else if (patternType !== PatternType.LITERAL) throw new InvalidRequest(`${api} v0 only supports literal resource pattern types`);
  }
  if (patternType === PatternType.UNKNOWN || f.resourceTypeFilter === ResourceType.UNKNOWN || f.operation === AclOperation.UNKNOWN || f.permissionType === AclPermissionType.UNKNOWN) {
    throw new InvalidRequest(`${api} filter contains UNKNOWN elements`);
  }
  return {
    resourceType: f.resourceTypeFilter,
    resourceName: f.resourceNameFilter,
    patternType,
    principal: f.principalFilter,
    host: f.hostFilter,
    operation: f.operation,
    permissionType: f.permissionType,
  };
}
