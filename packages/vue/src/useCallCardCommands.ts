import { bindCallCardCommands, type CallCardClient, type CallCardCommands } from '@b24-callcard/core';
import { useCallCardClient } from './plugin';

/**
 * The call-card commands as typed functions bound to the client: `setMute`, `setHold`,
 * `setUiState`, `getUiStates`, `setTitle`, `setStatusText`, `startTimer`, `stopTimer`, `close`
 * (background worker) and `getStatus`, `disableAutoClose`, `enableAutoClose` (the `CALL_CARD`
 * tab). Each rejects with a `CallCardCommandError` (`reason`: `NO_CARD`, `NOT_AVAILABLE`...).
 *
 * @example
 * const card = useCallCardCommands();
 * useCallCardEvent('answerButtonClick', () => void card.setUiState('connected').catch(console.error));
 */
export function useCallCardCommands(options: { readonly client?: CallCardClient } = {}): CallCardCommands {
  return bindCallCardCommands(useCallCardClient(options.client));
}
