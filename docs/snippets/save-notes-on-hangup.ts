import {
  createRestCaller,
  getCallStateStore,
  onCallCardEvent,
  type CallCardClient,
  type RestCaller,
  type Unsubscribe,
} from '@b24-callcard/core';

/**
 * For a background worker: collects the comments the operator types with the card's comment
 * button during a call, and on hang-up saves them as one comment on the call's CRM record
 * (REST `crm.timeline.comment.add`). A call with no CRM record, or no comments, saves nothing.
 * A failed save goes to the client's `onError`. Returns the function that stops it.
 */
export function saveNotesOnHangup(client: CallCardClient, rest: RestCaller = createRestCaller(client)): Unsubscribe {
  const calls = getCallStateStore(client);
  let notes: string[] = [];
  const stops = [
    // A new call starts with no notes.
    calls.subscribe((call, previous) => {
      if (call?.callId !== previous?.callId) notes = [];
    }),
    onCallCardEvent(client, 'addCommentButtonClick', (text) => {
      if (text.trim()) notes.push(text.trim());
    }),
    onCallCardEvent(client, 'hangupButtonClick', () => {
      const call = calls.getState();
      if (!call?.entityType || call.entityId === null || notes.length === 0) return;
      const comment = `Call ${call.callId}:\n${notes.join('\n')}`;
      notes = [];
      rest('crm.timeline.comment.add', {
        fields: { ENTITY_TYPE: call.entityType.toLowerCase(), ENTITY_ID: call.entityId, COMMENT: comment },
      }).catch(client.report);
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
