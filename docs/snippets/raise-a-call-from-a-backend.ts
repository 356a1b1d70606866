/** How a backend reaches a portal (or the simulator). */
export interface PortalAccess {
  /** The portal, e.g. `https://example.bitrix24.com`; the simulator's is `http://127.0.0.1:4000`. */
  readonly origin: string;
  /** The app's OAuth access token: `telephony.externalCall.register` and `.finish` need the app. */
  readonly accessToken: string;
  /** An inbound webhook, e.g. `https://example.bitrix24.com/rest/1/<code>/`, for the other methods. */
  readonly webhookUrl: string;
}

/** A REST error from the portal, in Bitrix24's shape (`error`, `error_description`). */
export class PortalRestError extends Error {
  constructor(
    readonly method: string,
    readonly error: string,
    readonly description: string,
    readonly status: number,
  ) {
    super(`${method}: ${error} ${description}`);
    this.name = 'PortalRestError';
  }
}

/** POSTs JSON to a REST URL and resolves with the answer's `result`. */
async function post<T>(url: string, method: string, params: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = (await res.json()) as { result?: T; error?: string; error_description?: string };
  if (body.error !== undefined || !('result' in body)) {
    throw new PortalRestError(method, body.error ?? '', body.error_description ?? '', res.status);
  }
  return body.result as T;
}

/** A CRM record that has the number, as `telephony.externalCall.searchCrmEntities` answers. */
export interface CrmMatch {
  readonly CRM_ENTITY_TYPE: string;
  readonly CRM_ENTITY_ID: number;
  readonly NAME: string;
}

/** What `telephony.externalCall.register` answers. */
export interface RegisteredCall {
  readonly CALL_ID: string;
  readonly CRM_ENTITY_TYPE: string;
  readonly CRM_ENTITY_ID: number;
}

/** The telephony calls a backend makes: the call's life as the portal sees it. */
export function telephony(portal: PortalAccess) {
  const app = <T>(method: string, params: Record<string, unknown>) =>
    post<T>(`${portal.origin}/rest/${method}`, method, { ...params, auth: portal.accessToken });
  const webhook = <T>(method: string, params: Record<string, unknown>) =>
    post<T>(`${portal.webhookUrl}${method}`, method, params);
  return {
    /** Who is calling: the CRM records with this number (webhook). */
    findCaller: (phoneNumber: string) =>
      webhook<CrmMatch[]>('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: phoneNumber }),
    /** Raises an incoming call (`TYPE` 2) for a user and opens their card (app token). */
    register: (call: { userId: number; phoneNumber: string; externalId?: string }) =>
      app<RegisteredCall>('telephony.externalCall.register', {
        USER_ID: call.userId,
        PHONE_NUMBER: call.phoneNumber,
        TYPE: 2,
        SHOW: 1,
        ...(call.externalId !== undefined && { EXTERNAL_CALL_ID: call.externalId }),
      }),
    /** Shows the call's card to users (webhook); `false` when the call is not open. */
    show: (callId: string, userIds: number[]) =>
      webhook<boolean>('telephony.externalCall.show', { CALL_ID: callId, USER_ID: userIds }),
    /** Hides the call's card from users (webhook); `false` when the call is not open. */
    hide: (callId: string, userIds: number[]) =>
      webhook<boolean>('telephony.externalCall.hide', { CALL_ID: callId, USER_ID: userIds }),
    /** Ends the call: the card closes and the CRM record gets a call activity (app token). */
    finish: (call: { callId: string; userId: number; durationSeconds: number }) =>
      app<{ CRM_ACTIVITY_ID: number | null }>('telephony.externalCall.finish', {
        CALL_ID: call.callId,
        USER_ID: call.userId,
        DURATION: call.durationSeconds,
      }),
  };
}
