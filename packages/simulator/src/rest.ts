import { randomBytes } from 'node:crypto';
import { createCrmSample, type CrmSample } from './crmSample';

/** A REST answer: HTTP status and the JSON body Bitrix24 would send. */
export interface RestAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One REST call, as logged. */
export interface RestLogEntry {
  method: string;
  params: Record<string, unknown>;
  status: number;
  error: string | null;
}

interface Token {
  refresh: string;
  expiresAt: number;
}

/** At most this many token pairs are kept, the oldest dropped first (a simulator left open for days stays small). */
const MAX_TOKENS = 10_000;

/** Options of {@link createRestPortal}. */
export interface RestPortalOptions {
  /** Token lifetime in seconds. Default 3600. */
  tokenTtl?: number;
  /** The CRM data. Default: {@link createCrmSample}. */
  crm?: CrmSample;
}

const TYPES: Record<string, keyof CrmSample> = { contact: 'CONTACT', company: 'COMPANY', lead: 'LEAD', deal: 'DEAL' };

const err = (status: number, error: string, description: string): RestAnswer => ({
  status,
  body: { error, error_description: description },
});

/**
 * The REST side of the simulated portal: tokens it hands out in `getInitData`, and the methods
 * the examples call, answered from the CRM sample with Bitrix24's response and error shapes.
 */
export function createRestPortal(options: RestPortalOptions = {}) {
  const ttl = options.tokenTtl ?? 3600;
  const crm = options.crm ?? createCrmSample();
  const tokens = new Map<string, Token>();
  const placements: Array<Record<string, unknown>> = [];
  let isAdmin = true;
  const listeners = new Set<(e: RestLogEntry) => void>();

  const issue = () => {
    const accessToken = randomBytes(16).toString('hex');
    const refresh = randomBytes(16).toString('hex');
    const now = Date.now();
    // A Map iterates in insertion order: the first keys are the oldest pairs.
    for (const key of tokens.keys()) {
      if (tokens.size < MAX_TOKENS) break;
      tokens.delete(key);
    }
    tokens.set(accessToken, { refresh, expiresAt: now + ttl * 1000 });
    return { AUTH_ID: accessToken, REFRESH_ID: refresh, AUTH_EXPIRES: String(ttl) };
  };

  const wrap = (result: unknown, extra: Record<string, unknown> = {}): RestAnswer => {
    const now = Date.now() / 1000;
    return {
      status: 200,
      body: {
        result,
        ...extra,
        time: {
          start: now,
          finish: now,
          duration: 0,
          processing: 0,
          date_start: new Date().toISOString(),
          date_finish: new Date().toISOString(),
        },
      },
    };
  };

  const methods: Record<string, (p: Record<string, unknown>) => RestAnswer> = {
    profile: () =>
      wrap({
        ID: '1',
        ADMIN: isAdmin,
        NAME: 'Sam',
        LAST_NAME: 'Simulator',
        PERSONAL_GENDER: '',
        TIME_ZONE: 'UTC',
        TIME_ZONE_OFFSET: 0,
      }),
    'user.admin': () => wrap(isAdmin),
    'app.info': () =>
      wrap({
        ID: 1,
        CODE: 'local.simulator',
        VERSION: 1,
        STATUS: 'L',
        INSTALLED: true,
        PAYMENT_EXPIRED: 'N',
        DAYS: null,
      }),
    'placement.get': () => wrap(placements),
    'placement.bind': (p) => {
      if (!isAdmin) return err(403, 'ACCESS_DENIED', 'Access denied! Application administrator rights required');
      const placement = String(p.PLACEMENT ?? p.placement ?? '');
      const handler = String(p.HANDLER ?? p.handler ?? '');
      if (!placement) return err(400, 'ERROR_PLACEMENT_NOT_FOUND', 'Placement not found');
      if (!handler) return err(400, 'ERROR_HANDLER_URL', 'Handler URL is not set');
      const opts = (p.OPTIONS ?? {}) as Record<string, unknown>;
      if (placement === 'PAGE_BACKGROUND_WORKER' && !opts.errorHandlerUrl) {
        return err(400, 'EMPTY_ERROR_HANDLER_URL', 'OPTIONS[errorHandlerUrl] is required for PAGE_BACKGROUND_WORKER');
      }
      if (placements.some((x) => x.placement === placement && x.userId === (p.USER_ID ?? 0))) {
        return err(400, 'ERROR_PLACEMENT_MAX_COUNT', 'Handler already bound for this placement');
      }
      placements.push({
        placement,
        handler,
        title: p.TITLE ?? '',
        options: opts,
        userId: p.USER_ID ?? 0,
        langAll: p.LANG_ALL ?? null,
      });
      return wrap(true);
    },
    'placement.unbind': (p) => {
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
    /** Calls back on every REST call. */
    onCall(listener: (e: RestLogEntry) => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** Answers a REST call. `method` may end with `.json`. */
    call(rawMethod: string, params: Record<string, unknown>): RestAnswer {
      const method = rawMethod.replace(/\.json$/, '').toLowerCase();
      const answer = ((): RestAnswer => {
        const auth = typeof params.auth === 'string' ? params.auth : '';
        if (!auth) return err(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
        const token = tokens.get(auth);
        if (!token) return err(401, 'invalid_token', 'The access token provided is invalid.');
        if (token.expiresAt <= Date.now()) return err(401, 'expired_token', 'The access token provided has expired.');
        const fn = Object.prototype.hasOwnProperty.call(methods, method) ? methods[method] : undefined;
        return fn ? fn(params) : err(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
      })();
      const { auth: _auth, ...shown } = params;
      const entry = {
        method,
        params: shown,
        status: answer.status,
        error: (answer.body.error as string | undefined) ?? null,
      };
      for (const l of listeners) l(entry);
      return answer;
    },
  };
}

/** The REST side of the simulated portal. */
export type RestPortal = ReturnType<typeof createRestPortal>;
