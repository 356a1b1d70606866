import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../packages/simulator/dist/index.js';
import { APPS, appFrame, bindsOf, expectText, launch, simulate, text, until } from './browser';

let browser: Browser;
let sim: Simulator;
let page: Page;
const FRAMES = [0, 1]; // React, Vue

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
beforeEach(async () => {
  page = await browser.newPage();
  await page.goto(sim.url);
  for (const i of FRAMES) await expectText(appFrame(page, i), 'status', 'listening');
});
afterEach(async () => {
  await page.close();
});

const each = async (fn: (i: number) => Promise<unknown>) => {
  for (const i of FRAMES) await fn(i);
};

describe('React and Vue examples inside the simulator', () => {
  it('bind exactly once each, in the background-worker placement', async () => {
    // The Vue worker reads the entity only; the React worker also drives the card (call state,
    // answer and hang-up buttons). Every event is bound once, however many hooks listen to it.
    const expected = [
      ['BackgroundCallCard::entityChanged'],
      [
        'BackgroundCallCard::answerButtonClick',
        'BackgroundCallCard::closeButtonClick',
        'BackgroundCallCard::entityChanged',
        'BackgroundCallCard::hangupButtonClick',
        'BackgroundCallCard::holdButtonClick',
        'BackgroundCallCard::initialized',
        'BackgroundCallCard::muteButtonClick',
      ],
    ];
    await each(async (i) => {
      await until(
        () => bindsOf(page, i),
        (b) => b.length >= expected[1 - i]!.length,
        'binds',
      );
      expect([...(await bindsOf(page, i))].sort()).toEqual(expected[1 - i]);
      expect(await text(appFrame(page, i), 'placement')).toBe('PAGE_BACKGROUND_WORKER');
    });
  });

  it('show the client picked in the panel and its CRM name, for every entity type', async () => {
    const cases = [
      ['client-CONTACT-17', '+15550100', 'CONTACT #17', 'Anna Schmidt'],
      ['client-COMPANY-5', '+15550201', 'COMPANY #5', 'Contoso Ltd'],
      ['client-LEAD-32', '+15550301', 'LEAD #32', 'Elena Garcia'],
      ['client-DEAL-7', '+15550100', 'DEAL #7', '50 licenses for Northwind'],
    ] as const;
    for (const [button, phone, crm, name] of cases) {
      await page.click(`[data-testid="${button}"]`);
      await each(async (i) => {
        const f = appFrame(page, i);
        await expectText(f, 'status', 'ready');
        await expectText(f, 'crm', crm);
        await expectText(f, 'phone', phone);
        await expectText(f, 'name', name);
      });
    }
  });

  it('handle the edge cases: hidden number, unknown, nothing bound, id as a string, missing record, malformed payload', async () => {
    await page.click('[data-testid="edge-hidden-number"]');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'phone', 'no number');
      await expectText(appFrame(page, i), 'name', 'Anna Schmidt');
    });
    await page.click('[data-testid="edge-unknown"]');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'phone', 'no number');
      await expectText(appFrame(page, i), 'name', 'Chiara Rossi');
    });
    await page.click('[data-testid="edge-nothing-bound"]');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'crm', 'no CRM entity');
      await expectText(appFrame(page, i), 'phone', '+15550777');
      await expectText(appFrame(page, i), 'name', '—');
    });
    await page.click('[data-testid="edge-string-id"]');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'crm', 'LEAD #31');
      await expectText(appFrame(page, i), 'name', 'Dmitri Petrov');
    });
    await page.click('[data-testid="edge-missing-record"]');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'crm', 'DEAL #999');
      await expectText(appFrame(page, i), 'name', /crm\.deal\.get: .*Not found/);
    });
    await page.click('[data-testid="edge-malformed"]');
    await each(async (i) => {
      // Reported to onError (the examples show it); the state and its entity stay as they were.
      await expectText(appFrame(page, i), 'problem', /Invalid entityChanged payload: bad CRM_ENTITY_ID/);
      await expectText(appFrame(page, i), 'status', 'ready');
      await expectText(appFrame(page, i), 'crm', 'DEAL #999'); // previous entity kept
      expect(await text(appFrame(page, i), 'status')).toBe('ready');
    });
    await page.click('[data-testid="client-CONTACT-18"]');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'name', 'Boris Ivanov');
      expect(await appFrame(page, i).getByTestId('error').count()).toBe(0);
    });
  });

  it('refresh an expired token through the portal and still load the CRM record', async () => {
    await page.click('text=Expire REST tokens');
    await until(
      () => page.evaluate(() => (window as any).simulator.log.some((e: any) => /expired/.test(e.text))),
      Boolean,
      'expire',
    );
    await page.click('[data-testid="client-COMPANY-4"]');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'crm', 'COMPANY #4');
      await expectText(appFrame(page, i), 'name', 'Northwind Traders');
    });
    const log: Array<{ text: string; dir: string }> = await page.evaluate(() => (window as any).simulator.log);
    expect(log.filter((e) => e.dir === 'app→portal' && e.text.startsWith('refreshAuth:'))).toHaveLength(2);
    expect(log.filter((e) => e.dir === 'rest' && /crm.company.get .* 401 expired_token/.test(e.text))).toHaveLength(2);
  });

  it('show a REST error, not a crash, when the token is refused', async () => {
    // A token the portal never issued cannot be refreshed: the error reaches the UI.
    await page.evaluate(() => fetch('/sim/expire', { method: 'POST' }));
    await page.route('**/sim/refresh', (route) => route.fulfill({ status: 400, body: '{"error":"invalid_grant"}' }));
    await page.click('[data-testid="client-COMPANY-5"]');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'crm', 'COMPANY #5');
      await expectText(appFrame(page, i), 'name', /refreshAuth with no token/);
    });
  });

  it('keep working with the frames hidden, as the real worker is', async () => {
    await page.check('#hidden');
    expect(await page.locator('iframe[data-app="0"]').isVisible()).toBe(false);
    await page.click('[data-testid="client-LEAD-32"]');
    await each((i) => expectText(appFrame(page, i), 'name', 'Elena Garcia'));
    await page.uncheck('#hidden');
    expect(await page.locator('iframe[data-app="0"]').isVisible()).toBe(true);
  });

  it('a custom client with the id typed as a string', async () => {
    await page.fill('#c-phone', '+4930123456');
    await page.selectOption('#c-type', 'COMPANY');
    await page.fill('#c-id', '4');
    await page.check('#c-id-string');
    await page.click('#c-fire');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'crm', 'COMPANY #4');
      await expectText(appFrame(page, i), 'phone', '+4930123456');
      await expectText(appFrame(page, i), 'name', 'Northwind Traders');
    });
  });

  it('ignore a forged entityChanged from a foreign frame, even with a real callback id', async () => {
    await page.click('[data-testid="client-CONTACT-17"]');
    await each((i) => expectText(appFrame(page, i), 'name', 'Anna Schmidt'));
    // A frame from another origin, inside the same portal page.
    const evilApp = await simulate([{ dir: APPS.evil, label: 'evil' }]);
    try {
      const evilUrl = evilApp.apps[0]!.url;
      await page.evaluate((url) => {
        const f = document.createElement('iframe');
        f.src = url;
        f.id = 'evil';
        document.body.appendChild(f);
        return new Promise((r) => f.addEventListener('load', r));
      }, evilUrl);
      const evil = page.frame({ url: evilUrl })!;
      const ids = await page.evaluate(() =>
        [0, 1].map((i) => (window as any).simulator.bindsOf(i)[0].callback as string),
      );
      // Record every phone each app shows from now on, so a forged one cannot hide behind a later event.
      const appFrames = page.frames().filter((fr) => fr !== page.mainFrame() && fr.url() !== evilUrl);
      expect(appFrames).toHaveLength(2);
      for (const fr of appFrames) {
        await fr.evaluate(() => {
          const seen: string[] = ((window as any).__phonesSeen = []);
          const read = () => seen.push(document.querySelector('[data-testid="phone"]')?.textContent ?? '');
          new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
        });
      }
      const forged = { PHONE_NUMBER: '+666', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 18 };
      let posted = 0;
      for (const id of ids)
        posted += await evil.evaluate((m) => (window as any).forge(m), `${id}:${JSON.stringify(forged)}`);
      expect(posted).toBe(4); // two apps × two ids
      // The real portal gets through; its event was sent after the forged ones, so once it shows,
      // the forged messages were handled.
      await page.click('[data-testid="client-CONTACT-18"]');
      await each((i) => expectText(appFrame(page, i), 'name', 'Boris Ivanov'));
      for (const fr of appFrames) {
        const seen: string[] = await fr.evaluate(() => (window as any).__phonesSeen);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen.filter((p) => p.includes('+666'))).toEqual([]);
      }
    } finally {
      await evilApp.close();
    }
  });

  it('switch to the CALL_CARD placement and bind CallCard::EntityChanged', async () => {
    await page.selectOption('#placement', 'CALL_CARD');
    await each((i) => expectText(appFrame(page, i), 'placement', 'CALL_CARD'));
    // CALL_CARD has three events: the React worker's call state binds CallStateChanged too, and its
    // background-worker button handlers bind nothing there.
    const expected = [['CallCard::EntityChanged'], ['CallCard::CallStateChanged', 'CallCard::EntityChanged']];
    await each(async (i) => {
      await until(
        () => bindsOf(page, i),
        (b) => b.length >= expected[1 - i]!.length,
        'binds',
      );
      expect([...(await bindsOf(page, i))].sort()).toEqual(expected[1 - i]);
    });
    await page.click('[data-testid="client-LEAD-31"]');
    await each((i) => expectText(appFrame(page, i), 'name', 'Dmitri Petrov'));
  });

  it('are unsupported in another placement, with the reason, and install the worker from DEFAULT', async () => {
    await page.selectOption('#placement', 'DEFAULT');
    await each(async (i) => {
      await expectText(appFrame(page, i), 'status', 'unsupported');
      await expectText(appFrame(page, i), 'error', /Placement DEFAULT has no call-card events/);
      expect(await bindsOf(page, i)).toEqual([]);
    });
    // The install step: the React app registers itself through REST placement.bind.
    await appFrame(page, 0).getByTestId('install-button').click();
    await expectText(appFrame(page, 0), 'install-result', /^Installed/);
    expect(sim.rest.placements).toEqual([
      expect.objectContaining({
        placement: 'PAGE_BACKGROUND_WORKER',
        handler: sim.apps[0]!.url,
        options: { errorHandlerUrl: sim.apps[0]!.url + 'worker-error' },
      }),
    ]);
    await appFrame(page, 0).getByTestId('install-button').click();
    await expectText(appFrame(page, 0), 'install-result', 'Already installed.');
    // One worker per app: the Vue app is told clearly that another is registered.
    await appFrame(page, 1).getByTestId('install-button').click();
    await expectText(appFrame(page, 1), 'install-result', /Another background worker is registered/);
    sim.rest.placements.length = 0;
    await appFrame(page, 1).getByTestId('install-button').click();
    await expectText(appFrame(page, 1), 'install-result', /^Installed/);
    sim.rest.placements.length = 0;
  });
});

describe('examples outside the simulator', () => {
  it('say unsupported and what to do', async () => {
    for (const app of sim.apps) {
      const p = await browser.newPage();
      await p.goto(app.url);
      await expectText(p, 'status', 'unsupported');
      await expectText(p, 'error', /Not in a Bitrix24 frame.*simulator \(npx @b24-callcard\/simulator/);
      await p.close();
    }
  });
});
