import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createRestCaller } from '@b24-callcard/core';
import { useCallCardClient, useCallCardEntity } from '@b24-callcard/react';
import { loadCrmName } from './crm';
import { DriveCard } from './DriveCard';
import { InstallWorker } from './InstallWorker';
import { lastProblem } from './problems';

type Lookup =
  { state: 'idle' | 'loading' } | { state: 'done'; name: string | null } | { state: 'failed'; message: string };

export function App() {
  const { entity, status, error, placement } = useCallCardEntity();
  const problem = useSyncExternalStore(lastProblem.subscribe, lastProblem.getState, lastProblem.getServerState);
  const client = useCallCardClient();
  // REST with the portal's token; an expired token is refreshed once, then the call retried.
  const rest = useMemo(() => createRestCaller(client), [client]);
  const [lookup, setLookup] = useState<Lookup>({ state: 'idle' });

  // Load the CRM record whenever the client in the call card changes (a new entity object).
  useEffect(() => {
    if (!entity) return;
    const ctrl = new AbortController();
    setLookup({ state: 'loading' });
    loadCrmName(rest, entity, ctrl.signal).then(
      (name) => setLookup({ state: 'done', name }),
      (e: Error) => ctrl.signal.aborted || setLookup({ state: 'failed', message: e.message }),
    );
    return () => ctrl.abort();
  }, [entity, rest]);

  return (
    <main style={{ font: '14px system-ui, sans-serif', padding: 12 }}>
      <h1 style={{ fontSize: 16 }}>Call card worker (React)</h1>
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
        {problem && (
          <>
            <dt>Last problem</dt>
            <dd data-testid="problem" style={{ color: '#c62828' }}>
              {problem.message}
            </dd>
          </>
        )}
        <dt>Placement</dt>
        <dd data-testid="placement">{placement ?? '—'}</dd>
        <dt>Phone</dt>
        <dd data-testid="phone">{entity ? (entity.phoneNumber ?? 'no number') : '—'}</dd>
        <dt>CRM entity</dt>
        <dd data-testid="crm">
          {entity ? (entity.entityType ? `${entity.entityType} #${entity.entityId ?? '?'}` : 'no CRM entity') : '—'}
        </dd>
        <dt>Name</dt>
        <dd data-testid="name">
          {lookup.state === 'loading' && 'loading…'}
          {lookup.state === 'done' && (lookup.name ?? '—')}
          {lookup.state === 'failed' && <span style={{ color: '#c62828' }}>{lookup.message}</span>}
          {lookup.state === 'idle' && '—'}
        </dd>
        <DriveCard crmName={lookup.state === 'done' ? lookup.name : null} />
      </dl>
      {status === 'unsupported' && placement === 'DEFAULT' && <InstallWorker />}
    </main>
  );
}
