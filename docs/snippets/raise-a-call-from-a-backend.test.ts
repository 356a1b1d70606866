import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimEvent, type Simulator } from '@b24-callcard/simulator';
import { PortalRestError, telephony, type PortalAccess } from './raise-a-call-from-a-backend';

let sim: Simulator;
let portal: PortalAccess;
const cards: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  sim.rest.onEvent((e: SimEvent) => {
    if (e.type === 'call') cards.push(`${e.action} to user ${e.call.USER_ID}`);
  });
  // The app's token, as the simulator hands one out (on a portal: the app's OAuth token).
  const token = (await (await fetch(`${sim.url}sim/token`, { method: 'POST' })).json()) as { AUTH_ID: string };
  portal = { origin: new URL(sim.url).origin, accessToken: token.AUTH_ID, webhookUrl: sim.webhookUrl };
});
afterAll(() => sim?.close());

describe('recipe: raise a call from a backend', () => {
  it('finds the caller, raises the call, shows and hides the card, and finishes the call', async () => {
    const backend = telephony(portal);
    expect(await backend.findCaller('+15550100')).toEqual([
      expect.objectContaining({ CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17, NAME: 'Anna Schmidt' }),
    ]);

    const call = await backend.register({ userId: 1, phoneNumber: '+15550100' });
    expect(call).toMatchObject({ CALL_ID: expect.stringMatching(/^externalCall\./), CRM_ENTITY_TYPE: 'CONTACT' });
    expect(sim.rest.shownTo(call.CALL_ID)).toEqual([1]);

    expect(await backend.hide(call.CALL_ID, [1])).toBe(true);
    expect(await backend.show(call.CALL_ID, [1, 2])).toBe(true);
    expect(sim.rest.shownTo(call.CALL_ID)).toEqual([1, 2]);

    const finished = await backend.finish({ callId: call.CALL_ID, userId: 1, durationSeconds: 42 });
    expect(finished.CRM_ACTIVITY_ID).toEqual(expect.any(Number));
    expect(sim.rest.calls()).toEqual([]);
    expect(sim.rest.activities).toEqual([
      expect.objectContaining({ OWNER_ID: '17', SUBJECT: 'Incoming call +15550100' }),
    ]);
    expect(cards).toEqual([
      'show to user 1',
      'hide to user 1',
      'show to user 1',
      'show to user 2',
      'finish to user 1',
      'finish to user 2',
    ]);
    expect(await backend.show(call.CALL_ID, [1])).toBe(false); // no longer open
  });

  it('refuses a token it never issued, a register through the webhook, and a wrong webhook code', async () => {
    const stranger = telephony({ ...portal, accessToken: 'not-a-token' });
    await expect(stranger.register({ userId: 1, phoneNumber: '+15550100' })).rejects.toMatchObject({
      error: 'invalid_token',
      status: 401,
    });
    const viaWebhook = await fetch(`${sim.webhookUrl}telephony.externalCall.register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ USER_ID: 1, PHONE_NUMBER: '+15550100', TYPE: 2 }),
    });
    expect(viaWebhook.status).toBe(403);
    expect(await viaWebhook.json()).toMatchObject({ error: 'WRONG_AUTH_TYPE' });
    const wrongCode = telephony({ ...portal, webhookUrl: `${sim.url}rest/1/wrong-code/` });
    const refused = await wrongCode.findCaller('+15550100').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PortalRestError);
    expect(refused).toMatchObject({ error: 'INVALID_CREDENTIALS', status: 401 });
  });
});
