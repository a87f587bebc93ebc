// The three ACL requests as Kafka's admin client sends them (describeAcls, createAcls, deleteAcls)
// over any transport that negotiates versions, and their failures as the Java exceptions kafka-acls
// prints ("org.apache.kafka.common.errors.X: message").
import type { ApiDef } from '../../client/native/apis.js';
import { clientApi } from '../../client/native/apis.js';
import { ErrorCode, errorInfo } from '../../protocol/error-codes.js';
import { CreateAclsApi } from '../../protocol/generated/apis/create-acls.js';
import { DeleteAclsApi } from '../../protocol/generated/apis/delete-acls.js';
import { DescribeAclsApi } from '../../protocol/generated/apis/describe-acls.js';
import type { AclBinding, AclBindingFilter } from '../../protocol/acl.js';
import { AclCommandError } from './options.js';

// v1+: pattern types (Kafka 2.0+); the broker picks up to v3 (USER resources).
const DESCRIBE_ACLS = clientApi(DescribeAclsApi, 1, 3);
const CREATE_ACLS = clientApi(CreateAclsApi, 1, 3);
const DELETE_ACLS = clientApi(DeleteAclsApi, 1, 3);

/** Sends one request at the version negotiated with the broker. */
export interface AclTransport {
  send<Req, Res>(api: ApiDef<Req, Res>, body: Req): Promise<Res>;
}

/** Kafka's exception class and default message for the codes these requests meet. */
const JAVA_ERRORS: ReadonlyMap<number, readonly [string, string]> = new Map([
  [ErrorCode.SECURITY_DISABLED, ['SecurityDisabledException', 'Security features are disabled.']],
  [ErrorCode.CLUSTER_AUTHORIZATION_FAILED, ['ClusterAuthorizationException', 'Cluster authorization failed.']],
  [
    ErrorCode.INVALID_REQUEST,
    ['InvalidRequestException', 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.'],
  ],
  [ErrorCode.UNKNOWN_SERVER_ERROR, ['UnknownServerException', 'The server experienced an unexpected error when processing the request.']],
  [ErrorCode.NOT_CONTROLLER, ['NotControllerException', 'This is not the correct controller for this cluster.']],
  [ErrorCode.UNSUPPORTED_VERSION, ['UnsupportedVersionException', 'The version of API is not supported.']],
]);

/** ApiError(code, message).exception().toString(): the server's message, else Kafka's default. */
export function aclError(code: number, message: string | null): AclCommandError {
  const known = JAVA_ERRORS.get(code);
  const cls = known?.[0] ?? `${errorInfo(code).name.toLowerCase().replace(/(^|_)([a-z])/g, (_, _u: string, c: string) => c.toUpperCase())}Exception`;
  const text = message ?? known?.[1] ?? errorInfo(code).message;
  return new AclCommandError(`org.apache.kafka.common.errors.${cls}: ${text}`);
}

export interface AclAdmin {
  describeAcls(filter: AclBindingFilter): Promise<AclBinding[]>;
  createAcls(bindings: readonly AclBinding[]): Promise<void>;
  /** The bindings each filter removed. */
  deleteAcls(filters: readonly AclBindingFilter[]): Promise<AclBinding[][]>;
}

export class WireAclAdmin implements AclAdmin {
  private readonly transport: AclTransport;

  constructor(transport: AclTransport) {
    this.transport = transport;
  }

  async describeAcls(f: AclBindingFilter): Promise<AclBinding[]> {
    const res = await this.transport.send(DESCRIBE_ACLS, wireFilter(f));
    if (res.errorCode !== 0) throw aclError(res.errorCode, res.errorMessage);
    return res.resources.flatMap((r) => r.acls.map((a) => ({ resourceType: r.resourceType, resourceName: r.resourceName, patternType: r.patternType, ...a })));
  }

  async createAcls(bindings: readonly AclBinding[]): Promise<void> {
    if (bindings.length === 0) return;
    const res = await this.transport.send(CREATE_ACLS, {
      creations: bindings.map((b) => ({
        resourceType: b.resourceType,
        resourceName: b.resourceName,
        resourcePatternType: b.patternType,
        principal: b.principal,
        host: b.host,
        operation: b.operation,
        permissionType: b.permissionType,
      })),
    });
    // all().get() fails with the first failed binding.
    const failed = res.results.find((r) => r.errorCode !== 0);
    if (failed !== undefined) throw aclError(failed.errorCode, failed.errorMessage);
  }

  async deleteAcls(filters: readonly AclBindingFilter[]): Promise<AclBinding[][]> {
    if (filters.length === 0) return [];
    const res = await this.transport.send(DELETE_ACLS, {
      filters: filters.map(wireFilter),
    });
    const out: AclBinding[][] = [];
    for (const r of res.filterResults) {
      if (r.errorCode !== 0) throw aclError(r.errorCode, r.errorMessage);
      const bad = r.matchingAcls.find((m) => m.errorCode !== 0);
      if (bad !== undefined) throw aclError(bad.errorCode, bad.errorMessage);
      out.push(r.matchingAcls.map((m) => ({ resourceType: m.resourceType, resourceName: m.resourceName, patternType: m.patternType, principal: m.principal, host: m.host, operation: m.operation, permissionType: m.permissionType })));
    }
    return out;
  }
}

/** A filter in DescribeAcls' and DeleteAcls' field names (the two requests share them). */
function wireFilter(f: AclBindingFilter): {
  resourceTypeFilter: number;
  resourceNameFilter: string | null;
  patternTypeFilter: number;
  principalFilter: string | null;
  hostFilter: string | null;
  operation: number;
  permissionType: number;
} {
  return {
    resourceTypeFilter: f.resourceType,
    resourceNameFilter: f.resourceName,
    patternTypeFilter: f.patternType,
    principalFilter: f.principal,
    hostFilter: f.host,
    operation: f.operation,
    permissionType: f.permissionType,
  };
}
