/** An `onError` for tests that keeps what it gets instead of printing it: see {@link collectErrors}. */
export interface ErrorCollector {
  /** The `onError` itself: give it to `createCallCardClient({ transport, onError })`. */
  (error: unknown): void;
  /** The errors received (since the last {@link ErrorCollector.take}), in order. */
  readonly errors: readonly unknown[];
  /** Returns the errors received so far and empties {@link ErrorCollector.errors}. */
  take(): unknown[];
}

/**
 * Creates an `onError` that collects the errors a client survived (an invalid payload, a listener
 * that threw, a transport failure, an event of the other placement...) instead of printing them
 * with `console.error`, the client's default. Expected errors stay out of the test output and are
 * asserted; an unexpected one shows in `expect(onError.errors).toEqual([])`.
 *
 * @example
 * const transport = createMockTransport();
 * const onError = collectErrors();
 * const client = createCallCardClient({ transport, onError });
 * onCallCardEvent(client, 'dialpadButtonClick', handler);
 * transport.emit('x', 'dialpadButtonClick'); // not a dialpad key: handler not called
 * expect(onError.take()).toEqual([expect.objectContaining({ code: 'INVALID_PAYLOAD' })]);
 * expect(onError.errors).toEqual([]);
 */
export function collectErrors(): ErrorCollector {
  const errors: unknown[] = [];
  return Object.assign((error: unknown): void => void errors.push(error), {
    errors: errors as readonly unknown[],
    take: (): unknown[] => errors.splice(0),
  });
}
