import { describe, expect, it } from 'vitest';
import { callRest, createCallCardClient, createRestCaller, getPortal, whenPortal } from '@b24-callcard/core';
import { createMockPortal, MockRestError } from '@b24-callcard/core/testing';

const contact = ({ id }: Record<string, unknown>) => {
  if (id !== 17) throw new MockRestError('NOT_FOUND', 'Not found');
  return { ID: 17, NAME: 'Anna', LAST_NAME: 'Schmidt' };
};

describe('createMockPortal', () => {
  it('answers a CRM lookup through the REST caller, with no global fetch touched', async () => {
    const before = globalThis.fetch;
    const portal = createMockPortal({ rest: { 'crm.contact.get': contact } });
    const client = createCallCardClient({ transport: portal.transport, onError: () => {} });
    const rest = createRestCaller(client, { fetch: portal.fetch });
    await expect(rest('crm.contact.get', { id: 17 })).resolves.toEqual({ ID: 17, NAME: 'Anna', LAST_NAME: 'Schmidt' });
    expect(portal.calls).toEqual([{ method: 'crm.contact.get', params: { id: 17 } }]);
    expect(globalThis.fetch).toBe(before);
  });

  it("answers a method's error and an unknown method in Bitrix24's shapes", async () => {
    const portal = createMockPortal({ rest: { 'crm.contact.get': contact } });
    const client = createCallCardClient({ transport: portal.transport, onError: () => {} });
    const rest = createRestCaller(client, { fetch: portal.fetch });
    await expect(rest('crm.contact.get', { id: 99 })).rejects.toMatchObject({
      code: 'REST',
      reason: 'PORTAL',
      error: 'NOT_FOUND',
      status: 400,
    });
    await expect(rest('crm.nothing.get')).rejects.toMatchObject({ error: 'ERROR_METHOD_NOT_FOUND', status: 404 });
  });

  it('checks the token: an expired one is refreshed through the frame and the call retried', async () => {
    const portal = createMockPortal({ rest: { 'crm.contact.get': contact } });
    const client = createCallCardClient({ transport: portal.transport, onError: () => {} });
    const rest = createRestCaller(client, { fetch: portal.fetch });
    await whenPortal(client);
    portal.expireToken();
    await expect(rest('crm.contact.get', { id: 17 })).resolves.toMatchObject({ ID: 17 });
    expect(getPortal(client)!.auth.accessToken).toBe('mock-access-token-1');
    expect(portal.transport.commands.map((c) => c.command)).toContain('refreshAuth');
    // A token the portal never issued is refused.
    await expect(
      callRest(
        { ...getPortal(client)!, auth: { ...getPortal(client)!.auth, accessToken: 'forged' } },
        'crm.contact.get',
        {},
        { fetch: portal.fetch },
      ),
    ).rejects.toMatchObject({ error: 'invalid_token', status: 401 });
  });

  it('answers its own origin only', async () => {
    const portal = createMockPortal();
    await expect(portal.fetch('https://attacker.example/rest/x.json')).rejects.toThrow(
      /answers https:\/\/example\.bitrix24\.com\/rest\/ only/,
    );
  });
});
