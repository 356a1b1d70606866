import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockPortal } from '@b24-callcard/core/testing';
import { callRest } from './callRest';
import { CallCardRestError } from './errors';

// Every call gets a stubbed `fetch` through the `fetch` option: the global one is never touched.
const portal = mockPortal();

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const answering = (answer: (url: string, init: RequestInit) => Response | Promise<Response>) =>
  vi.fn<typeof globalThis.fetch>(async (url, init) => answer(String(url), init ?? {}));

/** A fetch that never answers, and rejects with the signal's reason when aborted (as the real one). */
const hanging = () =>
  vi.fn<typeof globalThis.fetch>(
    (_url, init) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        if (!signal) return;
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
  );

/** The `RequestInit` of the `i`th fetch call. */
const initOf = (f: ReturnType<typeof answering>, i = 0): RequestInit => f.mock.calls[i]![1]!;

const failure = (p: Promise<unknown>): Promise<CallCardRestError> =>
  p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => e as CallCardRestError,
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('callRest', () => {
  it('posts the params with the token as JSON to restUrl + method.json and resolves with result', async () => {
    const fetch = answering(() => json({ result: { ID: '17', NAME: 'Anna' }, time: {} }));
    const result = await callRest<{ NAME: string }>(portal, 'crm.contact.get', { id: 17 }, { fetch });
    expect(result.NAME).toBe('Anna');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe('https://example.bitrix24.com/rest/crm.contact.get.json');
    const init = initOf(fetch);
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(init.body as string)).toEqual({ id: 17, auth: 'mock-access-token' });
  });

  it('resolves a present but falsy result as it is', async () => {
    expect(await callRest(portal, 'user.admin', {}, { fetch: answering(() => json({ result: false })) })).toBe(false);
    expect(await callRest(portal, 'x.get', {}, { fetch: answering(() => json({ result: null })) })).toBeNull();
  });

  it("rejects with a PORTAL CallCardRestError carrying Bitrix24's error, description and status", async () => {
    const fetch = answering(() =>
      json({ error: 'expired_token', error_description: 'The access token provided has expired.' }, 401),
    );
    const err = await failure(callRest(portal, 'profile', {}, { fetch }));
    expect(err).toBeInstanceOf(CallCardRestError);
    expect(err.code).toBe('REST');
    expect(err.reason).toBe('PORTAL');
    expect(err.method).toBe('profile');
    expect(err.error).toBe('expired_token');
    expect(err.description).toBe('The access token provided has expired.');
    expect(err.status).toBe(401);
    expect(err.message).toBe('profile: expired_token The access token provided has expired.');
  });

  it('reads an error of the wrong type as empty, never as "[object Object]"', async () => {
    const fetch = answering(() => json({ error: { code: 1 }, error_description: 42 }, 400));
    const err = await failure(callRest(portal, 'crm.deal.get', {}, { fetch }));
    expect(err.reason).toBe('PORTAL');
    expect(err.error).toBe('');
    expect(err.description).toBe('HTTP 400');
  });

  describe('answers that are not Bitrix24 REST JSON', () => {
    it('rejects a 200 text/html answer (a login or maintenance page) with INVALID_RESPONSE', async () => {
      const fetch = answering(
        () =>
          new Response('<!doctype html><title>Log in</title>', {
            status: 200,
            headers: { 'content-type': 'text/html' },
          }),
      );
      const err = await failure(callRest(portal, 'user.current', {}, { fetch }));
      expect(err).toBeInstanceOf(CallCardRestError);
      expect(err.reason).toBe('INVALID_RESPONSE');
      expect(err.status).toBe(200);
      expect(err.error).toBe('');
    });

    it('rejects JSON without result with INVALID_RESPONSE', async () => {
      for (const body of [{}, { time: {} }, [], null, 'ok', 1]) {
        const err = await failure(callRest(portal, 'user.current', {}, { fetch: answering(() => json(body)) }));
        expect(err.reason, JSON.stringify(body)).toBe('INVALID_RESPONSE');
      }
    });

    it('rejects a non-JSON error page with INVALID_RESPONSE and its status', async () => {
      const fetch = answering(
        () => new Response('Bad gateway', { status: 502, headers: { 'content-type': 'text/plain' } }),
      );
      const err = await failure(callRest(portal, 'user.current', {}, { fetch }));
      expect(err.reason).toBe('INVALID_RESPONSE');
      expect(err.status).toBe(502);
    });
  });

  describe('the token stays on the portal', () => {
    it('sends the method as one encoded path segment under /rest/', async () => {
      const fetch = answering(() => json({ result: 1 }));
      await callRest(portal, '../../evil', {}, { fetch });
      const url = fetch.mock.calls[0]![0] as string;
      expect(url).toBe('https://example.bitrix24.com/rest/..%2F..%2Fevil.json');
      const parsed = new URL(url);
      expect(parsed.host).toBe('example.bitrix24.com');
      expect(parsed.pathname).toBe('/rest/..%2F..%2Fevil.json');
    });

    it('cannot move the call to another host, query or fragment through the method', async () => {
      const fetch = answering(() => json({ result: 1 }));
      for (const method of ['//attacker.example/x', '@attacker.example', 'a?auth=x#y', 'crm.contact.get/../../x']) {
        await callRest(portal, method, {}, { fetch });
      }
      for (const [url] of fetch.mock.calls) {
        const parsed = new URL(url as string);
        expect(parsed.origin).toBe('https://example.bitrix24.com');
        expect(parsed.pathname).toMatch(/^\/rest\/[^/]+\.json$/);
        expect(parsed.search).toBe('');
        expect(parsed.hash).toBe('');
      }
    });

    it("calls fetch with redirect: 'manual'", async () => {
      const fetch = answering(() => json({ result: 1 }));
      await callRest(portal, 'user.current', {}, { fetch });
      expect(initOf(fetch).redirect).toBe('manual');
    });

    it('rejects a redirect answer with REDIRECT and does not follow it', async () => {
      for (const status of [301, 302, 303, 307, 308]) {
        const fetch = answering(
          () => new Response(null, { status, headers: { location: 'https://attacker.example/rest/profile.json' } }),
        );
        const err = await failure(callRest(portal, 'profile', {}, { fetch }));
        expect(err, String(status)).toBeInstanceOf(CallCardRestError);
        expect(err.reason).toBe('REDIRECT');
        expect(err.status).toBe(status);
        expect(fetch).toHaveBeenCalledTimes(1);
      }
    });

    it("rejects an 'opaqueredirect' answer (what a browser gives for redirect: 'manual') with REDIRECT", async () => {
      const opaque = new Response(null, { status: 200 });
      Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(opaque, 'status', { value: 0 });
      Object.defineProperty(opaque, 'ok', { value: false });
      const fetch = answering(() => opaque);
      const err = await failure(callRest(portal, 'profile', {}, { fetch }));
      expect(err).toBeInstanceOf(CallCardRestError);
      expect(err.reason).toBe('REDIRECT');
      expect(fetch).toHaveBeenCalledTimes(1);
    });
  });

  describe('timeout', () => {
    it('gives up after 30 000 ms by default with TIMEOUT, aborting the fetch', async () => {
      vi.useFakeTimers();
      const fetch = hanging();
      let settled = false;
      const pending = failure(callRest(portal, 'user.current', {}, { fetch })).finally(() => (settled = true));
      const signal = initOf(fetch).signal!;
      expect(signal).toBeInstanceOf(AbortSignal);
      await vi.advanceTimersByTimeAsync(29_999);
      expect(settled).toBe(false);
      expect(signal.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      const err = await pending;
      expect(err).toBeInstanceOf(CallCardRestError);
      expect(err.reason).toBe('TIMEOUT');
      expect(err.status).toBe(0);
      expect(signal.aborted).toBe(true);
      expect(signal.reason).toBe(err);
    });

    it('uses timeoutMs', async () => {
      vi.useFakeTimers();
      const fetch = hanging();
      let settled = false;
      const pending = failure(callRest(portal, 'user.current', {}, { fetch, timeoutMs: 500 })).finally(
        () => (settled = true),
      );
      await vi.advanceTimersByTimeAsync(499);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      expect((await pending).reason).toBe('TIMEOUT');
      expect(initOf(fetch).signal!.aborted).toBe(true);
    });

    it('sets no timer with timeoutMs 0, and clears its timer once answered', async () => {
      vi.useFakeTimers();
      const none = hanging();
      void callRest(portal, 'user.current', {}, { fetch: none, timeoutMs: 0 });
      expect(vi.getTimerCount()).toBe(0);
      await callRest(portal, 'user.current', {}, { fetch: answering(() => json({ result: 1 })) });
      expect(vi.getTimerCount()).toBe(0);
      await failure(callRest(portal, 'user.current', {}, { fetch: answering(() => json({ error: 'x' }, 400)) }));
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('cancel', () => {
    it("rejects with the signal's reason when the signal aborts, and aborts the fetch", async () => {
      const user = new AbortController();
      const fetch = hanging();
      const pending = failure(callRest(portal, 'user.current', {}, { fetch, signal: user.signal }));
      const reason = new Error('navigated away');
      user.abort(reason);
      expect(await pending).toBe(reason);
      expect(initOf(fetch).signal!.aborted).toBe(true);
    });

    it("rejects with the signal's reason when it aborts while the answer is being read (never resolves undefined)", async () => {
      const user = new AbortController();
      let reading!: () => void;
      const headersIn = new Promise<void>((resolve) => (reading = resolve));
      // Headers arrived, the body streams slowly and fails when the request is aborted (as the real fetch).
      const fetch = vi.fn<typeof globalThis.fetch>(async (_url, init) => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"result":'));
            init!.signal!.addEventListener('abort', () => controller.error(init!.signal!.reason), { once: true });
          },
        });
        reading();
        return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
      });
      const pending = failure(callRest(portal, 'user.current', {}, { fetch, signal: user.signal }));
      await headersIn;
      const reason = new Error('navigated away');
      user.abort(reason);
      expect(await pending).toBe(reason);
    });

    it('rejects at once, without fetching, when the signal is already aborted', async () => {
      const fetch = answering(() => json({ result: 1 }));
      const reason = { why: 'already' };
      const err = await failure(callRest(portal, 'user.current', {}, { fetch, signal: AbortSignal.abort(reason) }));
      expect(err).toBe(reason);
      expect(fetch).not.toHaveBeenCalled();
    });

    it('stops listening to the signal once settled', async () => {
      const user = new AbortController();
      const remove = vi.spyOn(user.signal, 'removeEventListener');
      await callRest(portal, 'user.current', {}, { fetch: answering(() => json({ result: 1 })), signal: user.signal });
      expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
      user.abort(); // nothing left to abort
    });
  });

  it('rejects a network failure with NETWORK, the original error as cause', async () => {
    const original = new TypeError('fetch failed');
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.reject(original));
    const err = await failure(callRest(portal, 'user.current', {}, { fetch }));
    expect(err).toBeInstanceOf(CallCardRestError);
    expect(err).not.toBe(original);
    expect(err.reason).toBe('NETWORK');
    expect(err.status).toBe(0);
    expect(err.cause).toBe(original);
    expect(err.message).toContain('user.current');
  });
});
