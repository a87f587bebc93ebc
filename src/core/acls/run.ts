// kafka-acls' actions (AclCommand.addAcls/removeAcls/listAcls) over an AclAdmin. The plan (what the
// command line asks for) is built before any connection, so its errors come first as in Kafka.
import { ANY_FILTER, bindingKey, type AclBinding, type AclBindingFilter } from '../../protocol/acl.js';
import type { AclAdmin } from './admin.js';
import { binding, bindingsToAdd, filterAcls, listPrincipals, resourceFilters, type AclEntry, type AclsAction, type AclsFlags, type ResourceFilter } from './options.js';
import { aclJson, aclsForPrincipal, addingAcls, alreadyExists, currentAcls, removePrompt, resourceJson, type AclJson, type ResourceJson } from './render.js';

export type AclsPlan =
  | { action: 'add'; resources: Array<{ resource: ResourceFilter; acls: AclEntry[] }> }
  | { action: 'remove'; filters: Array<{ filter: ResourceFilter; acls: AclEntry[] }> }
  | { action: 'list'; filters: ResourceFilter[]; principals: string[] };

/** The ACLs, filters and principals the command line names; throws Kafka's usage and parse errors. */
export function planAcls(action: AclsAction, flags: AclsFlags): AclsPlan {
  switch (action) {
    case 'add':
      return { action, resources: bindingsToAdd(flags) };
    case 'remove':
      return { action, filters: filterAcls(flags) };
    case 'list':
      return { action, filters: resourceFilters(flags, false), principals: listPrincipals(flags) };
  }
}

export interface AclsOutput {
  /** Kafka's text (stdout in text mode, nothing in JSON mode). */
  text(t: string): void;
  /** Asks the --remove question (Kafka prints it on stdout); true for y/Y. */
  confirm(prompt: string): Promise<boolean>;
}

/** -o json documents. */
export type AclsJson = { added: AclJson[]; existing: AclJson[] } | { removed: AclJson[] } | { resources: ResourceJson[] };

const anyEntry = (r: ResourceFilter): AclBindingFilter => ({ ...ANY_FILTER, resourceType: r.resourceType, resourceName: r.resourceName, patternType: r.patternType });
const exactEntry = (r: ResourceFilter, e: AclEntry): AclBindingFilter => ({ ...anyEntry(r), principal: e.principal, host: e.host, operation: e.operation, permissionType: e.permissionType });

export async function runAclCommand(plan: AclsPlan, admin: AclAdmin, out: AclsOutput, force: boolean): Promise<AclsJson> {
  switch (plan.action) {
    case 'add':
      return addAcls(plan.resources, admin, out);
    case 'remove':
      return removeAcls(plan.filters, admin, out, force);
    case 'list':
      return listAcls(plan.filters, plan.principals, admin, out);
  }
}

async function addAcls(resources: Array<{ resource: ResourceFilter; acls: AclEntry[] }>, admin: AclAdmin, out: AclsOutput): Promise<AclsJson> {
  const added: AclJson[] = [];
  const existing: AclJson[] = [];
  for (const { resource, acls } of resources) {
    const present = new Set((await admin.describeAcls(anyEntry(resource))).map(bindingKey));
    const fresh: AclEntry[] = [];
    for (const e of acls) {
      const b = binding(resource, e);
      if (present.has(bindingKey(b))) {
        out.text(alreadyExists(b));
        existing.push(aclJson(b));
      } else fresh.push(e);
    }
    if (fresh.length === 0) continue;
    out.text(addingAcls(resource, fresh));
    await admin.createAcls(fresh.map((e) => binding(resource, e)));
    added.push(...fresh.map((e) => aclJson(binding(resource, e))));
  }
  return { added, existing };
}

async function removeAcls(filters: Array<{ filter: ResourceFilter; acls: AclEntry[] }>, admin: AclAdmin, out: AclsOutput, force: boolean): Promise<AclsJson> {
  const removed: AclJson[] = [];
  for (const { filter, acls } of filters) {
    if (!force && !(await out.confirm(removePrompt(filter, acls)))) continue;
    const matched = await admin.deleteAcls(acls.length === 0 ? [anyEntry(filter)] : acls.map((e) => exactEntry(filter, e)));
    const seen = new Set<string>();
    for (const b of matched.flat()) {
      if (seen.has(bindingKey(b))) continue;
      seen.add(bindingKey(b));
      removed.push(aclJson(b));
    }
  }
  return { removed };
}

/** Resources in the order first seen, each with its distinct entries. */
function byResource(bindings: readonly AclBinding[]): Array<{ resource: ResourceFilter; acls: AclEntry[] }> {
  const out = new Map<string, { resource: ResourceFilter; acls: AclEntry[]; keys: Set<string> }>();
  for (const b of bindings) {
    const key = JSON.stringify([b.resourceType, b.resourceName, b.patternType]);
    let r = out.get(key);
    if (r === undefined) out.set(key, (r = { resource: { resourceType: b.resourceType, resourceName: b.resourceName, patternType: b.patternType }, acls: [], keys: new Set() }));
    const k = bindingKey(b);
    if (r.keys.has(k)) continue;
    r.keys.add(k);
    r.acls.push({ principal: b.principal, host: b.host, operation: b.operation, permissionType: b.permissionType });
  }
  return [...out.values()].map(({ resource, acls }) => ({ resource, acls }));
}

async function listAcls(filters: readonly ResourceFilter[], principals: readonly string[], admin: AclAdmin, out: AclsOutput): Promise<AclsJson> {
  const found: AclBinding[] = [];
  if (filters.length === 0) found.push(...(await admin.describeAcls(ANY_FILTER)));
  else for (const f of filters) found.push(...(await admin.describeAcls(anyEntry(f))));
  const resources = byResource(found);
  const print = (list: typeof resources): void => {
    for (const { resource, acls } of list) out.text(currentAcls(resource, acls));
  };
  if (principals.length === 0) {
    print(resources);
    return { resources: resources.map((r) => resourceJson(r.resource, r.acls)) };
  }
  const shown: typeof resources = [];
  for (const principal of principals) {
    out.text(aclsForPrincipal(principal));
    const mine = resources.map((r) => ({ resource: r.resource, acls: r.acls.filter((a) => a.principal === principal) })).filter((r) => r.acls.length > 0);
    print(mine);
    shown.push(...mine);
  }
  return { resources: byResource(shown.flatMap((r) => r.acls.map((a) => binding(r.resource, a)))).map((r) => resourceJson(r.resource, r.acls)) };
}
