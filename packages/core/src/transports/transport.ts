/**
 * What the portal said about itself, in the shape of its `getInitData` answer: `AUTH_ID`,
 * `REFRESH_ID`, `AUTH_EXPIRES` (seconds the token lives, counted from
 * {@link TransportConnection.receivedAt}), `MEMBER_ID`, `IS_ADMIN`, `LANG`, `PLACEMENT`,
 * `PLACEMENT_OPTIONS`... A transport whose library keeps the token up to date may give
 * `AUTH_EXPIRES_AT` (ms since the epoch) instead. Every field is read defensively: anything may
 * be missing or of the wrong type.
 */
export type PortalData = Readonly<Record<string, unknown>>;

/** Options the client passes to {@link CallCardTransport.connect}. */
export interface TransportConnectOptions {
  /** Aborted when the client is destroyed: stop waiting and release resources. */
  readonly signal: AbortSignal;
  /** Where the transport reports problems it dropped (a malformed message from the portal, say). */
  readonly onError: (error: unknown) => void;
}

/** A live link to the portal, made by a {@link CallCardTransport}. */
export interface TransportConnection {
  /** The placement the app runs in, upper case (e.g. `PAGE_BACKGROUND_WORKER`). */
  readonly placement: string;
  /**
   * The portal origin this connection trusts (e.g. `https://example.bitrix24.com`): the host
   * checked against `window.name` and `allowedHosts`. REST goes there and nowhere else; `null`
   * when the transport cannot tell, and then REST is refused.
   */
  readonly origin: string | null;
  /** The portal's own data (see {@link PortalData}); may change when the library behind it refreshes. */
  readonly data: PortalData;
  /** When `data` arrived, in ms since the epoch. */
  readonly receivedAt: number;
  /**
   * Asks the portal to send `event` to `handler`. Bitrix24 has no unbind: every call adds a bind
   * that fires until the page unloads. The client calls this at most once per event name.
   */
  bind(event: string, handler: (payload: unknown) => void): void;
  /**
   * Sends a frame command (`refreshAuth`, and the call-card commands) and gives every answer to
   * it to `onAnswer` until the returned function is called, which forgets the command. A
   * transport that learns the command failed without an answer (its library rejected it) calls
   * `onFail`. Throws when the transport cannot send that command. Optional: a transport that
   * cannot send commands leaves it out.
   */
  send?(
    command: string,
    params: unknown,
    onAnswer: (answer: unknown) => void,
    onFail?: (error: unknown) => void,
  ): () => void;
  /** Stops delivering anything and releases listeners. The portal-side binds stay. */
  close(): void;
}

/**
 * How the client talks to the portal. `connect` returns a promise of the connection, made once
 * the portal's init data is known, or the connection itself when it is ready at once (the client
 * then binds synchronously: the testing kit's mock does this). It throws or rejects with a
 * `CallCardUnsupportedError` when this environment cannot work (a transport should throw
 * synchronously when it can tell at once), and with anything else when the transport failed.
 */
export interface CallCardTransport {
  /** A short name for messages and debugging, e.g. `"frame"`, `"bx24"`. */
  readonly name: string;
  /** Connects to the portal. Called at most once per client. */
  connect(options: TransportConnectOptions): TransportConnection | Promise<TransportConnection>;
}
