import { CallCardRestError } from './errors';
import type { PortalInfo } from './portalInfo';

/** Options of one REST call. */
export interface RestCallOptions {
  /** Cancels the call; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Gives up after this many ms with a `TIMEOUT` {@link CallCardRestError}. Default: 30 000 (as the official SDK). */
  readonly timeoutMs?: number;
  /** The `fetch` to use (tests, a server runtime). Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** A function that calls a Bitrix24 REST method and resolves with its `result`. */
export type RestCaller = <T = unknown>(
  method: string,
  params?: Record<string, unknown>,
  options?: RestCallOptions,
) => Promise<T>;

/**
 * Calls a Bitrix24 REST method from the app frame with the portal's OAuth token, and resolves
 * with the answer's `result`. The token goes to `portal.restUrl` only: the method is encoded as
 * one path segment and redirects are never followed. Rejects with a {@link CallCardRestError}
 * whose `reason` says how it failed: `PORTAL` (Bitrix24's `error`, e.g. `expired_token`),
 * `INVALID_RESPONSE`, `REDIRECT`, `NETWORK` or `TIMEOUT`.
 *
 * @example
 * const contact = await callRest(getPortal(client)!, 'crm.contact.get', { id: 17 });
 */
export async function callRest<T = unknown>(
  portal: PortalInfo,
  method: string,
  params: Record<string, unknown> = {},
  options: RestCallOptions = {},
): Promise<T> {
  const { signal, timeoutMs = 30_000 } = options;
  const fail = (reason: CallCardRestError['reason'], description: string, status = 0, cause?: unknown) =>
    new CallCardRestError(method, '', description, status, reason, cause);
  signal?.throwIfAborted();
  const ctrl = new AbortController();
  const onAbort = (): void => ctrl.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs > 0 && timeoutMs < 2 ** 31
      ? setTimeout(() => ctrl.abort(fail('TIMEOUT', `no answer in ${timeoutMs} ms`)), timeoutMs)
      : undefined;
  try {
    let res: Response;
    try {
      res = await (options.fetch ?? fetch)(`${portal.restUrl}${encodeURIComponent(method)}.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...params, auth: portal.auth.accessToken }),
        signal: ctrl.signal,
        // A redirect would re-post the token to another host: never followed.
        redirect: 'manual',
      });
    } catch (cause) {
      throw ctrl.signal.aborted
        ? ctrl.signal.reason
        : fail('NETWORK', `the portal did not answer (${cause})`, 0, cause);
    }
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
      throw fail(
        'REDIRECT',
        `the portal answered with a redirect (HTTP ${res.status}); not followed, the token stays home`,
        res.status,
      );
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch (cause) {
      if (ctrl.signal.aborted) throw ctrl.signal.reason;
      json = cause;
    }
    const body = (typeof json === 'object' && json !== null && !(json instanceof Error) ? json : null) as {
      result?: T;
      error?: unknown;
      error_description?: unknown;
    } | null;
    if (body && 'error' in body) {
      throw new CallCardRestError(
        method,
        typeof body.error === 'string' ? body.error : '',
        typeof body.error_description === 'string' ? body.error_description : `HTTP ${res.status}`,
        res.status,
      );
    }
    if (!res.ok || !body || !('result' in body)) {
      throw fail('INVALID_RESPONSE', `HTTP ${res.status}, not a Bitrix24 REST answer`, res.status);
    }
    return body.result as T;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
