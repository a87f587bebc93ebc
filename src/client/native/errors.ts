import { errnoCode } from '../../shared/errors.js';

/**
 * The broker could not be reached or the connection broke. `code` carries the errno code of the
 * cause (ECONNREFUSED, ETIMEDOUT, ...) so the CLI can word "nothing answers at ...".
 */
export class NativeConnectionError extends Error {
  override readonly name = 'NativeConnectionError';
  readonly broker: string;
  readonly code: string | undefined;

  constructor(message: string, broker: string, cause?: unknown, code?: string) {
    super(message, cause === undefined ? undefined : { cause });
    this.broker = broker;
    this.code = code ?? errnoCode(cause);
  }
}

/** The broker supports none of the versions of an API our code speaks. */
export class UnsupportedApiError extends Error {
  override readonly name = 'UnsupportedApiError';
  readonly apiKey: number;

  constructor(api: { readonly apiKey: number }, message: string) {
    super(message);
    this.apiKey = api.apiKey;
  }
}
