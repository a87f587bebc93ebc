import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { createCa, issueCert, serialHex } from '../../../../src/broker/security/certs.js';

describe('certificate serial numbers', () => {
  it('are positive minimal DER integers whatever the random bytes (a leading 0x00 byte made OpenSSL refuse the key store: illegal padding)', () => {
    for (const first of [0x00, 0x01, 0x0f, 0x3f, 0x40, 0x7f, 0x80, 0xff]) {
      const random = Buffer.alloc(16, 0xab);
      random[0] = first;
      const hex = serialHex(random);
      expect(hex).toHaveLength(32);
      expect(hex.slice(2)).toBe('ab'.repeat(15));
      const top = parseInt(hex.slice(0, 2), 16);
      expect(top).toBeGreaterThanOrEqual(0x40);
      expect(top).toBeLessThanOrEqual(0x7f);
    }
    expect(serialHex(Buffer.from([0x00, 0x01]))).toBe('4001');
  });

  it('a CA and a certificate it issues load into a TLS context and carry a 16-byte serial', () => {
    const ca = createCa('serial test CA');
    const leaf = issueCert(ca, { subject: [['CN', 'localhost']], dnsNames: ['localhost'] });
    for (const c of [ca, leaf]) expect(new X509Certificate(c.certPem).serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    expect(() => tls.createSecureContext({ key: leaf.keyPem, cert: leaf.certPem + ca.certPem, ca: ca.certPem })).not.toThrow();
  });
});
