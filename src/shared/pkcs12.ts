// The certificates of a PKCS12 trust store (keytool -importcert -storetype PKCS12) as PEM, for the
// broker's ssl.truststore.* and the clients' alike: Node's TLS reads PKCS12 only as a key store
// with a private key. node-forge (pure JS) is loaded on first use only.
import { createRequire } from 'node:module';
import type * as Forge from 'node-forge';

/** Throws forge's error on a wrong password or a file that is not PKCS12; [] when it holds no certificate. */
export function pkcs12Certificates(bytes: Buffer, password: string): string[] {
  const forge = createRequire(import.meta.url)('node-forge') as typeof Forge;
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary'))), false, password);
  const out: string[] = [];
  const certBag = forge.pki.oids['certBag'] as string;
  for (const bag of p12.getBags({ bagType: certBag })[certBag] ?? []) {
    // forge parses RSA certificates only; others keep their ASN.1, which becomes PEM all the same.
    const asn1 = bag.cert !== undefined && bag.cert !== null ? forge.pki.certificateToAsn1(bag.cert) : (bag as { asn1?: Forge.asn1.Asn1 }).asn1;
    if (asn1 === undefined) continue;
    const der = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
    out.push(`-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`);
  }
  return out;
}
