/** Server → page events over Server-Sent Events, with a bound on what a slow client may hold. */
import type { ServerResponse } from 'node:http';

/** Options of {@link createEventStream}. */
export interface EventStreamOptions {
  /**
   * Bytes a client may leave unread (queued in its response beyond the socket's own buffer)
   * before it is dropped. Default 1 MiB.
   */
  maxBacklog?: number;
}

/** Default {@link EventStreamOptions.maxBacklog}. */
export const MAX_BACKLOG = 1024 * 1024;

/** The clients of one event stream. */
export interface EventStream<E> {
  /** Answers `res` as an event stream and adds it; `accept` picks the events it gets (default all). */
  open(res: ServerResponse, accept?: (event: E) => boolean): void;
  /** Sends `event` to every client that accepts it; drops the clients that stopped reading. */
  publish(event: E): void;
  /** Clients connected now. */
  readonly size: number;
  /** Clients dropped so far for not reading. */
  readonly dropped: number;
  /** Ends every stream. */
  close(): void;
}

/**
 * An SSE stream: each event is one `data:` line of JSON, serialised once for every client. A
 * client that does not read (a stalled tab, a script that opened the stream and forgot it) makes
 * `write()` return `false` and its response queue the rest in memory: once that queue passes
 * `maxBacklog` the client is dropped — its socket destroyed, so the queue is freed at once rather
 * than waiting on a reader that may never come. A browser's `EventSource` reconnects by itself.
 */
export function createEventStream<E>(options: EventStreamOptions = {}): EventStream<E> {
  const maxBacklog = options.maxBacklog ?? MAX_BACKLOG;
  const clients = new Map<ServerResponse, (event: E) => boolean>();
  let dropped = 0;
  const drop = (res: ServerResponse) => {
    clients.delete(res);
    dropped++;
    res.destroy();
  };
  return {
    open(res, accept = () => true) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      clients.set(res, accept);
      res.on('close', () => clients.delete(res));
    },
    publish(event) {
      let line: string | undefined;
      for (const [res, accept] of clients) {
        if (!accept(event)) continue;
        line ??= `data: ${JSON.stringify(event)}\n\n`;
        if (!res.write(line) && res.writableLength > maxBacklog) drop(res);
      }
    },
    get size() {
      return clients.size;
    },
    get dropped() {
      return dropped;
    },
    close() {
      for (const res of clients.keys()) res.end();
      clients.clear();
    },
  };
}
