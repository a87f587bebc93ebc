// Kafka 4.4's feature tables (server-common's MetadataVersion and Features), as its
// kafka-features.sh version-mapping and feature-dependencies print them.

/** metadata.version levels 7 (3.3-IV3, the minimum bootstrap version) to 34 (4.5-IV0, not yet production). */
export const METADATA_VERSIONS: readonly string[] = [
  '3.3-IV3', '3.4-IV0', '3.5-IV0', '3.5-IV1', '3.5-IV2', '3.6-IV0', '3.6-IV1', '3.6-IV2', '3.7-IV0', '3.7-IV1', '3.7-IV2', '3.7-IV3', '3.7-IV4',
  '3.8-IV0', '3.9-IV0', '4.0-IV0', '4.0-IV1', '4.0-IV2', '4.0-IV3', '4.1-IV0', '4.1-IV1', '4.2-IV0', '4.2-IV1', '4.3-IV0', '4.4-IV0', '4.4-IV1',
  '4.4-IV2', '4.5-IV0',
];
export const FIRST_LEVEL = 7;
export const LATEST_PRODUCTION = '4.4-IV2';

export function levelOf(version: string): number | undefined {
  const i = METADATA_VERSIONS.indexOf(version);
  return i < 0 ? undefined : FIRST_LEVEL + i;
}

export function versionOf(level: number): string | undefined {
  return METADATA_VERSIONS[level - FIRST_LEVEL];
}

/** Features.PRODUCTION_FEATURES in order: name, highest level, the metadata.version level each level became the default at. */
export const FEATURES: readonly { name: string; max: number; defaultFrom: readonly number[] }[] = [
  { name: 'kraft.version', max: 1, defaultFrom: [21] },
  { name: 'transaction.version', max: 2, defaultFrom: [24, 24] },
  { name: 'group.version', max: 1, defaultFrom: [22] },
  { name: 'eligible.leader.replicas.version', max: 1, defaultFrom: [26] },
  { name: 'share.version', max: 2, defaultFrom: [28, 31] },
  { name: 'streams.version', max: 1, defaultFrom: [29] },
];

/** feature.defaultValue(metadataVersion). */
export function defaultLevel(feature: (typeof FEATURES)[number], mvLevel: number): number {
  let level = 0;
  feature.defaultFrom.forEach((from, i) => {
    if (mvLevel >= from) level = i + 1;
  });
  return level;
}

/** FeatureVersion.dependencies(): only eligible.leader.replicas.version=1 has one in 4.4. */
export function dependencies(name: string, level: number): [string, number][] {
  return name === 'eligible.leader.replicas.version' && level === 1 ? [['metadata.version', 23]] : [];
}
