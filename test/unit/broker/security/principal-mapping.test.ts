import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCa, issueCert } from '../../../../src/broker/security/certs.js';
import { rfc2253Subject, SslPrincipalMapper } from '../../../../src/broker/security/principal.js';

// ssl.principal.mapping.rules as Kafka's SslPrincipalMapper applies them (cases from its tests).
describe('SslPrincipalMapper', () => {
  it('DEFAULT (and no rules) keeps the DN', () => {
    expect(new SslPrincipalMapper(undefined).name('CN=alice,O=x')).toBe('CN=alice,O=x');
    expect(new SslPrincipalMapper('DEFAULT').name('CN=alice,O=x')).toBe('CN=alice,O=x');
  });

  it('applies the first rule whose pattern matches the whole DN, with $n groups and L/U', () => {
    const m = new SslPrincipalMapper(
      'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/,RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L, RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/U, DEFAULT',
    );
    expect(m.name('CN=kafka-server1,OU=ServiceUsers,O=Org,C=US')).toBe('kafka-server1');
    expect(m.name('CN=Duke,OU=JavaSoft,O=Sun Microsystems,L=Palo Alto,ST=CA,C=US')).toBe('duke@javasoft');
    expect(m.name('OU=x,cn=test.duke,O=y')).toBe('TEST.DUKE');
    expect(m.name('O=no-cn')).toBe('O=no-cn');
  });

  it('keeps an escaped / in pattern and replacement', () => {
    const m = new SslPrincipalMapper(String.raw`RULE:^CN=(.*)\/(.*)$/$1\/$2/`);
    expect(m.name('CN=a/b')).toBe('a/b');
  });

  it('fails when no rule applies, naming the DN and the rules as Kafka does', () => {
    const m = new SslPrincipalMapper('RULE:^CN=admin,.*$/admin/L');
    expect(() => m.name('CN=alice,O=x')).toThrow('No rules apply to CN=alice,O=x, rules [RULE:^CN=admin,.*$/admin/L]');
  });

  it('refuses a rule that is not DEFAULT or RULE:pattern/replacement/[LU]', () => {
    expect(() => new SslPrincipalMapper('RULE:^CN=(.*)$')).toThrow('invalid rule: RULE:^CN=(.*)$');
    expect(() => new SslPrincipalMapper('RULE:(/x/')).toThrow(/invalid pattern/);
  });
});

describe('rfc2253Subject', () => {
  it("gives the subject as Java's X500Principal.getName(): most specific first, RFC 2253 escapes, unknown types as OID=#hex", () => {
    const ca = createCa('t');
    const cert = issueCert(ca, { subject: [['C', 'US'], ['O', 'Acme, Inc.'], ['OU', 'eng'], ['CN', 'alice'], ['emailAddress', 'a@b.c']] });
    expect(rfc2253Subject(new X509Certificate(cert.certPem))).toBe(`1.2.840.113549.1.9.1=#1605${Buffer.from('a@b.c').toString('hex')},CN=alice,OU=eng,O=Acme\\, Inc.,C=US`);
  });
});
