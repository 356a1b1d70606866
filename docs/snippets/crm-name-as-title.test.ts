import { describe, expect, it, vi } from 'vitest';
import { createCallCardClient, createRestCaller } from '@b24-callcard/core';
import { collectErrors, createMockPortal, mockCallStatus, MockRestError } from '@b24-callcard/core/testing';
import { crmNameAsTitle } from './crm-name-as-title';

const CRM: Record<string, Record<string, Record<string, unknown>>> = {
  'crm.contact.get': { 17: { ID: '17', NAME: 'Anna', LAST_NAME: 'Schmidt' } },
  'crm.company.get': { 4: { ID: '4', TITLE: 'Northwind Traders' } },
};
const get =
  (method: string) =>
  ({ id }: Record<string, unknown>) => {
    const record = CRM[method]![String(id)];
    if (!record) throw new MockRestError('NOT_FOUND', 'Not found');
    return record;
  };

function worker() {
  const portal = createMockPortal({
    rest: { 'crm.contact.get': get('crm.contact.get'), 'crm.company.get': get('crm.company.get') },
  });
  const onError = collectErrors();
  const client = createCallCardClient({ transport: portal.transport, onError });
  const stop = crmNameAsTitle(client, createRestCaller(client, { fetch: portal.fetch }));
  const titles = () =>
    portal.transport.commands.filter((c) => c.command === 'CallCardSetCardTitle').map((c) => c.params);
  return { portal, onError, stop, titles, emit: portal.transport.emit };
}

describe('recipe: the CRM name as the card title', () => {
  it('titles the card with the name of the CRM record, and follows a change of record', async () => {
    const { emit, titles, onError } = worker();
    emit(mockCallStatus(), 'initialized'); // CONTACT 17
    await vi.waitFor(() => expect(titles()).toEqual([{ title: 'Anna Schmidt' }]));
    emit({ PHONE_NUMBER: '+15550200', CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 4 }, 'entityChanged');
    await vi.waitFor(() => expect(titles()).toEqual([{ title: 'Anna Schmidt' }, { title: 'Northwind Traders' }]));
    expect(onError.errors).toEqual([]);
  });

  it('waits for the card: a record announced before initialized is titled once the call starts', async () => {
    const { emit, titles, portal } = worker();
    emit({ PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 }, 'entityChanged');
    await new Promise((r) => setTimeout(r, 20));
    expect(portal.calls).toEqual([]);
    emit({ ...mockCallStatus(), CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }, 'initialized');
    await vi.waitFor(() => expect(titles()).toEqual([{ title: 'Anna Schmidt' }]));
  });

  it('leaves the title alone with no CRM record, and reports a failed lookup', async () => {
    const { emit, titles, onError } = worker();
    emit({ ...mockCallStatus(), CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }, 'initialized');
    emit({ PHONE_NUMBER: '+15550999', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 99 }, 'entityChanged');
    await vi.waitFor(() => expect(onError.errors).toHaveLength(1));
    expect(onError.take()).toEqual([expect.objectContaining({ code: 'REST', error: 'NOT_FOUND' })]);
    expect(titles()).toEqual([]);
  });
});
