// ObjectName and JMXServiceURL as the JDK parses them: the expected texts, pattern flags, canonical
// names and MalformedObjectNameException / MalformedURLException messages are what JDK 17 printed for
// the same inputs (new ObjectName(s), new JMXServiceURL(s)).
import { describe, expect, it } from 'vitest';
import { parseObjectName } from '../../../src/core/jmx/object-name.js';
import { parseJmxServiceUrl, rmiJndiTarget } from '../../../src/core/jmx/url.js';

const on = (s: string): string => {
  try {
    const o = parseObjectName(s);
    return `OK [${o.text}] pat=${o.isPattern} canon=${o.canonical}`;
  } catch (e) {
    return `ERR ${(e as Error).message}`;
  }
};

describe('ObjectName', () => {
  it.each([
    ['', 'OK [*:*] pat=true canon=*:*'],
    ['kafka', 'ERR Key properties cannot be empty'],
    ['kafka:', 'ERR Key properties cannot be empty'],
    [':type=a', 'OK [:type=a] pat=false canon=:type=a'],
    ['kafka:type', 'ERR Unterminated key property part'],
    ['kafka:type=a,type=b', "ERR key `type' already defined"],
    ['kafka:type=a,*', 'OK [kafka:type=a,*] pat=true canon=kafka:type=a,*'],
    ['kafka:*', 'OK [kafka:*] pat=true canon=kafka:*'],
    ['k*a:type=a', 'OK [k*a:type=a] pat=true canon=k*a:type=a'],
    ['kafka:type=a*', 'OK [kafka:type=a*] pat=true canon=kafka:type=a*'],
    ['kafka:name=b,type=a', 'OK [kafka:name=b,type=a] pat=false canon=kafka:name=b,type=a'],
    ['kafka:type=b,name=a', 'OK [kafka:type=b,name=a] pat=false canon=kafka:name=a,type=b'],
    ['kafka:type="q,x"', 'OK [kafka:type="q,x"] pat=false canon=kafka:type="q,x"'],
    ['kafka:type=a,', 'ERR Invalid ending comma'],
    ['kafka:=a', 'ERR Invalid key (empty)'],
    ['kafka:type=a=b', "ERR Invalid character '=' in value part of property"],
    ['kafka:type=a:b', "ERR Invalid character ':' in value part of property"],
    ['kafka:type=?', 'OK [kafka:type=?] pat=true canon=kafka:type=?'],
    ['a=b', 'ERR Domain part must be specified'],
    ['kafka:type="x', 'ERR Unterminated quoted value'],
    ['kafka:type="a\\q"', "ERR Invalid escape sequence '\\q' in quoted value"],
    ['kafka:type=a,*x', "ERR Invalid character found after '*': end of name or ',' expected"],
    ['kafka:type=a,*,*', "ERR Cannot have several '*' characters in pattern property list"],
  ])('%j', (input, expected) => {
    expect(on(input)).toBe(expected);
  });
});

describe('JMXServiceURL', () => {
  const url = (s: string): string => {
    try {
      const u = parseJmxServiceUrl(s);
      return `OK ${u.text} host=[${u.host}] port=${u.port} path=${u.urlPath}`;
    } catch (e) {
      return `ERR ${(e as Error).message}`;
    }
  };
  it.each([
    ['service:jmx:rmi:///jndi/rmi://:9999/jmxrmi', 'OK service:jmx:rmi:///jndi/rmi://:9999/jmxrmi host=[] port=0 path=/jndi/rmi://:9999/jmxrmi'],
    ['SERVICE:JMX:RMI://localhost:12/jndi/rmi://127.0.0.1:5/x', 'OK service:jmx:rmi://localhost:12/jndi/rmi://127.0.0.1:5/x host=[localhost] port=12 path=/jndi/rmi://127.0.0.1:5/x'],
    ['foo', 'ERR Service URL must start with service:jmx:'],
    ['service:jmx:rmi', 'ERR Missing "://" after protocol name'],
    ['service:jmx:rmi://host:abc/x', 'ERR Bad port number: "": java.lang.NumberFormatException: For input string: ""'],
    ['service:jmx:rmi://ho st/x', 'ERR Bad URL path:  st/x'],
    ['service:jmx:jmxmp://h:1', 'OK service:jmx:jmxmp://h:1 host=[h] port=1 path='],
    ['service:jmx:rmi://h:1x', 'ERR Bad URL path: x'],
    ['service:jmx:://h', 'ERR Missing or invalid protocol name: ""'],
    ['service:jmx:rmi://[::1]:5/jndi/rmi://[::1]:7/jmxrmi', 'OK service:jmx:rmi://[::1]:5/jndi/rmi://[::1]:7/jmxrmi host=[::1] port=5 path=/jndi/rmi://[::1]:7/jmxrmi'],
  ])('%j', (input, expected) => {
    expect(url(input)).toBe(expected);
  });

  it("the RMI connector's registry and name: an empty host is the local host, no port is 1099", () => {
    expect(rmiJndiTarget(parseJmxServiceUrl('service:jmx:rmi:///jndi/rmi://:9999/jmxrmi'))).toEqual({ registryHost: 'localhost', registryPort: 9999, name: 'jmxrmi' });
    expect(rmiJndiTarget(parseJmxServiceUrl('service:jmx:rmi:///jndi/rmi://[::1]/x'))).toEqual({ registryHost: '::1', registryPort: 1099, name: 'x' });
    expect(() => rmiJndiTarget(parseJmxServiceUrl('service:jmx:jmxmp://h:1'))).toThrow('Unsupported protocol: jmxmp');
    expect(() => rmiJndiTarget(parseJmxServiceUrl('service:jmx:rmi://h:1/x'))).toThrow('URL path must begin with /jndi/ or /stub/ or /ior/: /x');
    expect(() => rmiJndiTarget(parseJmxServiceUrl('service:jmx:rmi:///jndi/ldap://h/x'))).toThrow(/Unsupported JNDI URL/);
    expect(() => rmiJndiTarget(parseJmxServiceUrl('service:jmx:rmi:///stub/bm90IGEgc3R1Yg=='))).toThrow(/^Failed to get a RMI stub: the \/stub\/ path is not a serialized RMIServer stub/);
    expect(() => rmiJndiTarget(parseJmxServiceUrl('service:jmx:iiop:///ior/IOR:00'))).toThrow('Unsupported protocol: iiop');
    expect(() => rmiJndiTarget(parseJmxServiceUrl('service:jmx:rmi:///ior/IOR:00'))).toThrow(/\/ior\/ URLs \(RMI over IIOP\) are not supported/);
  });
});
