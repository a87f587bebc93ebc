// kafka-features.sh: describe (ApiVersions' supported and finalized features), upgrade/downgrade/
// disable (UpdateFeatures, 57) and the local version-mapping and feature-dependencies, with
// FeatureCommand's output and messages.
import type { NativeClient } from '../../client/native/client.js';
import { clientApi } from '../../client/native/apis.js';
import { ApiVersionsApi as ApiVersionsSpec } from '../../protocol/generated/apis/api-versions.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { UpdateFeaturesApi as UpdateFeaturesSpec } from '../../protocol/generated/apis/update-features.js';
import { javaMessage } from '../transactions/admin.js';
import { ToolFailure, type ToolResult } from '../transactions/tool-result.js';
import { FEATURES, LATEST_PRODUCTION, METADATA_VERSIONS, defaultLevel, dependencies, levelOf, versionOf } from './versions.js';

const UPDATE_FEATURES = clientApi(UpdateFeaturesSpec, 0, 2);
// v3+ carries the features; v4 also those whose range starts at 0 (KIP-1022), as Java 4.x asks.
const API_VERSIONS = clientApi(ApiVersionsSpec, 3, 4);

function levelText(feature: string, level: number): string {
  if (feature !== 'metadata.version') return String(level);
  return versionOf(level) ?? `UNKNOWN ${level}`;
}

export async function describeFeatures(client: NativeClient): Promise<ToolResult> {
  const conn = await client.anyConnection();
  const res = await conn.send(API_VERSIONS, { clientSoftwareName: 'tkafka', clientSoftwareVersion: '1' });
  if (res.errorCode !== ErrorCode.NONE) throw new ToolFailure(javaMessage(res.errorCode));
  const epoch = res.finalizedFeaturesEpoch >= 0n ? String(res.finalizedFeaturesEpoch) : '-';
  const rows = [...res.supportedFeatures].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => {
    const finalized = res.finalizedFeatures.find((x) => x.name === f.name)?.maxVersionLevel ?? 0;
    return { feature: f.name, supportedMinVersion: levelText(f.name, f.minVersion), supportedMaxVersion: levelText(f.name, f.maxVersion), finalizedVersionLevel: levelText(f.name, finalized), epoch };
  });
  const text = rows
    // Kafka 4.4: "Feature: %-40s  SupportedMinVersion: %-15s  SupportedMaxVersion: %-15s  FinalizedVersionLevel: %-15s  Epoch: %s%n".
    .map((r) => `Feature: ${r.feature.padEnd(40)}  SupportedMinVersion: ${r.supportedMinVersion.padEnd(15)}  SupportedMaxVersion: ${r.supportedMaxVersion.padEnd(15)}  FinalizedVersionLevel: ${r.finalizedVersionLevel.padEnd(15)}  Epoch: ${r.epoch}\n`)
    .join('');
  return { text, json: { features: rows } };
}

const UPGRADE = 1;
const SAFE_DOWNGRADE = 2;
const UNSAFE_DOWNGRADE = 3;

function unknownVersion(v: string): ToolFailure {
  return new ToolFailure(`Unknown metadata.version '${v}'. Supported metadata.version are: ${METADATA_VERSIONS.join(', ')}`);
}

/** parseNameAndLevel. */
function nameAndLevel(input: string): [string, number] {
  const eq = input.indexOf('=');
  if (eq < 0) throw new ToolFailure(`Can't parse feature=level string ${input}: equals sign not found.`);
  const name = input.slice(0, eq).trim();
  const levelText = input.slice(eq + 1).trim();
  const n = /^[-+]?\d+$/.test(levelText) ? Number(levelText) : NaN;
  if (!Number.isInteger(n) || n < -32768 || n > 32767) throw new ToolFailure(`Can't parse feature=level string ${input}: unable to parse ${levelText} as a short.`);
  return [name, n];
}

export interface UpdateOptions {
  op: 'upgrade' | 'downgrade' | 'disable';
  metadata?: string;
  releaseVersion?: string;
  features: string[];
  unsafe: boolean;
  dryRun: boolean;
}

