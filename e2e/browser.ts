import { existsSync } from 'node:fs';
import { launchChromium } from '../scripts/chromium.mjs';
import { fileURLToPath } from 'node:url';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../packages/simulator/dist/index.js';

/** Launches Debian's Chromium headless (no browser download: playwright-core only drives it). */
export const launch = (): Promise<Browser> => launchChromium();

const dir = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The built apps the e2e tests and benchmarks load. */
export const APPS = {
  react: dir('../examples/react-worker/dist'),
  vue: dir('../examples/vue-worker/dist'),
  probe: dir('./fixtures/probe-app/dist'),
  evil: dir('./fixtures/evil'),
};

/** Starts the simulator on a free port with the given app folders, each on its own origin. */
export function simulate(serve: Array<{ dir: string; label: string }>, placement?: string): Promise<Simulator> {
  for (const s of serve) {
    if (!existsSync(s.dir)) throw new Error(`${s.dir} is missing: run pnpm build first`);
  }
  return startSimulator({ port: 0, serve, placement });
}

/** Waits until `read()` returns a value that satisfies `ok`, or fails with the last value seen. */
export async function until<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeout = 8000,
): Promise<T> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // not there yet
    }
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The text of a test id inside an app frame. */
export const text = (frame: FrameLocator | Page, id: string): Promise<string> =>
  (frame.getByTestId(id) as Locator).innerText({ timeout: 1000 });

/** Waits until a test id in a frame has exactly `expected` text (or matches it). */
export const expectText = (frame: FrameLocator | Page, id: string, expected: string | RegExp, timeout?: number) =>
  until(
    () => text(frame, id),
    (t) => (typeof expected === 'string' ? t.trim() === expected : expected.test(t)),
    `${id} = ${String(expected)}`,
    timeout,
  );

/** The app frame at `index` on the simulator page. */
export const appFrame = (page: Page, index: number): FrameLocator => page.frameLocator(`iframe[data-app="${index}"]`);

/** Binds the simulator page recorded for app `index` (event names). */
export const bindsOf = (page: Page, index: number): Promise<string[]> =>
  page.evaluate(
    (i) => (window as unknown as { simulator: { apps: Array<{ binds: string[] }> } }).simulator.apps[i]!.binds,
    index,
  );
