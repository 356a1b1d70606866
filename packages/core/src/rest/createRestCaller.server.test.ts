import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallCardRestError, createCallCardClient, createRestCaller, type PortalInfo } from '@b24-callcard/core';
import { createMockTransport, mockPortal } from '@b24-callcard/core/testing';
import { startSimulator, type Simulator } from '../../simulator/src/server';

let sim: Simulator;
const portalWith = (token: string): PortalInfo => {
  const base = mockPortal();
  return { ...base, restUrl: `${sim.url}rest/`, auth: { ...base.auth, accessToken: token } };
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

describe('createRestCaller (against the simulator REST)', () => {
  it('waits for the connection and calls with the portal token', async () => {
    const transport = createMockTransport({ portal: portalWith(sim.rest.issueToken().AUTH_ID), answer: 'manual' });
    const rest = createRestCaller(createCallCardClient({ transport }));
    const pending = rest<{ NAME: string }>('crm.contact.get', { id: 17 });
    transport.answer();
    expect((await pending).NAME).toBe('Anna');
  });

  it('refreshes an expired token once and retries', async () => {
    let refreshes = 0;
    const transport = createMockTransport({
      portal: portalWith(sim.rest.issueToken().AUTH_ID),
      refreshAuth: () => (refreshes++, portalWith(sim.rest.issueToken().AUTH_ID)),
    });
    const client = createCallCardClient({ transport });
    const rest = createRestCaller(client);
    sim.rest.expireAll();
    expect(((await rest('crm.company.get', { id: 4 })) as { TITLE: string }).TITLE).toBe('Northwind Traders');
    expect(refreshes).toBe(1);
    expect(await rest('user.admin')).toBe(true);
    expect(refreshes).toBe(1);
  });

  it('passes other errors through, and expired_token when the transport cannot refresh', async () => {
    const client = createCallCardClient({
      transport: createMockTransport({ portal: portalWith(sim.rest.issueToken().AUTH_ID) }),
    });
    const rest = createRestCaller(client);
    const notFound = (await rest('crm.deal.get', { id: 999 }).catch((e: unknown) => e)) as CallCardRestError;
    expect(notFound).toBeInstanceOf(CallCardRestError);
    expect(notFound.description).toBe('Not found');
    sim.rest.expireAll();
    const noRefresh = (await rest('profile').catch((e: unknown) => e)) as Error & { code: string };
    expect(noRefresh.code).toBe('TRANSPORT');
    expect(noRefresh.message).toMatch(/Cannot refresh the token/);
  });
});
