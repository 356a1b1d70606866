import { describe, expect, it } from 'vitest';
import { mockPortal, mockPortalData } from '@b24-callcard/core/testing';
import { portalInfo } from './portalInfo';

const origin = 'https://example.bitrix24.com';
const receivedAt = 1_700_000_000_000;

describe('portalInfo', () => {
  it('builds the portal info from the origin and the getInitData-shaped data', () => {
    expect(portalInfo({ origin, data: mockPortalData(), receivedAt })).toEqual({
      ...mockPortal(),
      auth: { ...mockPortal().auth, expiresAt: receivedAt + 3600_000 },
    });
  });

  it('takes the REST URL from the origin only: path, query and data fields like DOMAIN do not move it', () => {
    const data = { ...mockPortalData(), DOMAIN: 'attacker.example', PROTOCOL: 0, PATH: '//attacker.example/rest' };
    const info = portalInfo({ origin: 'https://Example.Bitrix24.com/some/path?x=1#y', data, receivedAt });
    expect(info.domain).toBe('example.bitrix24.com');
    expect(info.protocol).toBe('https:');
    expect(info.restUrl).toBe('https://example.bitrix24.com/rest/');
  });

  it('keeps a port and the http protocol', () => {
    const info = portalInfo({ origin: 'http://localhost:4000', data: {}, receivedAt });
    expect(info.domain).toBe('localhost:4000');
    expect(info.protocol).toBe('http:');
    expect(info.restUrl).toBe('http://localhost:4000/rest/');
  });

  it('reads AUTH_EXPIRES as seconds from receivedAt, as a number or a numeric string', () => {
    expect(portalInfo({ origin, data: { AUTH_EXPIRES: 60 }, receivedAt }).auth.expiresAt).toBe(receivedAt + 60_000);
    expect(portalInfo({ origin, data: { AUTH_EXPIRES: '3600' }, receivedAt }).auth.expiresAt).toBe(
      receivedAt + 3600_000,
    );
  });

  it('lets AUTH_EXPIRES_AT (ms since the epoch) win over AUTH_EXPIRES', () => {
    const at = receivedAt + 123_456;
    expect(portalInfo({ origin, data: { AUTH_EXPIRES_AT: at, AUTH_EXPIRES: 3600 }, receivedAt }).auth.expiresAt).toBe(
      at,
    );
    expect(
      portalInfo({ origin, data: { AUTH_EXPIRES_AT: String(at), AUTH_EXPIRES: 3600 }, receivedAt }).auth.expiresAt,
    ).toBe(at);
    // A missing or unusable AUTH_EXPIRES_AT falls back to AUTH_EXPIRES.
    expect(portalInfo({ origin, data: { AUTH_EXPIRES_AT: 'soon', AUTH_EXPIRES: 10 }, receivedAt }).auth.expiresAt).toBe(
      receivedAt + 10_000,
    );
  });

  it('reads the flags and options strictly', () => {
    const read = (data: Record<string, unknown>) => portalInfo({ origin, data, receivedAt });
    expect(read({ IS_ADMIN: true }).isAdmin).toBe(true);
    expect(read({ IS_ADMIN: 'Y' }).isAdmin).toBe(true);
    for (const v of [false, 'N', 'true', 1, {}, null, undefined]) expect(read({ IS_ADMIN: v }).isAdmin).toBe(false);
    expect(read({ PLACEMENT_OPTIONS: { ID: 5 } }).placementOptions).toEqual({ ID: 5 });
    for (const v of [[1, 2], 'a=b', null, 3]) expect(read({ PLACEMENT_OPTIONS: v }).placementOptions).toEqual({});
    expect(read({ AUTH_ID: '', REFRESH_ID: '', MEMBER_ID: '', LANG: '' })).toMatchObject({
      auth: { accessToken: '', refreshToken: null },
      memberId: null,
      lang: null,
    });
  });

  it('is total: fields of the wrong type are read as missing and never throw', () => {
    const noToString = { toString: 1 };
    const nullProto = Object.create(null) as object;
    const throwing = {
      toString() {
        throw new Error('coerced');
      },
      valueOf() {
        throw new Error('coerced');
      },
    };
    const weird = [noToString, nullProto, throwing, Symbol('x'), 10n, [1], () => 'x', true, null, undefined];
    for (const v of weird) {
      const data = {
        AUTH_ID: v,
        REFRESH_ID: v,
        AUTH_EXPIRES: v,
        AUTH_EXPIRES_AT: v,
        MEMBER_ID: v,
        IS_ADMIN: v,
        LANG: v,
        PLACEMENT_OPTIONS: v,
      };
      let info!: ReturnType<typeof portalInfo>;
      expect(() => (info = portalInfo({ origin, data, receivedAt })), String(typeof v)).not.toThrow();
      expect(info.auth).toEqual({ accessToken: '', refreshToken: null, expiresAt: receivedAt });
      expect(info.memberId).toBeNull();
      expect(info.lang).toBeNull();
      expect(info.isAdmin).toBe(v === true);
    }
    // The spelled-out cases of the brief: AUTH_EXPIRES with a non-callable toString.
    expect(portalInfo({ origin, data: { AUTH_EXPIRES: { toString: 1 } }, receivedAt }).auth.expiresAt).toBe(receivedAt);
    expect(
      portalInfo({ origin, data: { AUTH_EXPIRES_AT: { toString: 1 }, AUTH_EXPIRES: 5 }, receivedAt }).auth.expiresAt,
    ).toBe(receivedAt + 5000);
  });

  it('reads empty data as a portal with no token', () => {
    expect(portalInfo({ origin, data: {}, receivedAt })).toEqual({
      domain: 'example.bitrix24.com',
      protocol: 'https:',
      restUrl: 'https://example.bitrix24.com/rest/',
      auth: { accessToken: '', refreshToken: null, expiresAt: receivedAt },
      memberId: null,
      isAdmin: false,
      lang: null,
      placementOptions: {},
    });
  });
});
