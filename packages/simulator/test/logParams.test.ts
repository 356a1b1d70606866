import { describe, expect, it } from 'vitest';
import { logParams, MAX_KEYS, MAX_PARAMS, MAX_STRING } from '../src/rest/logParams';

describe('logParams', () => {
  it('masks secrets at any depth, whatever their case', () => {
    expect(
      logParams({
        auth: '0123456789',
        AUTH_ID: 'abcdefgh',
        nested: { REFRESH_ID: 'zyxwvuts', access_token: 'tok-tok-tok', list: [{ refresh_token: 'r-r-r-r-r' }] },
        id: 7,
        empty: '',
      }),
    ).toEqual({
      auth: '0123…',
      AUTH_ID: 'abcd…',
      nested: { REFRESH_ID: 'zyxw…', access_token: 'tok-…', list: [{ refresh_token: 'r-r-…' }] },
      id: 7,
      empty: '',
    });
  });

  it('cuts long strings, wide objects and arrays, and deep nesting', () => {
    const shown = logParams({
      long: 'x'.repeat(MAX_STRING + 10),
      wide: Object.fromEntries(Array.from({ length: MAX_KEYS + 3 }, (_, i) => [`k${i}`, i])),
      items: Array.from({ length: MAX_KEYS + 2 }, (_, i) => i),
      deep: { a: { b: { c: { d: { e: { f: 1 } } } } } },
    });
    expect(shown.long).toBe(`${'x'.repeat(MAX_STRING)}… (10 more characters)`);
    expect(Object.keys(shown.wide as object)).toHaveLength(MAX_KEYS + 1);
    expect((shown.wide as Record<string, unknown>)['…']).toBe('3 more keys');
    expect((shown.items as unknown[]).at(-1)).toBe('… (2 more items)');
    expect(shown.deep).toEqual({ a: { b: { c: { d: '{…}' } } } });
  });

  it('keeps a 1 MB body to a few kilobytes', () => {
    const big: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) big[`field${i}`] = { text: 'y'.repeat(25_000), auth: 'secret-secret' };
    const shown = logParams(big);
    const json = JSON.stringify(shown);
    expect(json.length).toBeLessThan(MAX_PARAMS + 200);
    expect(shown['…']).toMatch(/^parameters cut: \d+ characters$/);
    expect(json).not.toContain('secret-secret');
  });

  it('keeps a __proto__ key as data', () => {
    const params = JSON.parse('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    const shown = logParams(params);
    expect(Object.keys(shown)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
