import { useEffect, useMemo } from 'react';
import { createRestCaller } from '@b24-callcard/core';
import { useCallCardClient, useCallCardCommands, useCallState } from '@b24-callcard/react';
import { crmName } from './crm-name-as-title';

/** The recipe as a React component: render it once inside the provider. */
export function CrmTitle() {
  const client = useCallCardClient();
  const rest = useMemo(() => createRestCaller(client), [client]);
  const card = useCallCardCommands();
  const call = useCallState();
  const callId = call?.callId;
  const type = call?.entityType;
  const id = call?.entityId;

  useEffect(() => {
    if (!callId || !type || id == null) return;
    // A new call or record cancels the lookup under way.
    const ctrl = new AbortController();
    crmName(rest, type, id, ctrl.signal)
      .then((name) => (name && !ctrl.signal.aborted ? card.setTitle(name) : undefined))
      .catch((e: unknown) => ctrl.signal.aborted || client.report(e));
    return () => ctrl.abort();
  }, [callId, type, id, rest, card, client]);

  return null;
}
