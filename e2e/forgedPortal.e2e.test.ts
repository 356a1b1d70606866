import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../packages/simulator/dist/index.js';
import { APPS, expectText, launch, simulate } from './browser';

// An attacker's page frames our built example with a forged window.name naming its own origin,
// and plays the portal: it answers getInitData, feeds a "client" to every bind, and records any
// REST call sent to its host. The examples trust only VITE_B24_ALLOWED_HOSTS (and loopback
// hosts): the frame must refuse the forged portal before sending anything.
const ATTACKER = 'http://attacker.test';

const ATTACKER_PAGE = (appUrl: string) => `<!doctype html>
<html><body>
<iframe id="app" name="attacker.test|0|forged" src="${appUrl}"></iframe>
<script>
  window.got = [];
  addEventListener('message', (e) => {
    const data = String(e.data);
    window.got.push(data);
    const parts = data.split(':');
    const cb = parts[parts.length - 2];
    const answer = (value) => e.source.postMessage(cb + ':' + JSON.stringify(value), '*');
    if (data.startsWith('getInitData')) {
      answer({ DOMAIN: 'attacker.test', PROTOCOL: 0, PATH: '/rest', PLACEMENT: 'PAGE_BACKGROUND_WORKER',
        AUTH_ID: 'stolen', AUTH_EXPIRES: '3600', PLACEMENT_OPTIONS: {} });
    } else if (data.startsWith('placementBindEvent')) {
      answer({ PHONE_NUMBER: '+16660000', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 666 });
    }
  });
</script>
</body></html>`;

let browser: Browser;
let sim: Simulator;

beforeAll(async () => {
  browser = await launch();
  sim = await simulate([
    { dir: APPS.react, label: 'React worker' },
    { dir: APPS.vue, label: 'Vue worker' },
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

// The built app is served to the browser as http://app.test/ (proxied to the simulator's static
// server): Chromium blocks a public page from framing a loopback address, so both sides get public names.
const APP = 'http://app.test/';

async function frameBy(page: Page, appUrl: string) {
  const rest: string[] = [];
  await page.route(`${APP}**`, async (route) => {
    const response = await route.fetch({ url: route.request().url().replace(APP, appUrl) });
    await route.fulfill({ response });
  });
  await page.route(`${ATTACKER}/**`, (route) => {
    const url = route.request().url();
    if (url.startsWith(`${ATTACKER}/rest/`)) {
      rest.push(url);
      return route.fulfill({ contentType: 'application/json', body: '{"result":{"NAME":"Forged"}}' });
    }
    return route.fulfill({ contentType: 'text/html', body: ATTACKER_PAGE(APP) });
  });
  await page.goto(`${ATTACKER}/`);
  return { rest, frame: page.frameLocator('#app') };
}

describe('the built examples framed by a page that forges window.name', () => {
  for (const [i, name] of [
    [0, 'React'],
    [1, 'Vue'],
  ] as const) {
    it(`${name}: refuses the forged portal (UNTRUSTED_HOST), sends it nothing, calls no REST there`, async () => {
      const page = await browser.newPage();
      try {
        const { rest, frame } = await frameBy(page, sim.apps[i]!.url);
        await expectText(frame, 'status', 'unsupported');
        await expectText(frame, 'error', /attacker\.test is not in allowedHosts/);
        await expectText(frame, 'phone', '—');
        // Give a forged answer every chance to arrive: the app's own page has rendered by now.
        await page.waitForTimeout(300);
        expect(await page.evaluate(() => (window as unknown as { got: string[] }).got)).toEqual([]);
        expect(rest).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('the same page framing the app with the simulator as the portal is trusted (control)', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(sim.url);
      await expectText(page.frameLocator('iframe[data-app="0"]'), 'status', 'listening');
    } finally {
      await page.close();
    }
  });
});
