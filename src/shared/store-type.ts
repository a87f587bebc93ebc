// Kafka's ssl.keystore.type / ssl.truststore.type for the broker's listeners and the clients alike:
// PEM, PKCS12 or JKS, and JKS when unset (Kafka's default). Java's JKS key store loads PKCS12 files
// too (keystore.type.compat, on since Java 9), so an unset type reads a PKCS12 file; a PEM file
// fails there as it does in Java ("Invalid keystore format"), and a real JKS file (magic 0xFEEDFEED)
// is refused with the keytool command that converts it: reading it would take a JVM or a JKS parser.

export type StoreType = 'PEM' | 'PKCS12' | 'JKS';

/** The declared type (unset or empty: JKS, Kafka's default), or undefined when it is none of the three. */
export function declaredStoreType(value: string | undefined): StoreType | undefined {
  const t = (value ?? '').trim().toUpperCase();
  if (t === '') return 'JKS';
  return t === 'PEM' || t === 'PKCS12' || t === 'JKS' ? t : undefined;
}

/** What Java's JKS key store makes of a file: JKS proper, PKCS12 (a DER SEQUENCE), or neither. */
export function jksStoreContent(bytes: Buffer): 'JKS' | 'PKCS12' | 'INVALID' {
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xfeedfeed) return 'JKS';
  if (bytes[0] === 0x30) return 'PKCS12';
  return 'INVALID';
}

/** Kafka's KafkaException text for a store Java cannot load as JKS, with Java's cause. */
export function invalidJksText(path: string): string {
  return `Failed to load SSL keystore ${path} of type JKS: Invalid keystore format`;
}

/** The one command that turns a JKS store into PKCS12. */
export function keytoolConvert(path: string, kind: 'keystore' | 'truststore'): string {
  return `keytool -importkeystore -srckeystore ${path} -destkeystore ${kind}.p12 -deststoretype PKCS12`;
}
