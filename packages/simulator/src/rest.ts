import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createCrmSample, type CrmSample } from './crmSample';
import { restError as err, restResult, type RestAnswer } from './rest/answer';
import { logParams } from './rest/logParams';
import { createTelephony, type CallEvent, type RestContext, type RestMethod } from './rest/telephony';

export type { RestAnswer } from './rest/answer';

/** One REST call, as logged: secrets masked and the parameters bounded (see `logParams`). */
export interface RestLogEntry {
  method: string;
  params: Record<string, unknown>;
  status: number;
  error: string | null;
}

/** What the server tells the page: a REST call made, or a card shown, hidden or finished. */
export type SimEvent = ({ type: 'rest' } & RestLogEntry) | CallEvent;

interface Token {
  refresh: string;
  expiresAt: number;
}

/** At most this many token pairs are kept, the oldest dropped first (a simulator left open for days stays small). */
const MAX_TOKENS = 10_000;
/** Longest method name logged. */
const MAX_METHOD = 200;

/** Options of {@link createRestPortal}. */
export interface RestPortalOptions {
  /** Token lifetime in seconds. Default 3600. */
  tokenTtl?: number;
  /** The CRM data. Default: {@link createCrmSample}. */
  crm?: CrmSample;
  /** The inbound webhook's secret code. Default: random, new at each start. */
  webhookCode?: string;
  /** The clock (ms). Default `Date.now`. */
  now?: () => number;
}

const TYPES: Record<string, keyof CrmSample> = { contact: 'CONTACT', company: 'COMPANY', lead: 'LEAD', deal: 'DEAL' };

/** The user the page plays, the app's tokens act as, and the webhook belongs to. */
const PAGE_USER = 1;

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The REST side of the simulated portal: tokens it hands out in `getInitData`, and the methods
 * the examples call, answered from the CRM sample with Bitrix24's response and error shapes.
 */
