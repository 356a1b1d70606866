import type { CallState, RestCaller } from '@b24-callcard/core';

/**
 * Saves the notes as a comment on the CRM record of the call (REST `crm.timeline.comment.add`),
 * or rejects when the call has no CRM record.
 */
export async function saveNotes(rest: RestCaller, call: CallState, notes: string): Promise<void> {
  if (!call.entityType || call.entityId === null) throw new Error('No CRM record to save the notes to');
  await rest('crm.timeline.comment.add', {
    fields: {
      ENTITY_TYPE: call.entityType.toLowerCase(),
      ENTITY_ID: call.entityId,
      COMMENT: `Call ${call.callId}: ${notes}`,
    },
  });
}
