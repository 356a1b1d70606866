import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { simulatorPage, type EvaluatingPage } from '../src/testing/simulatorPage';
import { pageHarness } from './pageHarness';

/**
 * A page as a browser driver sees it: the function is sent as source text and run in another
 * realm (so it may use nothing of the module that sent it), its argument and result copied.
 */
function fakePage(simulator: unknown): EvaluatingPage & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    async evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
      sent.push(structuredClone(arg));
      const copy = runInNewContext(`(${fn.toString()})`, { simulator }) as (a: A) => R | Promise<R>;
      return structuredClone(await copy(structuredClone(arg)));
    },
  };
}

describe('simulatorPage (Node side)', () => {
  it('runs each method on window.simulator, from source text, and types the results', async () => {
    const h = pageHarness();
    h.addApp(0);
    const page = fakePage(h.api);
    const portal = simulatorPage(page);
    const bound = portal.waitForBind('entityChanged', 1000);
    h.bind(0, 'BackgroundCallCard::entityChanged');
    await bound;
    expect(await portal.fire('entityChanged', { CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 })).toEqual({
      event: 'BackgroundCallCard::entityChanged',
      delivered: 1,
    });
    await expect(portal.fire('nope')).rejects.toThrow(/Unknown call-card event "nope"/);
    expect((await portal.card()).open).toBe(false);
    const { CALL_ID } = h.register();
    expect(await portal.waitForCard({ callId: CALL_ID })).toMatchObject({ open: true, uiState: 'incoming' });
    expect(await portal.press('answerButtonClick')).toEqual({
      event: 'BackgroundCallCard::answerButtonClick',
      delivered: 0,
      reason: 'not-bound',
    });
    h.cmd(0, 'CallCardSetCardTitle', { title: 'Anna' });
    expect(await portal.commands()).toEqual([
      expect.objectContaining({ command: 'CallCardSetCardTitle', answers: [[]] }),
    ]);
    expect((await portal.card()).title).toBe('Anna');
    expect((await portal.restLog()).map((r) => r.method)).toEqual(['telephony.externalCall.register']);
    expect(await portal.calls()).toHaveLength(1);
    expect((await portal.log()).length).toBeGreaterThan(0);
    expect(await portal.bindsOf(0)).toEqual([
      expect.objectContaining({ callback: 'cb-BackgroundCallCard__entityChanged' }),
    ]);
    await portal.setClientMode('desktop');
    expect(h.api.clientMode).toBe('desktop');
    await portal.setPlacement('CALL_CARD');
    expect(h.api.placement).toBe('CALL_CARD');
    await portal.playScenario('incoming', { stepMs: 0 });
    expect(await portal.apps()).toEqual([]);
    await portal.reload();
  });

  it('drops trailing undefined arguments (not every driver can send them)', async () => {
    const h = pageHarness();
    const page = fakePage(h.api);
    await simulatorPage(page).fire('entityChanged');
    await simulatorPage(page).fire('entityChanged', undefined);
    expect(page.sent).toEqual([
      { method: 'fire', args: ['entityChanged'] },
      { method: 'fire', args: ['entityChanged'] },
    ]);
  });

  it('says what to do when the page is not the simulator', async () => {
    await expect(simulatorPage(fakePage(undefined)).card()).rejects.toThrow(
      /window\.simulator is missing: open the simulator page first/,
    );
  });
});
