import type { CallCardError } from './errors';

/** The four CRM entity types a Bitrix24 call card can show. */
export type KnownCrmEntityType = 'LEAD' | 'CONTACT' | 'COMPANY' | 'DEAL';

/**
 * A CRM entity type: one of the four known ones, or any other non-empty string the portal sends
 * (kept as it is). The `string & {}` keeps autocompletion for the known four.
 */
export type CrmEntityType = KnownCrmEntityType | (string & {});

/** The client currently shown in the call card, normalised from the portal's payload. */
export interface CallCardEntity {
  /** The phone number, or `null` when the portal has none (`"hidden"`, `"unknown"`, `""`). */
  readonly phoneNumber: string | null;
  /** The CRM entity type, or `null` when no CRM entity is bound (`""`). */
  readonly entityType: CrmEntityType | null;
  /** The CRM entity id as a number, or `null` when no CRM entity is bound (`0`, `""`). */
  readonly entityId: number | null;
  /** The payload exactly as the portal sent it. */
  readonly raw: unknown;
}

/**
 * Where the client is in its life:
 * - `idle`: created, nothing started yet (server rendering shows this state: nothing starts there).
 * - `connecting`: waiting for the portal's init data.
 * - `listening`: the event is bound; no entity has arrived yet.
 * - `ready`: an entity arrived; `entity` holds it.
 * - `unsupported`: cannot run here (not inside Bitrix24, wrong placement, init timed out);
 *   `error` is a {@link CallCardUnsupportedError} whose `reason` says why.
 * - `error`: the transport failed; `error.cause` holds what it threw.
 */
export type CallCardStatus = 'idle' | 'connecting' | 'listening' | 'ready' | 'unsupported' | 'error';

/** The observable state of a call-card client. Replaced (never mutated) only when something changed. */
export interface CallCardState {
  /** See {@link CallCardStatus}. */
  readonly status: CallCardStatus;
  /** The latest valid entity, kept across invalid payloads. */
  readonly entity: CallCardEntity | null;
  /** The last problem: an invalid payload, an unsupported environment or a transport failure. */
  readonly error: CallCardError | null;
  /** The placement the app runs in (e.g. `PAGE_BACKGROUND_WORKER`), once known. */
  readonly placement: string | null;
}

/** OAuth data for REST calls from the app to the portal. */
export interface PortalAuth {
  /** The access token (`AUTH_ID`), sent as `auth` with each REST call. */
  readonly accessToken: string;
  /** The refresh token (`REFRESH_ID`), if the portal gave one. */
  readonly refreshToken: string | null;
  /** When the access token expires, in ms since the epoch (`Date.now()` scale). */
  readonly expiresAt: number;
}

/** What the portal told the app about itself when the connection was made. */
export interface PortalInfo {
  /** The portal host, possibly with a port (e.g. `example.bitrix24.com`). */
  readonly domain: string;
  /** `https:` or `http:`. */
  readonly protocol: 'https:' | 'http:';
  /** Base URL of REST calls, ending with a slash, e.g. `https://example.bitrix24.com/rest/`. */
  readonly restUrl: string;
  /** OAuth data for REST calls. */
  readonly auth: PortalAuth;
  /** The portal's member id, if known. */
  readonly memberId: string | null;
  /** Whether the current user is a portal administrator. */
  readonly isAdmin: boolean;
  /** The user interface language (e.g. `en`), if known. */
  readonly lang: string | null;
  /** The placement options the portal passed (`PLACEMENT_OPTIONS`). */
  readonly placementOptions: Readonly<Record<string, unknown>>;
}

/** A function that receives every state change. */
export type CallCardListener = (state: CallCardState, previous: CallCardState) => void;

/** A function that undoes a subscription. Calling it twice is harmless. */
export type Unsubscribe = () => void;
