import type { CallCardEntity, RestCaller } from '@b24-callcard/core';

const METHODS: Record<string, string> = {
  CONTACT: 'crm.contact.get',
  COMPANY: 'crm.company.get',
  LEAD: 'crm.lead.get',
  DEAL: 'crm.deal.get',
};

/** Loads the CRM record of the call card's entity and returns a display name, or null when nothing is bound. */
export async function loadCrmName(
  rest: RestCaller,
  entity: CallCardEntity,
  signal?: AbortSignal,
): Promise<string | null> {
  const method = entity.entityType ? METHODS[entity.entityType] : undefined;
  if (!method || entity.entityId === null) return null;
  const r = await rest<Record<string, unknown>>(method, { id: entity.entityId }, { signal });
  const person = [r.NAME, r.LAST_NAME].filter(Boolean).join(' ');
  return (entity.entityType === 'CONTACT' || entity.entityType === 'LEAD') && person
    ? person
    : String(r.TITLE ?? `#${r.ID}`);
}
