// The metadata shell's pure parts: Kafka's glob translation, quota entity names both ways, the
// interactive shell's tab completion and its line splitting, over a small image.
import { describe, expect, it } from 'vitest';
import { complete, globToRegex, parseCommand, splitLine } from '../../../src/core/metadata-shell/commands.js';
import { emptyImage, replay } from '../../../src/core/metadata-shell/image.js';
import { decodeQuotaEntity, quotaEntityName } from '../../../src/core/metadata-shell/nodes.js';
import { newState } from '../../../src/core/metadata-shell/shell.js';

const ID = 'AAECAwQFBgcICQoLDA0ODw';

function state(): ReturnType<typeof newState> {
  const img = emptyImage();
  replay(img, { apiKey: 2, name: 'TopicRecord', version: 0, data: { name: 'orders', topicId: ID } });
  replay(img, { apiKey: 2, name: 'TopicRecord', version: 0, data: { name: 'other', topicId: 'AAECAwQFBgcICQoLDA0OEA' } });
  return newState(img, { version: 'v', commitId: 'c' });
}

describe('metadata shell', () => {
  it("globs as Kafka's GlobComponent: literals, *, ?, groups, escapes; a bad group is an error", () => {
    expect(globToRegex('orders')).toBeNull();
    expect(globToRegex('o*s')).toBe('^o.*s$');
    expect(globToRegex('a?.b')).toBe('^a.\\.b$');
    expect(globToRegex('{x,y}')).toBe('^(?:(?:x)|(?:y))$');
    expect(globToRegex('a\\*')).toBe(null);
    expect(() => globToRegex('{a,{b}}')).toThrow("Can't nest glob groups.");
    expect(() => globToRegex('{a')).toThrow('Unterminated glob group.');
  });

  it('quota entity names: clientId, ip, user in that order, escaped; default names left out; decoded back', () => {
    const entries = new Map<string, string | null>([
      ['user', 'bob'],
      ['client-id', 'app(1)'],
    ]);
    expect(quotaEntityName({ entries, quotas: new Map() })).toBe('clientId(app\\(1\\))_user(bob)');
    expect(quotaEntityName({ entries: new Map([['client-id', null]]), quotas: new Map() })).toBe('');
    expect(decodeQuotaEntity('clientId(app\\(1\\))_user(bob)')).toEqual(new Map([['client-id', 'app(1)'], ['user', 'bob']]));
    expect(decodeQuotaEntity('')).toBeUndefined();
    expect(decodeQuotaEntity('user(bob)x')).toBeUndefined();
  });

  it('tab completion: command names, then children (directories with a slash), relative to the working directory', () => {
    const s = state();
    expect(complete(s, 'h')).toEqual([['help', 'history'], 'h']);
    expect(complete(s, 'ls /im')).toEqual([['/image/'], '/im']);
    expect(complete(s, 'cat /image/topics/byName/o')).toEqual([['/image/topics/byName/orders/', '/image/topics/byName/other/'], '/image/topics/byName/o']);
    expect(complete(s, 'cat /image/topics/byName/orders/')).toEqual([['/image/topics/byName/orders/id', '/image/topics/byName/orders/name'], '/image/topics/byName/orders/']);
    s.cwd = '/image/topics';
    expect(complete(s, 'cd by')).toEqual([['byId/', 'byName/'], 'by']);
    expect(complete(s, 'man l')).toEqual([['ls'], 'l']);
    expect(complete(s, 'history ')).toEqual([[], '']);
  });

  it("splits a line as jline does (quotes, backslashes) and parses as argparse4j's subparsers", () => {
    expect(splitLine('  ls   "/a b"  c\\ d \'e\'')).toEqual(['ls', '/a b', 'c d', 'e']);
    expect(parseCommand(['ls', ''], false)).toMatchObject({ kind: 'run', args: [] });
    expect(parseCommand([], true)).toEqual({ kind: 'noop' });
    expect(parseCommand(['cd', 'a', 'b'], true)).toEqual({ kind: 'error', message: "unrecognized arguments: 'b'" });
    expect(parseCommand(['man'], true)).toEqual({ kind: 'error', message: 'too few arguments' });
    expect(parseCommand(['t'], false)).toEqual({ kind: 'error', message: "invalid choice: 't': did you mean 'tree'?" });
  });
});
