import type { PortalData } from '../transports/transport';
import {
  createMockTransport,
  mockPortalData,
  type MockTransport,
  type MockTransportOptions,
} from './createMockTransport';

/** A REST error the mock portal answers with, as Bitrix24 does (`{ error, error_description }`). */
export class MockRestError extends Error {
  /**
   * @param error Bitrix24's error code, e.g. `NOT_FOUND`, `ACCESS_DENIED`.
   * @param description Bitrix24's `error_description`.
   * @param status The HTTP status. Default: 400.
   */
  constructor(
    readonly error: string,
    readonly description = '',
    readonly status = 400,
  ) {
    super(`${error} ${description}`.trim());
    this.name = 'MockRestError';
  }
}

/** A REST method of the mock portal: gets the call's params (without `auth`), returns the `result`. */
export type MockRestMethod = (params: Record<string, unknown>) => unknown;

/** Options of {@link createMockPortal}. */
export interface MockPortalOptions extends MockTransportOptions {
  /**
   * The REST methods the portal answers, by name (`crm.contact.get`...). A method returns the
   * `result` (or a promise of it), or throws a {@link MockRestError}. Any other method answers
   * `ERROR_METHOD_NOT_FOUND`, as the portal does.
   */
  readonly rest?: Readonly<Record<string, MockRestMethod>>;
}

/** A fake portal for tests: the frame side (a {@link MockTransport}) and the REST side (a `fetch`). */
export interface MockPortal {
  /** The frame side: give it to `createCallCardClient({ transport })`. */
  readonly transport: MockTransport;
  /**
   * The REST side, a `fetch` that answers only the portal's REST URL: give it to
   * `createRestCaller(client, { fetch })` or `callRest(portal, method, params, { fetch })`. No
   * global `fetch` is touched.
   */
  readonly fetch: typeof fetch;
  /** Every REST call made, in order (params without `auth`). */
  readonly calls: ReadonlyArray<{ readonly method: string; readonly params: Record<string, unknown> }>;
  /**
   * Expires the current token: REST answers `expired_token` until the app refreshes it (the
   * transport's `refreshAuth` hands out a new one, as the portal does).
   */
  expireToken(): void;
}

/**
 * Creates a fake portal with both sides an app talks to: the frame (events, commands, tokens) and
 * REST (your methods, with Bitrix24's answer and error shapes, and the token checked).
 *
 * @example
 * const portal = createMockPortal({ rest: { 'crm.contact.get': ({ id }) => ({ ID: id, NAME: 'Anna' }) } });
 * const client = createCallCardClient({ transport: portal.transport });
 * const rest = createRestCaller(client, { fetch: portal.fetch });
 * await rest('crm.contact.get', { id: 17 }); // { ID: 17, NAME: 'Anna' }
 */
export function createMockPortal(options: MockPortalOptions = {}): MockPortal {
  const data = options.data ?? mockPortalData();
  let token = typeof data.AUTH_ID === 'string' ? data.AUTH_ID : 'mock-access-token';
  let expired = false;
  let refreshes = 0;
  const calls: Array<{ method: string; params: Record<string, unknown> }> = [];
  const transport = createMockTransport({
    ...options,
    data,
    refreshAuth:
      options.refreshAuth ??
      ((): PortalData => {
        token = `mock-access-token-${++refreshes}`;
        expired = false;
        return { AUTH_ID: token, REFRESH_ID: `mock-refresh-token-${refreshes}`, AUTH_EXPIRES: 3600 };
      }),
  });
  const origin = options.origin === undefined ? 'https://example.bitrix24.com' : options.origin;
  const answer = (status: number, body: unknown): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const mockFetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (!origin || url.origin !== origin || !url.pathname.startsWith('/rest/')) {
      throw new TypeError(`The mock portal answers ${origin ?? 'no origin'}/rest/ only, not ${url.href}`);
    }
    const method = decodeURIComponent(url.pathname.slice('/rest/'.length)).replace(/\.json$/, '');
    const { auth, ...params } = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<
      string,
      unknown
    >;
    calls.push({ method, params });
    if (auth !== token)
      return answer(401, { error: 'invalid_token', error_description: 'The access token provided is invalid.' });
    if (expired)
      return answer(401, { error: 'expired_token', error_description: 'The access token provided has expired.' });
    const fn =
      options.rest && Object.prototype.hasOwnProperty.call(options.rest, method) ? options.rest[method] : undefined;
    if (!fn) return answer(404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
    try {
      return answer(200, { result: await fn(params) });
    } catch (e) {
      if (e instanceof MockRestError) return answer(e.status, { error: e.error, error_description: e.description });
      throw e; // a bug in the test's own method: let the test see it
    }
  }) as typeof fetch;

  return {
    transport,
    fetch: mockFetch,
    calls,
    expireToken: () => void (expired = true),
  };
}
