import { request } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/server';
import type { SimEvent } from '../src/rest';

/** Reads an event stream: `next()` resolves the next `data:` event. */
async function openEvents(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    async next(): Promise<SimEvent> {
      for (;;) {
        const match = /^data: (.*)$/m.exec(buffer);
        const end = match ? buffer.indexOf('\n\n', match.index) : -1;
        if (match && end >= 0) {
          buffer = buffer.slice(end + 2);
          return JSON.parse(match[1]!) as SimEvent;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

/** A raw GET (fetch() cannot set Host), resolving the status. */
const rawGet = (url: string, headers: Record<string, string>) =>
  new Promise<number>((ok, fail) => {
    const req = request(url, { headers }, (res) => {
      ok(res.statusCode!);
      res.destroy();
    });
    req.on('error', fail);
    req.end();
  });

describe('simulator control endpoints', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(() => sim.close());

  const admin = (headers: Record<string, string>, body = '{"value":false}') =>
    fetch(`${sim.url}sim/admin`, { method: 'POST', headers, body });

  it('refuse a request that another site (or the app in its frame) sends', async () => {
    const res = await admin({ 'content-type': 'application/json', origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(sim.rest.isAdmin).toBe(true);
  });

  it('refuse a body that is not application/json (a simple cross-site request)', async () => {
    const res = await admin({ 'content-type': 'text/plain;json' });
    expect(res.status).toBe(415);
    expect(sim.rest.isAdmin).toBe(true);
  });

  // fetch() cannot set Host: a raw request can, as a browser on a rebound DNS name does.
  const raw = (headers: Record<string, string>, body = '{"value":false}') =>
    new Promise<number>((ok, fail) => {
      const req = request(`${sim.url}sim/admin`, { method: 'POST', headers }, (res) => {
        res.resume();
        ok(res.statusCode!);
      });
      req.on('error', fail);
      req.end(body);
    });

  it('refuse a page on another DNS name that resolves here (DNS rebinding)', async () => {
    const port = new URL(sim.url).port;
    const status = await raw({
      host: `rebind.example:${port}`,
      origin: `http://rebind.example:${port}`,
      'content-type': 'application/json',
    });
    expect(status).toBe(403);
    expect(sim.rest.isAdmin).toBe(true);
  });

  it('refuse a body without a content type', async () => {
    expect(await raw({})).toBe(415);
    expect(sim.rest.isAdmin).toBe(true);
  });

  it('accept the page itself, and scripts that send no Origin', async () => {
    const own = new URL(sim.url).origin;
    expect((await admin({ 'content-type': 'application/json', origin: own })).status).toBe(200);
    expect(sim.rest.isAdmin).toBe(false);
    expect((await admin({ 'content-type': 'application/json' }, '{"value":true}')).status).toBe(200);
    expect(sim.rest.isAdmin).toBe(true);
  });
});

describe('simulator GET endpoints against DNS rebinding', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(() => sim.close());

  it.each(['/', '/index.html', '/sim/events', '/sim/rest-log', '/sim/calls'])(
    'refuse %s by a name that is not this machine, answer it by a loopback name',
    async (path) => {
      const port = new URL(sim.url).port;
      expect(await rawGet(`${sim.url}${path.slice(1)}`, { host: `rebind.example:${port}` })).toBe(403);
      expect(await rawGet(`${sim.url}${path.slice(1)}`, { host: `localhost:${port}` })).toBe(200);
      expect(await rawGet(`${sim.url}${path.slice(1)}`, { host: `127.0.0.1:${port}` })).toBe(200);
    },
  );

  it('refuse the event stream to another site’s EventSource', async () => {
    const res = await fetch(`${sim.url}sim/events`, { headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
  });
});

describe('simulator events, webhook and telephony over HTTP', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, clientMode: 'desktop', webhookCode: 'c0de' });
  });
  afterAll(() => sim.close());

  const post = (url: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('exposes the webhook URL and the client mode in the page config', async () => {
    expect(sim.webhookUrl).toBe(`${sim.url}rest/1/c0de/`);
    const html = await (await fetch(sim.url)).text();
    expect(html).toContain('"clientMode":"desktop"');
    expect(html).toContain(`"webhookUrl":"${sim.webhookUrl}"`);
  });

  it('answers the webhook at /rest/<user>/<code>/<method>(.json), and refuses a wrong code', async () => {
    const a = await fetch(`${sim.webhookUrl}profile`);
    expect(a.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await a.json()) as { result: { ID: string } }).result.ID).toBe('1');
    const b = await post(`${sim.webhookUrl}crm.contact.get.json`, { id: 17 });
    expect(((await b.json()) as { result: { NAME: string } }).result.NAME).toBe('Anna');
    const form = await fetch(`${sim.webhookUrl}telephony.externalCall.searchCrmEntities`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'PHONE_NUMBER=%2B15550200',
    });
    expect(((await form.json()) as { result: unknown[] }).result).toHaveLength(1);
    const wrong = await fetch(`${sim.url}rest/1/c0df/profile`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: 'INVALID_CREDENTIALS',
      error_description: 'Invalid request credentials',
    });
    expect((await fetch(`${sim.url}rest/1/c0de`)).status).toBe(404);
    expect((await fetch(`${sim.url}rest/1/c0de/x/profile`)).status).toBe(404);
  });

  it('streams REST entries (tokens masked) and card events to the page; the old stream gets REST only', async () => {
    const events = await openEvents(`${sim.url}sim/events`);
    const restLog = await openEvents(`${sim.url}sim/rest-log`);
    expect(events.status).toBe(200);
    expect(events.contentType).toBe('text/event-stream');
    try {
      const { AUTH_ID } = (await (await fetch(`${sim.url}sim/token`, { method: 'POST' })).json()) as {
        AUTH_ID: string;
      };
      const registered = (await (
        await post(`${sim.url}rest/telephony.externalCall.register`, {
          auth: AUTH_ID,
          USER_ID: 1,
          PHONE_NUMBER: '+15550101',
          TYPE: 2,
        })
      ).json()) as { result: { CALL_ID: string } };
      const { CALL_ID } = registered.result;
      expect(await events.next()).toEqual({
        type: 'call',
        action: 'show',
        call: expect.objectContaining({ CALL_ID, USER_ID: 1, CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 18 }),
      });
      expect(await events.next()).toEqual({
        type: 'rest',
        method: 'telephony.externalCall.register',
        params: { auth: `${AUTH_ID.slice(0, 4)}…`, USER_ID: 1, PHONE_NUMBER: '+15550101', TYPE: 2 },
        status: 200,
        error: null,
      });
      expect(await restLog.next()).toMatchObject({ type: 'rest', method: 'telephony.externalCall.register' });
      const calls = async () =>
        (await (await fetch(`${sim.url}sim/calls`)).json()) as { calls: unknown[]; shownTo: Record<string, number[]> };
      expect(await calls()).toEqual({ calls: [expect.objectContaining({ CALL_ID })], shownTo: { [CALL_ID]: [1] } });

      await post(`${sim.webhookUrl}telephony.externalCall.hide`, { CALL_ID });
      expect(await events.next()).toMatchObject({ type: 'call', action: 'hide', call: { CALL_ID, USER_ID: 1 } });
      // Hidden: still open, listed, shown to nobody (the page does not reopen it on load).
      expect((await calls()).shownTo).toEqual({ [CALL_ID]: [] });
      expect(await events.next()).toMatchObject({ type: 'rest', method: 'telephony.externalCall.hide' });
      await post(`${sim.url}rest/telephony.externalCall.finish.json`, { auth: AUTH_ID, CALL_ID, USER_ID: 1 });
      expect(await events.next()).toMatchObject({ type: 'call', action: 'finish', call: { CALL_ID } });
      expect(await events.next()).toMatchObject({ type: 'rest', method: 'telephony.externalCall.finish' });
      // The REST-only stream skipped the card events.
      expect(await restLog.next()).toMatchObject({ method: 'telephony.externalCall.hide' });
      expect(await restLog.next()).toMatchObject({ method: 'telephony.externalCall.finish' });
    } finally {
      events.close();
      restLog.close();
    }
  });

  it('caps each streamed entry however big the body', async () => {
    const events = await openEvents(`${sim.url}sim/events`);
    try {
      await post(`${sim.url}rest/profile`, { auth: 'no-such-token', blob: 'z'.repeat(500_000) });
      const entry = await events.next();
      expect(JSON.stringify(entry).length).toBeLessThan(5000);
      expect(entry).toMatchObject({ type: 'rest', status: 401, error: 'invalid_token' });
    } finally {
      events.close();
    }
  });
});

