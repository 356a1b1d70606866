import { describe, expect, it } from 'vitest';
import { CallCardUnsupportedError, isHostAllowed, parseWindowName, readFrameParams } from '@b24-callcard/core';

const win = (name: string) => ({ name }) as Window;

/** What a browser reports as the origin of a URL: lower-case host, default port dropped. */
const browserOrigin = (url: string) => new URL(url).origin;

describe('parseWindowName', () => {
  it('reads DOMAIN|PROTOCOL|APP_SID', () => {
    expect(parseWindowName('example.bitrix24.com|1|abc123')).toEqual({
      domain: 'example.bitrix24.com',
      https: true,
      appSid: 'abc123',
      origin: 'https://example.bitrix24.com',
    });
    expect(parseWindowName('localhost:4000|0|s')).toEqual({
      domain: 'localhost:4000',
      https: false,
      appSid: 's',
      origin: 'http://localhost:4000',
    });
  });

  it('strips :80 and :443 like both libraries', () => {
    expect(parseWindowName('a.com:443|1|s')?.origin).toBe('https://a.com');
    expect(parseWindowName('a.com:80|0|s')?.origin).toBe('http://a.com');
    expect(parseWindowName('a.com:443|1|s')?.domain).toBe('a.com');
    expect(parseWindowName('a.com:8443|1|s')?.origin).toBe('https://a.com:8443');
  });

  it('lower-cases an upper-case host, so its origin matches what browsers report', () => {
    const params = parseWindowName('EXAMPLE.Bitrix24.COM|1|Sid-1');
    expect(params).toEqual({
      domain: 'example.bitrix24.com',
      https: true,
      appSid: 'Sid-1', // the app sid is echoed to the portal as given
      origin: 'https://example.bitrix24.com',
    });
    // A MessageEvent's origin comes from the browser, always in lower case: they must compare equal.
    expect(params!.origin).toBe(browserOrigin('https://EXAMPLE.Bitrix24.COM'));
    expect(parseWindowName('LocalHost:4000|0|s')!.origin).toBe(browserOrigin('http://LocalHost:4000'));
    expect(parseWindowName('A.COM:443|1|s')!.origin).toBe(browserOrigin('https://A.COM:443'));
  });

  it.each([
    '',
    'foo',
    'a.com|2|s',
    'a.com|1|',
    '|1|s',
    'a.com|1|s|x',
    'evil.com/x|1|s',
    'a.com@evil.com|1|s',
    'a.com|1|s:t',
    'a.com:123456|1|s',
    ' a.com|1|s',
  ])('rejects %j', (name) => expect(parseWindowName(name)).toBeNull());
});

describe('isHostAllowed', () => {
  it('matches exact hosts and wildcards, case-insensitively', () => {
    const allow = ['example.bitrix24.com', '*.bitrix24.de', 'localhost:4000'];
    expect(isHostAllowed('example.bitrix24.com', allow)).toBe(true);
    expect(isHostAllowed('EXAMPLE.Bitrix24.com', allow)).toBe(true);
    expect(isHostAllowed('x.bitrix24.de', allow)).toBe(true);
    expect(isHostAllowed('a.b.bitrix24.de', allow)).toBe(true);
    expect(isHostAllowed('bitrix24.de', allow)).toBe(false);
    expect(isHostAllowed('evilbitrix24.de', allow)).toBe(false);
    expect(isHostAllowed('other.bitrix24.com', allow)).toBe(false);
    expect(isHostAllowed('localhost:4000', allow)).toBe(true);
    expect(isHostAllowed('localhost:4001', allow)).toBe(false);
    expect(isHostAllowed('x.com', (h) => h.endsWith('.com'))).toBe(true);
  });

  it('compares upper-case patterns case-insensitively too', () => {
    expect(isHostAllowed('x.bitrix24.com', ['*.BITRIX24.COM'])).toBe(true);
    expect(isHostAllowed('example.bitrix24.com', ['Example.Bitrix24.com'])).toBe(true);
  });

  it('gives a predicate the lower-case host', () => {
    const seen: string[] = [];
    expect(isHostAllowed('EXAMPLE.Bitrix24.com', (h) => (seen.push(h), h === 'example.bitrix24.com'))).toBe(true);
    expect(seen).toEqual(['example.bitrix24.com']);
  });

  it('allows nothing with an empty list', () => {
    expect(isHostAllowed('example.bitrix24.com', [])).toBe(false);
  });
});

describe('readFrameParams', () => {
  it('returns the frame parameters of window.name', () => {
    expect(readFrameParams(win('example.bitrix24.com|1|sid'))).toEqual(parseWindowName('example.bitrix24.com|1|sid'));
    expect(readFrameParams(win('example.bitrix24.com|1|sid'), ['*.bitrix24.com']).origin).toBe(
      'https://example.bitrix24.com',
    );
  });

  it('checks the lower-cased host of an upper-case window.name', () => {
    const params = readFrameParams(win('EXAMPLE.Bitrix24.com|1|sid'), ['example.bitrix24.com']);
    expect(params.domain).toBe('example.bitrix24.com');
    expect(params.origin).toBe(browserOrigin('https://EXAMPLE.Bitrix24.com'));
  });

  it('is unsupported with NOT_IN_PORTAL when window.name is not Bitrix24', () => {
    for (const name of ['', 'foo', 'a.com|2|s']) {
      const error = catchError(() => readFrameParams(win(name), ['*.bitrix24.com']));
      expect(error).toBeInstanceOf(CallCardUnsupportedError);
      expect(error).toMatchObject({ code: 'UNSUPPORTED', reason: 'NOT_IN_PORTAL' });
      expect(error.message).toMatch(/simulator/);
    }
  });

  it('is unsupported with UNTRUSTED_HOST when the host is outside allowedHosts, naming it', () => {
    const error = catchError(() => readFrameParams(win('evil.example|1|sid'), ['*.bitrix24.com']));
    expect(error).toBeInstanceOf(CallCardUnsupportedError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', reason: 'UNTRUSTED_HOST' });
    expect(error.message).toContain('evil.example');
    // The port is part of the host: a portal on another port is another portal.
    expect(catchError(() => readFrameParams(win('localhost:4001|0|s'), ['localhost:4000']))).toMatchObject({
      reason: 'UNTRUSTED_HOST',
    });
    expect(catchError(() => readFrameParams(win('x.com|1|s'), () => false))).toMatchObject({
      reason: 'UNTRUSTED_HOST',
    });
  });

  it('allows any host without allowedHosts', () => {
    expect(readFrameParams(win('evil.example|1|sid')).origin).toBe('https://evil.example');
  });
});

function catchError(f: () => unknown): Error & { reason?: string } {
  try {
    f();
  } catch (e) {
    return e as Error & { reason?: string };
  }
  throw new Error('expected a throw');
}
