import { CallCardError } from './errors';
import type { PortalInfo } from './types';

/** A REST call the portal refused: `error` and `description` are Bitrix24's `error` / `error_description`. */
export class CallCardRestError extends CallCardError {
  /**
   * @param method The REST method called.
   * @param error Bitrix24's error code (e.g. `expired_token`, `ACCESS_DENIED`; may be empty).
   * @param description Bitrix24's error description.
   * @param status The HTTP status.
   */
  constructor(
    readonly method: string,
    readonly error: string,
    readonly description: string,
    readonly status: number,
  ) {
    super('REST', `${method}: ${error || 'error'} ${description}`.trim());
    this.name = 'CallCardRestError';
  }
}

/** A function that calls a Bitrix24 REST method and resolves with its `result`. */
export type RestCaller = <T = unknown>(
  method: string,
  params?: Record<string, unknown>,
  init?: { signal?: AbortSignal },
) => Promise<T>;

/**
 * Calls a Bitrix24 REST method from the app frame with the portal's OAuth token, and resolves
 * with the answer's `result`. Rejects with a {@link CallCardRestError} when the portal answers
 * with an error (`expired_token`, `invalid_token`, `Not found`...).
 *
 * @example
 * const contact = await callRest(client.getPortal()!, 'crm.contact.get', { id: 17 });
 */
export async function callRest<T = unknown>(
  portal: PortalInfo,
  method: string,
  params: Record<string, unknown> = {},
  init: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<T> {
  const res = await (init.fetch ?? fetch)(`${portal.restUrl}${method}.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, auth: portal.auth.accessToken }),
    signal: init.signal,
  });
  const json: unknown = await res.json().catch(() => null);
  const body = (typeof json === 'object' && json !== null ? json : {}) as {
    result?: T;
    error?: unknown;
    error_description?: unknown;
  };
  if (!res.ok || 'error' in body) {
    throw new CallCardRestError(
      method,
      String(body.error ?? ''),
      String(body.error_description ?? `HTTP ${res.status}`),
      res.status,
    );
  }
  return body.result as T;
}
