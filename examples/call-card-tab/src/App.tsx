import { useMemo, useRef, useState } from 'react';
import { createRestCaller } from '@b24-callcard/core';
import {
  useCallCardClient,
  useCallCardEntity,
  useCallCardEvent,
  useCallState,
  useKeepCallCardOpen,
} from '@b24-callcard/react';
import { saveNotes } from './notes';

/**
 * A tab in the call card (placement CALL_CARD): the call and its client (from the tab's options,
 * then the portal's getStatus), a notes form, the card kept open while the notes are not saved,
 * and the notes saved when the card closes.
 */
export function App() {
  const { status, error, placement } = useCallCardEntity();
  const call = useCallState();
  const client = useCallCardClient();
  const rest = useMemo(() => createRestCaller(client), [client]);
  const [notes, setNotes] = useState('');
  const [saved, setSaved] = useState('');
  const [result, setResult] = useState('');
  const dirty = notes.trim() !== '' && notes !== saved;

  // The card closes on its own after the call: not while the notes are unsaved.
  useKeepCallCardOpen(dirty);

  const saving = useRef<Promise<void> | null>(null);
  const save = () => {
    if (!call || !dirty || saving.current) return;
    const text = notes;
    saving.current = saveNotes(rest, call, text)
      .then(
        () => (setSaved(text), setResult('Saved to the CRM record')),
        (e: Error) => setResult(`Not saved: ${e.message}`),
      )
      .finally(() => (saving.current = null));
  };
  // BeforeClose fires when closing is attempted and again when the card really closes: save once.
  useCallCardEvent('beforeClose', save);

  return (
    <main style={{ font: '14px system-ui, sans-serif', padding: 12 }}>
      <h1 style={{ fontSize: 16 }}>Call notes</h1>
      <dl>
        <dt>Status</dt>
        <dd data-testid="status">{status}</dd>
        {error && (
          <>
            <dt>Problem</dt>
            <dd data-testid="error" style={{ color: '#c62828' }}>
              {error.message}
            </dd>
          </>
        )}
        <dt>Placement</dt>
        <dd data-testid="placement">{placement ?? '—'}</dd>
        <dt>Call</dt>
        <dd data-testid="call">{call ? `${call.direction ?? '?'} ${call.callId} (${call.state ?? '?'})` : '—'}</dd>
        <dt>Client</dt>
        <dd data-testid="client">
          {call
            ? `${call.phoneNumber ?? 'no number'} — ${call.entityType ? `${call.entityType} #${call.entityId ?? '?'}` : 'no CRM record'}`
            : '—'}
        </dd>
      </dl>
      <label>
        Notes
        <br />
        <textarea data-testid="notes" rows={5} cols={40} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <p>
        <button data-testid="save" disabled={!dirty || !call} onClick={save}>
          Save
        </button>{' '}
        <span data-testid="kept-open">{dirty ? 'The card stays open until the notes are saved' : ''}</span>
      </p>
      <p data-testid="result">{result}</p>
    </main>
  );
}
