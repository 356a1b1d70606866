// The tab's entry file: a plain <form> with a <textarea>, saved to the call's CRM record.
import { createCallCardClient, createRestCaller, frameTransport, getCallStateStore } from '@b24-callcard/core';
import { notesForm } from './keep-tab-open';

const client = createCallCardClient({ transport: frameTransport({ allowedHosts: ['example.bitrix24.com'] }) });
const rest = createRestCaller(client);
const calls = getCallStateStore(client);
calls.subscribe(() => {}); // follow the call: from the tab's options, then getStatus and the events

const form = notesForm(client, async (text) => {
  const call = calls.getState();
  if (!call?.entityType || call.entityId === null) throw new Error('No CRM record to save the notes to');
  await rest('crm.timeline.comment.add', {
    fields: { ENTITY_TYPE: call.entityType.toLowerCase(), ENTITY_ID: call.entityId, COMMENT: text },
  });
});

const textarea = document.querySelector('textarea')!;
textarea.addEventListener('input', () => form.edit(textarea.value));
document.querySelector('form')!.addEventListener('submit', (e) => {
  e.preventDefault();
  void form.save();
});
