/**
 * Versions newer than the specs in ../shared, declared by us from Kafka's protocol (KIP text and
 * Kafka 4.4's behaviour): the generator applies each entry to the named message before generating
 * it, so the codecs, the API table and the broker's advertised ranges include the version. An
 * entry whose fields the spec already has is skipped, so newer specs take over by themselves.
 */
export interface OverlayField {
  readonly name: string;
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly default?: string;
}

export interface OverlayEntry {
  /** The spec's new validVersions. */
  readonly validVersions: string;
  /** Appended after the spec's own top-level fields. */
  readonly fields: readonly OverlayField[];
}

export const PROTOCOL_OVERLAY: Readonly<Record<string, OverlayEntry>> = {
  // KIP-1152 (Kafka 4.1): ListTransactions v2 filters by a transactional id pattern (RE2/J, whole id).
  ListTransactionsRequest: {
    validVersions: '0-2',
    fields: [{ name: 'TransactionalIdPattern', type: 'string', versions: '2+', nullableVersions: '2+', default: 'null' }],
  },
  // v2 answers exactly as v1.
  ListTransactionsResponse: { validVersions: '0-2', fields: [] },
};
