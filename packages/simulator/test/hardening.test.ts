import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/server';

/** A raw GET with a chosen Host header (fetch does not let a test set Host). */
const get = (url: string, host: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> =>
  new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('simulator hardening', () => {
  let sim: Simulator;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-serve-'));
    writeFileSync(join(dir, 'index.html'), '<p>app</p>');
    writeFileSync(join(dir, '.env'), 'SECRET=1');
    sim = await startSimulator({ port: 0, serve: [dir] });
  });
  afterAll(() => sim.close());

  it('a served folder refuses a rebound Host (DNS rebinding) and serves its own', async () => {
    const app = sim.apps[0]!.url;
    const port = new URL(app).port;
    expect((await get(`${app}.env`, `evil.example:${port}`)).status).toBe(403);
    const own = await get(app, `127.0.0.1:${port}`);
    expect(own.status).toBe(200);
    expect(own.body).toContain('app');
  });

  it('the portal page may not be framed by another site', async () => {
    const page = await get(sim.url, new URL(sim.url).host);
    expect(page.status).toBe(200);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('a REST call with a nested form key where a string belongs gets a Bitrix24 error, and is logged', async () => {
    const logged: string[] = [];
    sim.rest.onCall((e) => logged.push(e.method));
    const { AUTH_ID } = sim.rest.issueToken();
    const res = await fetch(`${sim.url}rest/telephony.externalCall.register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `auth=${AUTH_ID}&USER_ID=1&TYPE=2&PHONE_NUMBER[x]=1`,
    });
    const body = (await res.json()) as { error?: string };
    expect(res.status).toBe(400);
    expect(typeof body.error).toBe('string');
    expect(logged).toContain('telephony.externalCall.register');
  });
});
