import { SaslAuthenticateApi as SaslAuthenticateSpec } from '../../../protocol/generated/apis/sasl-authenticate.js';
import { clientApi } from '../apis.js';

export const SaslAuthenticateApi = clientApi(SaslAuthenticateSpec, 0, 2);
