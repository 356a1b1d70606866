import { request } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/server';

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
