'use client';
import { useMemo } from 'react';
import { bindCallCardCommands, type CallCardClient, type CallCardCommands } from '@b24-callcard/core';
import { useCallCardClient } from './context';

/**
 * The call-card commands as stable, typed functions bound to the client: `setMute`, `setHold`,
 * `setUiState`, `getUiStates`, `setTitle`, `setStatusText`, `startTimer`, `stopTimer`, `close`
 * (background worker) and `getStatus`, `disableAutoClose`, `enableAutoClose` (the `CALL_CARD`
 * tab). Each rejects with a `CallCardCommandError` (`reason`: `NO_CARD`, `NOT_AVAILABLE`...).
 * The same object on every render for the same client.
 *
 * @example
 * const card = useCallCardCommands();
 * useCallCardEvent('answerButtonClick', () => void card.setUiState('connected').catch(console.error));
 */
export function useCallCardCommands(options: { readonly client?: CallCardClient } = {}): CallCardCommands {
  const client = useCallCardClient(options.client);
  return useMemo(() => bindCallCardCommands(client), [client]);
}
