/** The page's requests to its server: control requests, and REST as the app's backend. */

/** POSTs JSON to one of the page's control endpoints (`/sim/*`) and reads the JSON answer. */
export async function post(path: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

/**
 * REST as the app's backend calls it (the scenarios, the card's `.hide` / `.finish` controls):
 * an app token from `POST /sim/token`, renewed once when refused (the panel can expire every
 * token). Resolves with the `result`; rejects with the REST error.
 */
export function createBackendRest(): (method: string, params: Record<string, unknown>) => Promise<unknown> {
  let token: string | null = null;
  return async (method, params) => {
    for (let attempt = 0; ; attempt++) {
      token ??= String((await post('/sim/token')).AUTH_ID);
      const res = await fetch(`/rest/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...params, auth: token }),
      });
      const body = (await res.json()) as { result?: unknown; error?: string; error_description?: string };
      if (res.status === 401 && attempt === 0) {
        token = null;
        continue;
      }
      if (body.error) throw new Error(`${method}: ${body.error} ${body.error_description ?? ''}`.trim());
      return body.result;
    }
  };
}