export async function updateFeatures(client: NativeClient, o: UpdateOptions): Promise<ToolResult> {
  const type = o.op === 'upgrade' ? UPGRADE : o.unsafe ? UNSAFE_DOWNGRADE : SAFE_DOWNGRADE;
  const updates = new Map<string, number>();
  let preface = '';
  if (o.op === 'disable') {
    for (const f of o.features) {
      if (updates.has(f)) throw new ToolFailure(`Feature ${f} was specified more than once.`);
      updates.set(f, 0);
    }
  } else if (o.releaseVersion !== undefined) {
    if (o.metadata !== undefined || o.features.length > 0) throw new ToolFailure('Can not specify `release-version` with other feature flags.');
    const mv = levelOf(o.releaseVersion);
    if (mv === undefined) throw unknownVersion(o.releaseVersion);
    updates.set('metadata.version', mv);
    for (const f of FEATURES) {
      const level = defaultLevel(f, mv);
      // Don't send a request to upgrade a feature to 0.
      if (type !== UPGRADE || level > 0) updates.set(f.name, level);
    }
  } else {
    if (o.metadata !== undefined) {
      preface = ' `metadata` flag is deprecated and may be removed in a future release.\n';
      const mv = levelOf(o.metadata);
      if (mv === undefined) throw unknownVersion(o.metadata);
      updates.set('metadata.version', mv);
    }
    for (const f of o.features) {
      const [name, level] = nameAndLevel(f);
      if (updates.has(name)) throw new ToolFailure(`Feature ${name} was specified more than once.`);
      updates.set(name, level);
    }
  }
  if (updates.size === 0) throw new ToolFailure(`You must specify at least one feature to ${o.op}`, preface);

  const conn = await client.anyConnection();
  const v = conn.version(UPDATE_FEATURES);
  if (o.dryRun && v < 1) throw new ToolFailure('validateOnly is not supported by this broker', preface);
  const res = await conn.send(UPDATE_FEATURES, {
    timeoutMs: 30_000,
    validateOnly: o.dryRun,
    featureUpdates: [...updates].map(([feature, maxVersionLevel]) => ({ feature, maxVersionLevel, allowDowngrade: type !== UPGRADE, upgradeType: type })),
  });
  const errors = new Map<string, string | null>();
  for (const name of updates.keys()) {
    if (res.errorCode !== ErrorCode.NONE) errors.set(name, javaMessage(res.errorCode, res.errorMessage)); // the broker words it for all features
    else {
      const r = res.results.find((x) => x.feature === name);
      if (r === undefined) errors.set(name, v >= 2 ? null : `The controller response did not contain a result for feature ${name}`);
      else errors.set(name, r.errorCode === ErrorCode.NONE ? null : javaMessage(r.errorCode, r.errorMessage));
    }
  }
  // A TreeMap: features in name order.
  const names = [...errors.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let text = preface;
  let failures = 0;
  const results: unknown[] = [];
  for (const name of names) {
    const level = updates.get(name) ?? 0;
    const err = errors.get(name) ?? null;
    if (err !== null) {
      failures++;
      text += `${o.dryRun ? 'Can not ' : 'Could not '}${o.op === 'disable' ? `disable ${name}` : `${o.op} ${name} to ${level}`}. ${err}\n`;
    } else {
      text += `${name}${o.dryRun ? ' can be ' : ' was '}${o.op === 'disable' ? 'disabled.' : `${o.op}d to ${level}.`}\n`;
    }
    results.push({ feature: name, level, error: err });
  }
  if (failures > 0) throw new ToolFailure(`${failures} out of ${updates.size} operation(s) failed.`, text);
  return { text, json: { results } };
}

export function versionMapping(releaseVersion: string | undefined): ToolResult {
  const v = releaseVersion ?? LATEST_PRODUCTION;
  const mv = levelOf(v);
  if (mv === undefined) throw unknownVersion(v);
  const features = FEATURES.map((f) => [f.name, defaultLevel(f, mv)] as const);
  return {
    text: `metadata.version=${mv} (${v})\n${features.map(([n, l]) => `${n}=${l}\n`).join('')}`,
    json: { releaseVersion: v, features: { 'metadata.version': mv, ...Object.fromEntries(features) } },
  };
}

export function featureDependencies(features: readonly string[]): ToolResult {
  let text = '';
  const json: unknown[] = [];
  for (const f of features) {
    const [name, level] = nameAndLevel(f);
    if (name === 'metadata.version') {
      const version = versionOf(level);
      if (version === undefined) throw new ToolFailure(`Unknown metadata.version ${level}`, text);
      text += `${name}=${level} (${version}) has no dependencies.\n`;
      json.push({ feature: name, level, dependencies: {} });
      continue;
    }
    const known = FEATURES.find((x) => x.name === name);
    if (known === undefined) throw new ToolFailure(`Unknown feature: ${name}`, text);
    if (level < 0 || level > known.max) throw new ToolFailure(`No feature:${name} with feature level ${level}`, text);
    const deps = dependencies(name, level);
    if (deps.length === 0) text += `${name}=${level} has no dependencies.\n`;
    else text += `${name}=${level} requires:\n${deps.map(([d, l]) => (d === 'metadata.version' ? `    ${d}=${l} (${versionOf(l) ?? ''})\n` : `    ${d}=${l}\n`)).join('')}`;
    json.push({ feature: name, level, dependencies: Object.fromEntries(deps) });
  }
  return { text, json: { features: json } };
}
