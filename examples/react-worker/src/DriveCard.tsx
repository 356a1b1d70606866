import { useEffect, useState } from 'react';
import { useCallCardCommands, useCallCardEvent, useCallState } from '@b24-callcard/react';

/**
 * Drives the call card from the worker: when a call starts (`initialized`), the card's title
 * becomes the CRM name and its status text says who is calling; the UI state follows the call
 * (answered → `connected`, hung up → a status text). Commands fail with a typed error (no card
 * yet, not available here...): the last outcome is shown, nothing is thrown.
 */
export function DriveCard({ crmName }: { crmName: string | null }) {
  const card = useCallCardCommands();
  const call = useCallState();
  const [outcome, setOutcome] = useState('—');
  const run = (what: string, p: Promise<unknown>) =>
    p.then(
      () => setOutcome(`${what}: done`),
      (e: Error & { reason?: string }) => setOutcome(`${what}: ${e.reason ?? e.name} (${e.message})`),
    );

  const callId = call?.callId;
  const direction = call?.direction;
  useEffect(() => {
    if (!callId) return;
    void run('title', card.setTitle(crmName ?? 'Unknown caller'));
    void run(
      'status',
      card.setStatusText(
        `${direction === 'outgoing' ? 'Calling' : 'Call from'} ${crmName ?? 'a number not in the CRM'}`,
      ),
    );
    // `run` only sets this component's state: the effect depends on the call and the name.
  }, [callId, direction, crmName, card]);

  useCallCardEvent('answerButtonClick', () => void run('answer', card.setUiState('connected')));
  useCallCardEvent('hangupButtonClick', () => void run('hang up', card.setStatusText('Call ended')));

  return (
    <>
      <dt>Call</dt>
      <dd data-testid="call">{call ? `${call.direction ?? '?'} ${call.callId} (${call.state ?? '?'})` : '—'}</dd>
      <dt>Card</dt>
      <dd data-testid="card">{outcome}</dd>
    </>
  );
}
