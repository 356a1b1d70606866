import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest';

/**
 * The development warning `frameTransport` prints (once per copy of its module) when it connects
 * to a non-local portal without `allowedHosts`.
 */
export const HOST_WARNING = /^\[b24-callcard\] Connected to \S+ without allowedHosts: /;

/**
 * For a test file whose frame transports leave `allowedHosts` out on purpose: `console.warn` is
 * spied in every test, so nothing is printed, and after each test every warning given must be the
 * expected {@link HOST_WARNING}; any other warning fails the test. Call at the top of the file.
 */
export function expectOnlyHostWarnings(): void {
  let warn: MockInstance<typeof console.warn> | undefined;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    const calls = warn ? [...warn.mock.calls] : [];
    warn?.mockRestore();
    for (const args of calls) expect(String(args[0])).toMatch(HOST_WARNING);
  });
}