export function createRestPortal(options: RestPortalOptions = {}) {
  const ttl = options.tokenTtl ?? 3600;
  const crm = options.crm ?? createCrmSample();
  const now = options.now ?? Date.now;
  const webhook = { userId: PAGE_USER, code: options.webhookCode ?? randomBytes(12).toString('hex') };
  const tokens = new Map<string, Token>();
  const placements: Array<Record<string, unknown>> = [];
  let isAdmin = true;
  const restListeners = new Set<(e: RestLogEntry) => void>();
  const eventListeners = new Set<(e: SimEvent) => void>();
  const emit = (e: SimEvent) => {
    for (const l of eventListeners) l(e);
  };

  const issue = () => {
    const accessToken = randomBytes(16).toString('hex');
    const refresh = randomBytes(16).toString('hex');
    // A Map iterates in insertion order: the first keys are the oldest pairs.
    for (const key of tokens.keys()) {
      if (tokens.size < MAX_TOKENS) break;
      tokens.delete(key);
    }
    tokens.set(accessToken, { refresh, expiresAt: now() + ttl * 1000 });
    return { AUTH_ID: accessToken, REFRESH_ID: refresh, AUTH_EXPIRES: String(ttl) };
  };

  const wrap = (result: unknown, extra: Record<string, unknown> = {}): RestAnswer => restResult(result, extra, now());
  const telephony = createTelephony({ crm, now, emit, result: wrap });

  /** Registering placements needs the app: a webhook gets `WRONG_AUTH_TYPE`. */
  const appContext = (context: RestContext): RestAnswer | null =>
    context.auth === 'app' ? null : err(403, 'WRONG_AUTH_TYPE', 'Application context required');

  const methods: Record<string, RestMethod> = {
    profile: (_p, context) =>
      wrap({
        ID: String(context.userId),
        ADMIN: isAdmin,
        NAME: 'Sam',
        LAST_NAME: 'Simulator',
        PERSONAL_GENDER: '',
        TIME_ZONE: 'UTC',
        TIME_ZONE_OFFSET: 0,
      }),
    'user.admin': () => wrap(isAdmin),
    'app.info': (_p, context) =>
      wrap({
        ID: 1,
        // A webhook is no app: the portal answers without the code.
        ...(context.auth === 'app' ? { CODE: 'local.simulator' } : {}),
        VERSION: 1,
        STATUS: 'L',
        INSTALLED: true,
        PAYMENT_EXPIRED: 'N',
        DAYS: null,
      }),
    'placement.get': () => wrap(placements),
    'placement.bind': (p, context) => {
      const denied = appContext(context);
      if (denied) return denied;
      if (!isAdmin) return err(403, 'ACCESS_DENIED', 'Access denied! Application administrator rights required');
      const placement = String(p.PLACEMENT ?? p.placement ?? '');
      const handler = String(p.HANDLER ?? p.handler ?? '');
      if (!placement) return err(400, 'ERROR_PLACEMENT_NOT_FOUND', 'Placement not found');
      if (!handler) return err(400, 'ERROR_HANDLER_URL', 'Handler URL is not set');
      const opts = (p.OPTIONS ?? {}) as Record<string, unknown>;
      if (placement === 'PAGE_BACKGROUND_WORKER' && !opts.errorHandlerUrl) {
        return err(400, 'EMPTY_ERROR_HANDLER_URL', 'OPTIONS[errorHandlerUrl] is required for PAGE_BACKGROUND_WORKER');
      }
      const userId = Number(p.USER_ID ?? 0) || 0; // "1" and 1 are one user
      if (placements.some((x) => x.placement === placement && x.userId === userId)) {
        return err(400, 'ERROR_PLACEMENT_MAX_COUNT', 'Handler already bound for this placement');
      }
      placements.push({
        placement,
        handler,
        title: p.TITLE ?? '',
        options: opts,
        userId,
        langAll: p.LANG_ALL ?? null,
      });
      return wrap(true);
    },
    'placement.unbind': (p, context) => {
      const denied = appContext(context);
      if (denied) return denied;
      if (!isAdmin) return err(403, 'ACCESS_DENIED', 'Access denied! Application administrator rights required');
      const placement = String(p.PLACEMENT ?? '');
      const handler = p.HANDLER ? String(p.HANDLER) : null;
      let count = 0;
      for (let i = placements.length - 1; i >= 0; i--) {
        const x = placements[i]!;
        if (x.placement === placement && (!handler || x.handler === handler)) {
          placements.splice(i, 1);
          count++;
        }
      }
      return wrap({ count });
    },
    ...telephony.methods,
  };
  for (const [name, type] of Object.entries(TYPES)) {
    methods[`crm.${name}.get`] = (p) => {
      const id = String(p.id ?? p.ID ?? '');
      if (!/^[1-9]\d*$/.test(id)) return err(400, '', 'ID is not defined or invalid.');
      const record = crm[type].find((r) => r.ID === id);
      return record ? wrap(record) : err(400, '', 'Not found');
    };
    methods[`crm.${name}.list`] = () => wrap(crm[type], { total: crm[type].length });
  }

  const run = (method: string, params: Record<string, unknown>, context: RestContext): RestAnswer => {
    const fn = Object.prototype.hasOwnProperty.call(methods, method) ? methods[method] : undefined;
    return fn ? fn(params, context) : err(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
  };

  /** Answers, then logs the call (masked and bounded) to every listener. */
  const answerAndLog = (rawMethod: string, params: Record<string, unknown>, answer: () => RestAnswer): RestAnswer => {
    let result: RestAnswer;
    try {
      result = answer();
    } catch (e) {
      // A parameter of an unexpected shape (a nested form key where a string was expected):
      // answered in Bitrix24's error shape, and logged like any other call.
      result = err(400, 'INVALID_REQUEST', `Bad parameters: ${String((e as Error)?.message ?? e)}`);
    }
    if (restListeners.size || eventListeners.size) {
      const method = rawMethod.replace(/\.json$/i, '');
      const entry: RestLogEntry = {
        method: method.length > MAX_METHOD ? `${method.slice(0, MAX_METHOD)}…` : method,
        params: logParams(params),
        status: result.status,
        error: (result.body.error as string | undefined) ?? null,
      };
      for (const l of restListeners) l(entry);
      emit({ type: 'rest', ...entry });
    }
    return result;
  };

  const methodName = (rawMethod: string) => rawMethod.replace(/\.json$/i, '').toLowerCase();

  return {
    crm,
    /** Issues a fresh token pair, as the portal does for each frame's `getInitData`. */
    issueToken: issue,
    /** Answers `refreshAuth`: a new pair for a known refresh token, else `null`. */
    refresh(refreshToken: string) {
      // Not single-use: the portal answers a frame's refreshAuth from its own session, so two
      // clients in one frame refreshing at once both get a token.
      for (const t of tokens.values()) if (refreshToken && t.refresh === refreshToken) return issue();
      return null;
    },
    /** Makes every token issued so far expired (to test the app's handling of `expired_token`). */
    expireAll() {
      for (const t of tokens.values()) t.expiresAt = 0;
    },
    /** Whether the simulated user is an administrator. */
    setAdmin(value: boolean) {
      isAdmin = value;
    },
    get isAdmin() {
      return isAdmin;
    },
    /** Placements registered through `placement.bind`. */
    placements,
    /** The inbound webhook: `/rest/<userId>/<code>/<method>`. */
    webhook: webhook as Readonly<typeof webhook>,
    /** Calls registered with `telephony.externalCall.register` and not finished yet. */
    calls: telephony.calls,
    /** The users a call's card is shown to now (`[]` for a call that is not open). */
    shownTo: telephony.shownTo,
    /** Call activities `telephony.externalCall.finish` left, as `crm.activity.list` returns them. */
    activities: telephony.activities,
    /** Calls back on every REST call (the entry masked and bounded). */
    onCall(listener: (e: RestLogEntry) => void): () => void {
      restListeners.add(listener);
      return () => void restListeners.delete(listener);
    },
    /** Calls back on every event for the page: REST calls made, cards shown, hidden, finished. */
    onEvent(listener: (e: SimEvent) => void): () => void {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    /** Answers a REST call made with an OAuth token (`auth`). `method` may end with `.json`. */
    call(rawMethod: string, params: Record<string, unknown>): RestAnswer {
      return answerAndLog(rawMethod, params, () => {
        const auth = typeof params.auth === 'string' ? params.auth : '';
        if (!auth) return err(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
        const token = tokens.get(auth);
        if (!token) return err(401, 'invalid_token', 'The access token provided is invalid.');
        if (token.expiresAt <= now()) return err(401, 'expired_token', 'The access token provided has expired.');
        return run(methodName(rawMethod), params, { auth: 'app', userId: PAGE_USER });
      });
    },
    /**
     * Answers a call to the inbound webhook, `/rest/<userId>/<code>/<method>`: no token, the user
     * and code in the path; a wrong pair gets `401 INVALID_CREDENTIALS` as from the portal.
     */
    callWebhook(userId: string, code: string, rawMethod: string, params: Record<string, unknown>): RestAnswer {
      return answerAndLog(rawMethod, params, () =>
        userId === String(webhook.userId) && sameSecret(code, webhook.code)
          ? run(methodName(rawMethod), params, { auth: 'webhook', userId: webhook.userId })
          : err(401, 'INVALID_CREDENTIALS', 'Invalid request credentials'),
      );
    },
  };
}

/** The REST side of the simulated portal. */
export type RestPortal = ReturnType<typeof createRestPortal>;
