import {
  bindCallCardCommands,
  createRestCaller,
  getCallStateStore,
  type CallCardClient,
  type RestCaller,
  type Unsubscribe,
} from '@b24-callcard/core';

const GET: Readonly<Record<string, string>> = {
  CONTACT: 'crm.contact.get',
  COMPANY: 'crm.company.get',
  LEAD: 'crm.lead.get',
  DEAL: 'crm.deal.get',
};

/** The display name of a CRM record: a person's name for contacts and leads, else the title. */
export async function crmName(
  rest: RestCaller,
  entityType: string,
  entityId: number,
  signal?: AbortSignal,
): Promise<string | null> {
  const method = GET[entityType];
  if (!method) return null;
  const record = await rest<Record<string, unknown>>(method, { id: entityId }, { signal });
  const person = [record.NAME, record.LAST_NAME].filter(Boolean).join(' ');
  if ((entityType === 'CONTACT' || entityType === 'LEAD') && person) return person;
  return typeof record.TITLE === 'string' && record.TITLE ? record.TITLE : null;
}

/**
 * For a background worker: once the call has a card and a CRM record, loads the record's name
 * over REST and makes it the card's title; again when the record changes during the call. A
 * lookup still under way when the record changes is cancelled. Failures go to the client's
 * `onError`. Returns the function that stops it.
 */
export function crmNameAsTitle(client: CallCardClient, rest: RestCaller = createRestCaller(client)): Unsubscribe {
  const card = bindCallCardCommands(client);
  let titled = ''; // the call and record whose name is (being) the title
  let lookup: AbortController | null = null;
  const stop = getCallStateStore(client).subscribe((call) => {
    // The call state starts with `initialized`, when the card exists: no title is set before.
    const record = call && call.entityType && call.entityId !== null ? call : null;
    const key = record ? `${record.callId} ${record.entityType} ${record.entityId}` : '';
    if (key === titled) return;
    titled = key;
    lookup?.abort();
    lookup = null;
    if (!record?.entityType || record.entityId === null) return;
    const ctrl = (lookup = new AbortController());
    crmName(rest, record.entityType, record.entityId, ctrl.signal)
      .then((name) => (name && !ctrl.signal.aborted ? card.setTitle(name) : undefined))
      .catch((e: unknown) => ctrl.signal.aborted || client.report(e));
  });
  return () => {
    lookup?.abort();
    stop();
  };
}
