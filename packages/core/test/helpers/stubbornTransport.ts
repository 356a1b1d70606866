import type { CallCardTransport, TransportConnection } from '@b24-callcard/core';
import { mockPortalData } from '@b24-callcard/core/testing';

/**
 * A transport that does only what the client asks and nothing more: `connect` ignores the abort
 * signal and resolves when the test says so, and `close()` is only recorded: its binds keep
 * firing. Tests that the client's own guards hold (a late answer, delivery after destroy), not
 * a well-behaved transport's. The connection is the mock portal's (origin
 * `https://example.bitrix24.com`, `mockPortalData()`), received when `answer()` is called.
 */
export function stubbornTransport(placement = 'PAGE_BACKGROUND_WORKER') {
  const handlers: Array<{ event: string; handler: (payload: unknown) => void }> = [];
  let resolve: (c: TransportConnection) => void = () => {};
  const state = { closeCalls: 0, binds: [] as string[] };
  const connection: Omit<TransportConnection, 'receivedAt'> & { receivedAt: number } = {
    placement,
    origin: 'https://example.bitrix24.com',
    data: mockPortalData(),
    receivedAt: Date.now(),
    bind(event, handler) {
      state.binds.push(event);
      handlers.push({ event, handler });
    },
    close() {
      state.closeCalls++;
    },
  };
  const transport: CallCardTransport = {
    name: 'stubborn',
    connect: () => new Promise<TransportConnection>((ok) => (resolve = ok)),
  };
  return {
    transport,
    state,
    connection: connection as TransportConnection,
    answer: () => {
      connection.receivedAt = Date.now();
      resolve(connection);
    },
    /** Calls every handler bound to `event` (full name), closed or not. */
    fire(event: string, payload: unknown) {
      for (const h of handlers) if (h.event === event) h.handler(payload);
    },
  };
}
