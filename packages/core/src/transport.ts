import type { PortalInfo } from './types';

/** Options the client passes to {@link CallCardTransport.connect}. */
export interface TransportConnectOptions {
  /** Aborted when the client gives up (timeout or destroy): stop waiting and release resources. */
  readonly signal: AbortSignal;
  /** Where the transport reports problems it dropped (a malformed message from the portal, say). */
  readonly onError: (error: unknown) => void;
}

/** A live link to the portal, made by a {@link CallCardTransport}. */
export interface TransportConnection {
  /** The placement the app runs in, upper case (e.g. `PAGE_BACKGROUND_WORKER`). */
  readonly placement: string;
  /** What the portal said about itself, or `null` when the transport cannot tell. */
  readonly portal: PortalInfo | null;
  /**
   * Asks the portal to send `event` to `handler`. Bitrix24 has no unbind: every call adds a bind
   * that fires until the page unloads. The client calls this at most once per event name.
   */
  bind(event: string, handler: (payload: unknown) => void): void;
  /**
   * Asks the portal for a fresh OAuth token and resolves with the updated portal info (which
   * `portal` then returns too). Optional: a transport that cannot refresh leaves it out.
   */
  refreshAuth?(): Promise<PortalInfo>;
  /** Stops delivering anything and releases listeners. The portal-side binds stay. */
  close(): void;
}

/**
 * How the client talks to the portal. `connect` returns a promise of the connection, made once
 * the portal's init data is known. It throws or rejects with a
 * {@link CallCardUnsupportedError} when this environment cannot work (a transport should throw
 * synchronously when it can tell at once), and with anything else when the transport failed.
 */
export interface CallCardTransport {
  /** A short name for messages and debugging, e.g. `"frame"`, `"bx24"`. */
  readonly name: string;
  /** Connects to the portal. Called at most once per client. */
  connect(options: TransportConnectOptions): Promise<TransportConnection>;
}
