// A small certificate authority for `broker start --secure` and the tests: RSA keys from Node's
// crypto, X.509 certificates built and signed with node-forge (Node can verify certificates but
// has no API to create one; node-forge is already a dependency for PKCS12).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KeyAndCert {
  /** PKCS#8 PEM, unencrypted. */
  readonly keyPem: string;
  readonly certPem: string;
}

export interface CertOptions {
  /** Subject attributes in certificate order, e.g. [['O','tkafka'],['CN','client']]. */
  readonly subject: readonly (readonly [string, string])[];
  /** DNS names and IP addresses for subjectAltName (servers). */
  readonly dnsNames?: readonly string[];
  readonly ips?: readonly string[];
  readonly days?: number;
}

const SHORT_NAMES: Readonly<Record<string, string>> = { CN: 'commonName', O: 'organizationName', OU: 'organizationalUnitName', C: 'countryName', ST: 'stateOrProvinceName', L: 'localityName' };

function rsaKey(): { keyPem: string; forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem);
  return { keyPem, forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

function attrs(subject: CertOptions['subject']): forge.pki.CertificateField[] {
  return subject.map(([k, v]) => ({ name: SHORT_NAMES[k] ?? k, value: v }));
}

/**
 * A DER INTEGER's minimal encoding as forge takes it: positive (top bit clear) and without a
 * redundant leading zero byte, which OpenSSL refuses ("asn1 encoding routines::illegal padding").
 * The first byte is forced into 0x40-0x7f, so 126 random bits remain.
 */
export function serialHex(random: Buffer): string {
  const b = Buffer.from(random);
  b[0] = ((b[0] ?? 0) & 0x3f) | 0x40;
  return b.toString('hex');
}

function baseCert(publicKey: forge.pki.rsa.PublicKey, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialHex(randomBytes(16));
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * 86_400_000);
  return cert;
}

/** A self-signed CA certificate (10 years by default). */
export function createCa(commonName: string, days = 3650): KeyAndCert {
  const k = rsaKey();
  const cert = baseCert(k.publicKey, days);
  const subject = attrs([['O', 'tkafka'], ['CN', commonName]]);
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(k.forgeKey, forge.md.sha256.create());
  return { keyPem: k.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** A certificate signed by `ca`: a server one when it has DNS names or IPs, else a client one. */
export function issueCert(ca: KeyAndCert, o: CertOptions): KeyAndCert {
  const k = rsaKey();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const cert = baseCert(k.publicKey, o.days ?? 825);
  cert.setSubject(attrs(o.subject));
  cert.setIssuer(caCert.subject.attributes);
  const altNames = [...(o.dnsNames ?? []).map((value) => ({ type: 2, value })), ...(o.ips ?? []).map((ip) => ({ type: 7, ip }))];
  const server = altNames.length > 0;
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: server, clientAuth: true },
    ...(server ? [{ name: 'subjectAltName', altNames }] : []),
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { keyPem: k.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** A PKCS12 (3DES, as keytool reads it) holding the key, its certificate and the CA's, under `password`. */
export function toPkcs12(kc: KeyAndCert, caCertPem: string, password: string): Buffer {
  const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(kc.keyPem), [forge.pki.certificateFromPem(kc.certPem), forge.pki.certificateFromPem(caCertPem)], password, {
    algorithm: '3des',
  });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}
