import type { CallCardClient } from '../client/createCallCardClient';
import { getDefaultCallCardClient } from '../client/getDefaultCallCardClient';
import { isCallCardError } from '../errors';
import type { RestCallOptions, RestCaller } from '../rest/callRest';
import { createRestCaller } from '../rest/createRestCaller';
import { CallCardRegistrationError } from '../rest/errors';
import type { PortalInfo } from '../rest/portalInfo';

/** How to reach REST: a caller, a portal (its token is used), or a client (default: the page's). */
export interface RestTarget {
  /** A REST caller, or the portal to call with its token as it is. */
  readonly rest?: RestCaller | PortalInfo;
  /** The client whose portal to use when `rest` is not given. Default: `getDefaultCallCardClient()`. */
  readonly client?: CallCardClient;
  /** Cancels every REST call the helper makes. */
  readonly signal?: AbortSignal;
  /** Gives up on each REST call after this many ms. Default: 30 000. */
  readonly timeoutMs?: number;
}

/** Options of {@link registerBackgroundWorker}. */
export interface RegisterBackgroundWorkerOptions extends RestTarget {
  /** Absolute http(s) URL of the worker page (`HANDLER`). */
  readonly handler: string;
  /** Absolute http(s) URL Bitrix24 posts loading errors to (`OPTIONS[errorHandlerUrl]`). Required. */
  readonly errorHandlerUrl: string;
  /** `TITLE`. */
  readonly title?: string;
  /** `LANG_ALL`: titles and descriptions by language. */
  readonly langAll?: Readonly<Record<string, { readonly TITLE?: string; readonly DESCRIPTION?: string }>>;
  /** `USER_ID`: register the worker for one user only. */
  readonly userId?: number;
}

const PLACEMENT = 'PAGE_BACKGROUND_WORKER';

const checkUrl = (name: string, value: unknown): string => {
  let ok = false;
  try {
    ok = /^https?:$/.test(new URL(String(value)).protocol);
  } catch {
    // not a URL
  }
  if (!ok)
    throw new CallCardRegistrationError(
      'INVALID_URL',
      `${name} must be an absolute http(s) URL, got ${JSON.stringify(value)}`,
    );
  return String(value);
};

/** The REST caller of a target, with its signal and timeout; `NOT_CONNECTED` becomes a registration error. */
function restCaller(target: RestTarget): RestCaller {
  const { rest, signal, timeoutMs } = target;
  const call: RestCaller =
    typeof rest === 'function' ? rest : createRestCaller(rest ?? target.client ?? getDefaultCallCardClient());
  return <T>(method: string, params?: Record<string, unknown>, options?: RestCallOptions) =>
    call<T>(method, params, { signal, timeoutMs, ...options }).catch((e: unknown) => {
      throw isCallCardError(e) && e.code === 'NOT_CONNECTED'
        ? new CallCardRegistrationError('NOT_CONNECTED', e.message)
        : e;
    });
}

/**
 * Registers the app's background worker: REST `placement.bind` with
 * `PLACEMENT=PAGE_BACKGROUND_WORKER`. Checks first, with clear errors, that both URLs are
 * absolute http(s) URLs, that `errorHandlerUrl` is there (Bitrix24 requires it), and that the
 * user is an administrator (`user.admin`). Resolves `'already-registered'` when this handler is
 * already bound, and rejects with `ALREADY_BOUND` when another handler is (one per app, or per user
 * with `userId`).
 *
 * @example
 * await registerBackgroundWorker({
 *   handler: 'https://my-app.example.com/worker/',
 *   errorHandlerUrl: 'https://my-app.example.com/worker-error',
 *   title: 'Call helper',
 * });
 */
export async function registerBackgroundWorker(
  options: RegisterBackgroundWorkerOptions,
): Promise<'registered' | 'already-registered'> {
  if (!options.errorHandlerUrl) {
    throw new CallCardRegistrationError(
      'MISSING_ERROR_HANDLER_URL',
      'errorHandlerUrl is required: Bitrix24 posts worker loading errors there and refuses the registration without it',
    );
  }
  const handler = checkUrl('handler', options.handler);
  const errorHandlerUrl = checkUrl('errorHandlerUrl', options.errorHandlerUrl);
  const call = restCaller(options);
  if ((await call<boolean>('user.admin')) !== true) {
    throw new CallCardRegistrationError(
      'NOT_ADMIN',
      'Only a portal administrator can register the background worker: open the app as an administrator',
    );
  }
  const bound =
    (await call<Array<{ placement?: string; handler?: string; userId?: unknown; USER_ID?: unknown }>>(
      'placement.get',
    )) ?? [];
  // One registration per user (0: every user); a per-user one is told apart by its user id.
  const user = options.userId ?? 0;
  const mine = bound.filter((b) => b.placement === PLACEMENT && Number(b.userId ?? b.USER_ID ?? 0) === user);
  if (mine.some((b) => b.handler === handler)) return 'already-registered';
  if (mine.length) {
    throw new CallCardRegistrationError(
      'ALREADY_BOUND',
      `Another background worker is registered (${mine[0]!.handler}): unregisterBackgroundWorker() it first`,
    );
  }
  await call('placement.bind', {
    PLACEMENT,
    HANDLER: handler,
    OPTIONS: { errorHandlerUrl },
    ...(options.title !== undefined && { TITLE: options.title }),
    ...(options.langAll !== undefined && { LANG_ALL: options.langAll }),
    ...(options.userId !== undefined && { USER_ID: options.userId }),
  });
  return 'registered';
}

/**
 * Unregisters the background worker (REST `placement.unbind`); with `handler`, only that one.
 * Checks the administrator rights first. Resolves with how many registrations were removed.
 *
 * @example
 * await unregisterBackgroundWorker('https://my-app.example.com/worker/');
 */
export async function unregisterBackgroundWorker(handler?: string, target: RestTarget = {}): Promise<number> {
  if (handler !== undefined) checkUrl('handler', handler);
  const call = restCaller(target);
  if ((await call<boolean>('user.admin')) !== true) {
    throw new CallCardRegistrationError(
      'NOT_ADMIN',
      'Only a portal administrator can unregister the background worker',
    );
  }
  const r = await call<{ count?: number }>('placement.unbind', {
    PLACEMENT,
    ...(handler !== undefined && { HANDLER: handler }),
  });
  return Number(r?.count ?? 0);
}
