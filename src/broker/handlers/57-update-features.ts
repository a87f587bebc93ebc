// UpdateFeatures: v0–2 (flexible).
// Behaviour: this broker's feature levels are fixed by what it implements (18-api-versions.ts
// lists them), so no update changes anything. Each update goes through the checks of Kafka's
// FeatureControlManager, in its order and with its messages, against our supported ranges
// (upgrade type, negative level, "Local controller N only supports versions A-B" / "does not support
// this feature", upgrade vs downgrade direction, the metadata.version downgrade refusals); an
// update to the level already finalized succeeds (Kafka writes no record for it either). An update
// that passes Kafka's checks but would really change a level is refused the same way, naming the
// only level this node can run. All or nothing, as Kafka: the first failing update becomes the
// top-level error (INVALID_UPDATE_VERSION, "The update failed for all features since the following
// feature had an error: <its message>") and no per-feature results; else one
// NONE result per feature. validateOnly (v1+) answers the same without changing anything.
// Authorisation: ALTER on the cluster, else a top-level CLUSTER_AUTHORIZATION_FAILED.
import { decodeUpdateFeaturesRequest, type UpdateFeaturesRequest } from '../../protocol/generated/messages/update-features-request.js';
import { defaultUpdateFeaturesResponse, encodeUpdateFeaturesResponse, type UpdateFeaturesResponse } from '../../protocol/generated/messages/update-features-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canCluster } from '../security/authorize-requests.js';
import { brokerFeatures } from './18-api-versions.js';
import { defineHandler } from './types.js';

const UPGRADE = 1;
const SAFE_DOWNGRADE = 2;
const UNSAFE_DOWNGRADE = 3;
const METADATA_VERSION = 'metadata.version';

/** Kafka's VersionRange.toString. */
function rangeText(min: number, max: number): string {
  return min === max ? String(min) : `${min}-${max}`;
}

/** The refusal message for one update, or null when it is the level already finalized. */
function refusal(nodeId: number, features: ReturnType<typeof brokerFeatures>, name: string, level: number, upgradeType: number): string | null {
  const invalid = (why: string): string => `Invalid update version ${level} for feature ${name}. ${why}`;
  if (upgradeType < UPGRADE || upgradeType > UNSAFE_DOWNGRADE) return invalid('The controller does not support the given upgrade type.');
  const f = features.find((x) => x.name === name);
  const current = f?.finalized ?? 0;
  if (level < 0) return invalid('A feature version cannot be less than 0.');
  const min = f?.minVersion ?? 0;
  const max = f?.maxVersion ?? 0;
  if (level < min || level > max) return invalid(max === 0 ? `Local controller ${nodeId} does not support this feature.` : `Local controller ${nodeId} only supports versions ${rangeText(min, max)}`);
  if (level < current && upgradeType === UPGRADE) return invalid("Can't downgrade the version of this feature without setting the upgrade type to either safe or unsafe downgrade.");
  if (level > current && upgradeType !== UPGRADE) return invalid("Can't downgrade to a newer version.");
  if (level === current) return null;
  if (name === METADATA_VERSION && level < current) {
    return `Invalid metadata.version ${level}. ${upgradeType === UNSAFE_DOWNGRADE ? 'Unsafe metadata downgrade is not supported in this version.' : 'Refusing to perform the requested downgrade because it might delete metadata information.'}`;
  }
  // Within the advertised range but not a level this node can switch to: its levels are fixed.
  return invalid(`Local controller ${nodeId} only supports versions ${rangeText(current, current)}`);
}

export default defineHandler<UpdateFeaturesRequest, UpdateFeaturesResponse>({
  apiKey: 57,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeUpdateFeaturesRequest,
  encode: encodeUpdateFeaturesResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    if (!canCluster(ctx, Op.ALTER)) {
      return { ...defaultUpdateFeaturesResponse(), errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null, results: [] };
    }
    const features = brokerFeatures(broker.apiVersions);
    for (const u of req.featureUpdates) {
      // v0 says allowDowngrade; v1+ the upgrade type.
      const upgradeType = ctx.apiVersion === 0 ? (u.allowDowngrade ? SAFE_DOWNGRADE : UPGRADE) : u.upgradeType;
      const why = refusal(broker.nodeId, features, u.feature, u.maxVersionLevel, upgradeType);
      // The whole message is the broker's (Kafka's QuorumController words it so), the admin client passes it on.
      if (why !== null) return { ...defaultUpdateFeaturesResponse(), errorCode: ErrorCode.INVALID_UPDATE_VERSION, errorMessage: `The update failed for all features since the following feature had an error: ${why}`, results: [] };
    }
    return {
      ...defaultUpdateFeaturesResponse(),
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      results: req.featureUpdates.map((u) => ({ feature: u.feature, errorCode: ErrorCode.NONE, errorMessage: null })),
    };
  },
});
