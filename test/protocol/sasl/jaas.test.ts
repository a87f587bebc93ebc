import { describe, expect, it } from 'vitest';
import { JaasSyntaxError, parseJaasConfig } from '../../../src/protocol/sasl/jaas.js';

function problemOf(text: string): unknown {
  try {
    parseJaasConfig(text);
  } catch (err) {
    if (err instanceof JaasSyntaxError) return { message: err.message, ...err.problem };
    throw err;
  }
  throw new Error('parsed');
}

// The parser itself is tested with the broker's use (test/unit/broker/security/jaas.test.ts) and the
// client's (test/unit/cli/command-config*.test.ts); here: what a failure tells its caller.
describe('JaasSyntaxError', () => {
  it("says what is wrong and where, with Kafka's message", () => {
    expect(problemOf(' ;')).toEqual({ message: 'Login module not specified in JAAS config', kind: 'no-module' });
    expect(problemOf('a.B')).toEqual({ message: 'Login module control flag not specified in JAAS config', kind: 'bad-flag', loginModule: 'a.B', found: undefined });
    expect(problemOf('a.B must;')).toEqual({ message: "Invalid login module control flag 'must' in JAAS config", kind: 'bad-flag', loginModule: 'a.B', found: 'must' });
    expect(problemOf('a.B required k=v x ;')).toEqual({ message: "Value not specified for key 'x' in JAAS config", kind: 'no-value', key: 'x', keyIsWord: true, keyStart: 17, at: 19 });
    expect(problemOf('a.B required k=v x')).toMatchObject({ kind: 'no-value', key: 'x', at: 18 });
    expect(problemOf('a.B required k=v";')).toEqual({ message: "Value not specified for key ';' in JAAS config", kind: 'no-value', key: ';', keyIsWord: false, keyStart: 16, at: 18 });
    expect(problemOf('a.B required k="v')).toEqual({ message: 'JAAS config entry not terminated by semi-colon', kind: 'no-semicolon', openQuoteKey: 'k' });
    expect(problemOf('a.B required k="v"')).toEqual({ message: 'JAAS config entry not terminated by semi-colon', kind: 'no-semicolon', openQuoteKey: undefined });
  });

  it('a quote left open at a line end closes there, as in Kafka', () => {
    expect(parseJaasConfig('a.B required k="v\n;')).toEqual([{ loginModule: 'a.B', controlFlag: 'required', options: { k: 'v' } }]);
  });
});
