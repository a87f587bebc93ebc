import { SaslHandshakeApi as SaslHandshakeSpec } from '../../../protocol/generated/apis/sasl-handshake.js';
import { clientApi } from '../apis.js';

// Authentication (KIP-152): SaslHandshake v1 names the mechanism, then SaslAuthenticate carries the
// tokens as Kafka requests; v1+ answers session_lifetime_ms for re-authentication (KIP-368).
export const SaslHandshakeApi = clientApi(SaslHandshakeSpec, 1, 1);
