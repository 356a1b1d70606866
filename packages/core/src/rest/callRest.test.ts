import { describe, expect, it, vi } from 'vitest';
import { callRest, CallCardRestError } from '@b24-callcard/core';
import { mockPortal } from '@b24-callcard/core/testing';

// Moved from test/review.test.ts; the main callRest suite is callRest.server.test.ts.
describe('callRest (from the review suite)', () => {
  it.each([null, 5, 'text'])(
    'turns a %j JSON body into an INVALID_RESPONSE CallCardRestError with the status',
    async (json) => {
      const fetch = vi.fn(async () => new Response(JSON.stringify(json), { status: 500 }));
      const err = await callRest(mockPortal(), 'profile', {}, { fetch }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CallCardRestError);
      expect((err as CallCardRestError).status).toBe(500);
      expect((err as CallCardRestError).reason).toBe('INVALID_RESPONSE');
    },
  );

  it('sends the token and resolves the result', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      expect(JSON.parse(String(init!.body))).toEqual({ id: 1, auth: 'mock-access-token' });
      return new Response('{"result":{"ID":"1"}}');
    });
    await expect(callRest(mockPortal(), 'crm.contact.get', { id: 1 }, { fetch })).resolves.toEqual({ ID: '1' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe('https://example.bitrix24.com/rest/crm.contact.get.json');
  });
});
