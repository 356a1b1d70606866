import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestPortal } from '../src/rest';
import { formToObject, startSimulator, type Simulator } from '../src/server';

describe('REST portal', () => {
  it('answers CRM reads from the sample in Bitrix24 shapes', () => {
    const rest = createRestPortal();
    const { AUTH_ID } = rest.issueToken();
    const ok = rest.call('crm.contact.get.json', { id: '17', auth: AUTH_ID });
    expect(ok.status).toBe(200);
    expect(ok.body.result).toMatchObject({ ID: '17', NAME: 'Anna', LAST_NAME: 'Schmidt' });
    expect(ok.body.time).toMatchObject({ duration: 0 });
    expect(rest.call('crm.company.get', { id: 4, auth: AUTH_ID }).body.result).toMatchObject({
      TITLE: 'Northwind Traders',
    });
    expect(rest.call('crm.deal.list', { auth: AUTH_ID }).body).toMatchObject({ total: 2 });
    expect(rest.call('profile', { auth: AUTH_ID }).body.result).toMatchObject({ ADMIN: true });
  });

  it('answers errors like Bitrix24', () => {
    const rest = createRestPortal();
    const { AUTH_ID } = rest.issueToken();
    expect(rest.call('crm.lead.get', { id: 999, auth: AUTH_ID })).toEqual({
      status: 400,
      body: { error: '', error_description: 'Not found' },
    });
    expect(rest.call('crm.lead.get', { id: 'x', auth: AUTH_ID }).body.error_description).toBe(
      'ID is not defined or invalid.',
    );
    expect(rest.call('crm.nothing.get', { auth: AUTH_ID })).toMatchObject({
      status: 404,
      body: { error: 'ERROR_METHOD_NOT_FOUND' },
    });
    expect(rest.call('profile', {})).toMatchObject({ status: 401, body: { error: 'NO_AUTH_FOUND' } });
    expect(rest.call('profile', { auth: 'forged' })).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    rest.expireAll();
    expect(rest.call('profile', { auth: AUTH_ID })).toMatchObject({ status: 401, body: { error: 'expired_token' } });
  });

  it('refreshes tokens only for a known refresh token', () => {
    const rest = createRestPortal();
    const first = rest.issueToken();
    rest.expireAll();
    expect(rest.refresh('nope')).toBeNull();
    const next = rest.refresh(first.REFRESH_ID)!;
    expect(rest.call('profile', { auth: next.AUTH_ID }).status).toBe(200);
    // Two refreshes at once (two clients in one frame) both get a token, as from the portal.
    expect(rest.refresh(first.REFRESH_ID)).not.toBeNull();
    expect(rest.refresh(next.REFRESH_ID)).not.toBeNull();
    expect(rest.refresh('')).toBeNull();
  });

  it('keeps at most 10 000 token pairs, dropping the oldest first', () => {
    const rest = createRestPortal();
    const first = rest.issueToken();
    const second = rest.issueToken();
    for (let i = 0; i < 9_999; i++) rest.issueToken();
    // 10 001 issued: only the very first pair is gone.
    expect(rest.call('profile', { auth: first.AUTH_ID }).body.error).toBe('invalid_token');
    expect(rest.call('profile', { auth: second.AUTH_ID }).status).toBe(200);
  });

  it('checks placement.bind like the portal: admin, errorHandlerUrl, one handler', () => {
    const rest = createRestPortal();
    const { AUTH_ID: auth } = rest.issueToken();
    const bind = (extra: Record<string, unknown>) =>
      rest.call('placement.bind', {
        auth,
        PLACEMENT: 'PAGE_BACKGROUND_WORKER',
        HANDLER: 'https://app.example/worker',
        ...extra,
      });
    expect(bind({}).body.error).toBe('EMPTY_ERROR_HANDLER_URL');
    expect(bind({ OPTIONS: { errorHandlerUrl: 'https://app.example/err' } }).body.result).toBe(true);
    expect(bind({ OPTIONS: { errorHandlerUrl: 'https://app.example/err' } }).body.error).toBe(
      'ERROR_PLACEMENT_MAX_COUNT',
    );
    expect(rest.call('placement.get', { auth }).body.result).toHaveLength(1);
    expect(rest.call('placement.unbind', { auth, PLACEMENT: 'PAGE_BACKGROUND_WORKER' }).body.result).toEqual({
      count: 1,
    });
    rest.setAdmin(false);
    expect(bind({ OPTIONS: { errorHandlerUrl: 'x' } }).body.error).toBe('ACCESS_DENIED');
  });

  it('parses PHP-style form keys without prototype pollution', () => {
    const o = formToObject(new URLSearchParams('OPTIONS[errorHandlerUrl]=u&a=1&__proto__[x]=1'));
    expect(o).toMatchObject({ OPTIONS: { errorHandlerUrl: 'u' }, a: '1' });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('simulator HTTP server', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apps: ['http://localhost:5173/'] });
  });
  afterAll(() => sim.close());

  it('serves the portal page with its config', async () => {
    const html = await (await fetch(sim.url)).text();
    expect(html).toContain('window.__SIMULATOR_CONFIG__');
    expect(html).toContain('http://localhost:5173/');
  });

  it('answers REST at /rest/<method> and /rest/<method>.json, JSON or form body, with CORS', async () => {
    const { AUTH_ID } = (await (await fetch(sim.url + 'sim/token', { method: 'POST' })).json()) as { AUTH_ID: string };
    const a = await fetch(`${sim.url}rest/crm.deal.get.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 7, auth: AUTH_ID }),
    });
    expect(a.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await a.json()) as { result: { TITLE: string } }).result.TITLE).toBe('50 licenses for Northwind');
    const b = await fetch(`${sim.url}rest/crm.deal.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=8&auth=${AUTH_ID}`,
    });
    expect(((await b.json()) as { result: { ID: string } }).result.ID).toBe('8');
    const c = await fetch(`${sim.url}rest/profile?auth=wrong`);
    expect(c.status).toBe(401);
    expect(await c.json()).toEqual({
      error: 'invalid_token',
      error_description: 'The access token provided is invalid.',
    });
    const bad = await fetch(`${sim.url}rest/profile`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
  });
});

describe('b24-callcard-simulator CLI', () => {
  const cli = new URL('../dist/cli.js', import.meta.url).pathname;
  const run = async (args: string[]) => {
    const { spawn } = await import('node:child_process');
    return spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  };

  it('prints help and rejects bad arguments', async () => {
    const { execFileSync, spawnSync } = await import('node:child_process');
    expect(execFileSync(process.execPath, [cli, '--help']).toString()).toContain('Usage: b24-callcard-simulator');
    const bad = spawnSync(process.execPath, [cli, '--port', 'abc']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.toString()).toContain('Invalid --port');
    expect(spawnSync(process.execPath, [cli, 'not a url']).status).toBe(2);
    const client = spawnSync(process.execPath, [cli, '--client', 'phone']);
    expect(client.status).toBe(2);
    expect(client.stderr.toString()).toContain('Unknown --client phone: use browser or desktop');
  });

  it('refuses an app URL without a scheme, saying which one to add', async () => {
    const { spawnSync } = await import('node:child_process');
    const bad = spawnSync(process.execPath, [cli, 'localhost:5273']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.toString()).toContain('Not an app URL: localhost:5273: did you mean http://localhost:5273 ?');
    const ftp = spawnSync(process.execPath, [cli, 'ftp://example.com/']);
    expect(ftp.status).toBe(2);
    expect(ftp.stderr.toString()).toContain('app URLs start with http:// or https://');
  });

  it('refuses --serve of a missing folder or of a file', async () => {
    const { spawnSync } = await import('node:child_process');
    const missing = spawnSync(process.execPath, [cli, '--serve', './missing-folder-xyz']);
    expect(missing.status).toBe(2);
    expect(missing.stderr.toString()).toContain('--serve ./missing-folder-xyz: no such directory');
    const file = spawnSync(process.execPath, [cli, '--serve', cli]);
    expect(file.status).toBe(2);
    expect(file.stderr.toString()).toContain('not a directory');
  });

  it('starts the portal with the given app and placement', async () => {
    const child = await run([
      'http://localhost:5999/',
      '--port',
      '0',
      '--placement',
      'CALL_CARD',
      '--client',
      'desktop',
    ]);
    try {
      const [url, webhook] = await new Promise<[string, string]>((ok, fail) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /simulator: (http:\/\/\S+)[\s\S]*inbound webhook: (http:\/\/\S+)/.exec(out);
          if (m) ok([m[1]!, m[2]!]);
        });
        child.on('exit', () => fail(new Error('exited: ' + out)));
      });
      const html = await (await fetch(url)).text();
      expect(html).toContain('"placement":"CALL_CARD"');
      expect(html).toContain('"clientMode":"desktop"');
      expect(html).toContain('http://localhost:5999/');
      expect(webhook).toMatch(new RegExp(`^${url}rest/1/[0-9a-f]{24}/$`));
      expect(((await (await fetch(`${webhook}profile`)).json()) as { result: { ID: string } }).result.ID).toBe('1');
    } finally {
      child.kill();
    }
  });
});