describe('startSimulator options', () => {
  it('rejects a client mode other than browser or desktop', async () => {
    await expect(startSimulator({ port: 0, clientMode: 'phone' as 'desktop' })).rejects.toThrow(
      "clientMode must be 'browser' or 'desktop'",
    );
  });
});

describe('startSimulator on a folder that is not one', () => {
  it('rejects a missing folder or a file, clearly, before listening', async () => {
    await expect(startSimulator({ port: 0, serve: ['./no-such-folder'] })).rejects.toThrow(
      'Cannot serve ./no-such-folder: no such directory',
    );
    const dir = mkdtempSync(join(tmpdir(), 'sim-file-'));
    writeFileSync(join(dir, 'index.html'), '<p>app</p>');
    await expect(startSimulator({ port: 0, serve: [{ dir: join(dir, 'index.html') }] })).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
  });
});

describe('startSimulator on a port in use', () => {
  it('rejects with EADDRINUSE and leaves no app server running', async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'sim-app-'));
    writeFileSync(join(dir, 'index.html'), '<p>app</p>');
    const appPort = await new Promise<number>((ok) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => ok(p));
      });
    });
    const err = await startSimulator({ port, serve: [{ dir, port: appPort }] }).catch((e: NodeJS.ErrnoException) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    // The app server started before the failure is closed: its port is free again.
    await new Promise<void>((ok, fail) => {
      const again = createServer().once('error', fail);
      again.listen(appPort, '127.0.0.1', () => again.close(() => ok()));
    });
    await new Promise<void>((ok) => blocker.close(() => ok()));
  });
});
