import type { TransportConnection } from './transport';

/** Options of {@link sendOnce}. */
export interface SendOnceOptions {
  /** Stops waiting: the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** How long to wait for the answer, as `setTimeout` counts it. Default: for ever. */
  readonly timeoutMs?: number;
  /** What the promise settles with at the timeout: its return value, or what it throws. */
  readonly onTimeout?: () => unknown;
}

/**
 * @internal Sends a frame command through the connection's `send` and resolves with its first
 * answer: the one channel every command of this library uses (token refresh, `getInterface`,
 * the card commands, `getStatus`). Later answers are ignored, and the command is forgotten once
 * it settles (answer, `onFail`, timeout or abort), also when the transport answers
 * synchronously, inside `send`. A transport that cannot send the command throws, synchronously,
 * out of this function; nothing is left behind then.
 */
export function sendOnce(
  connection: TransportConnection,
  command: string,
  params: unknown,
  options: SendOnceOptions = {},
): Promise<unknown> {
  const { signal, timeoutMs, onTimeout } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  let settle!: (ok: boolean, value: unknown) => void;
  let forget: (() => void) | undefined = undefined; // read by settle, which may run inside send
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const promise = new Promise<unknown>((resolve, reject) => {
    settle = (ok, value) => {
      if (done) return; // the desktop app may answer twice: the first answer counts
      done = true;
      clearTimeout(timer);
      forget?.();
      signal?.removeEventListener('abort', onAbort);
      (ok ? resolve : reject)(value);
    };
  });
  const onAbort = (): void => settle(false, signal!.reason);
  forget = connection.send!(
    command,
    params,
    (answer) => settle(true, answer),
    (error) => settle(false, error),
  );
  if (done) {
    forget(); // answered synchronously, before `forget` existed
    return promise;
  }
  signal?.addEventListener('abort', onAbort, { once: true });
  if (timeoutMs !== undefined) {
    timer = setTimeout(() => {
      try {
        settle(true, onTimeout?.());
      } catch (e) {
        settle(false, e);
      }
    }, timeoutMs);
  }
  return promise;
}
