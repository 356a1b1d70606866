import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallCardClient, refreshAuth } from '@b24-callcard/core';
import { createMockTransport, mockPortalData } from '@b24-callcard/core/testing';

afterEach(() => vi.useRealTimers());

// Moved from test/review.test.ts; the main refreshAuth suite is refreshAuth.server.test.ts.
describe('refreshAuth (from the review suite)', () => {
  it('gives up after 10 s when the portal never answers, and a later refresh can succeed', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const transport = createMockTransport({
      refreshAuth: () => (++calls === 1 ? new Promise(() => {}) : { ...mockPortalData(), AUTH_ID: 'fresh-token' }),
    });
    const client = createCallCardClient({ transport });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = refreshAuth(client).catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await first).toBe('No token refresh from the portal in 10000 ms');
    await expect(refreshAuth(client)).resolves.toMatchObject({
      domain: 'example.bitrix24.com',
      auth: { accessToken: 'fresh-token' },
    });
    expect(calls).toBe(2);
    expect(transport.commands.map((c) => c.command)).toEqual(['refreshAuth', 'refreshAuth']);
  });
});
