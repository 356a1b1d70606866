import { describe, expectTypeOf, it } from 'vitest';
import type {
  BackgroundWorkerCommandMap,
  CallCardCall,
  CallCardClient,
  CallCardCommandMap,
  CallCardCommandName,
  CallCardCommandParams,
  CallCardCommandResult,
  CallCardCommands,
  CallCardTabCommandMap,
  CallCardUiState,
  NoParams,
} from '@b24-callcard/core';
import {
  CALL_CARD_COMMANDS,
  CALL_CARD_UI_STATES,
  bindCallCardCommands,
  callCardCommand,
  keepCallCardOpen,
} from '@b24-callcard/core';

declare const client: CallCardClient;

type WorkerCommand =
  | 'CallCardSetMute'
  | 'CallCardSetHold'
  | 'CallCardSetUiState'
  | 'CallCardGetListUiStates'
  | 'CallCardSetCardTitle'
  | 'CallCardSetStatusText'
  | 'CallCardStartTimer'
  | 'CallCardStopTimer'
  | 'CallCardClose';
type TabCommand = 'getStatus' | 'disableAutoClose' | 'enableAutoClose';

describe('command maps', () => {
  it('lists the 9 worker commands, the 3 tab commands, and both together', () => {
    expectTypeOf<keyof BackgroundWorkerCommandMap>().toEqualTypeOf<WorkerCommand>();
    expectTypeOf<keyof CallCardTabCommandMap>().toEqualTypeOf<TabCommand>();
    expectTypeOf<CallCardCommandName>().toEqualTypeOf<WorkerCommand | TabCommand>();
    expectTypeOf<keyof CallCardCommandMap>().toEqualTypeOf<CallCardCommandName>();
    expectTypeOf(CALL_CARD_COMMANDS).toEqualTypeOf<readonly CallCardCommandName[]>();
  });

  it('types the 12 UI states', () => {
    expectTypeOf<CallCardUiState>().toEqualTypeOf<
      | 'incoming'
      | 'transferIncoming'
      | 'outgoing'
      | 'connectingIncoming'
      | 'connectingOutgoing'
      | 'connected'
      | 'transferring'
      | 'transferFailed'
      | 'transferConnected'
      | 'error'
      | 'moneyError'
      | 'redial'
    >();
    expectTypeOf(CALL_CARD_UI_STATES).toEqualTypeOf<readonly CallCardUiState[]>();
  });

  it('types each command’s params and result', () => {
    expectTypeOf<CallCardCommandParams<'CallCardSetMute'>>().toEqualTypeOf<{ readonly muted: boolean }>();
    expectTypeOf<CallCardCommandParams<'CallCardSetHold'>>().toEqualTypeOf<{ readonly held: boolean }>();
    expectTypeOf<CallCardCommandParams<'CallCardSetUiState'>>().toEqualTypeOf<{
      readonly uiState: CallCardUiState;
      readonly disableAutoStartTimer?: boolean;
    }>();
    expectTypeOf<CallCardCommandParams<'CallCardSetCardTitle'>>().toEqualTypeOf<{ readonly title: string }>();
    expectTypeOf<CallCardCommandParams<'CallCardSetStatusText'>>().toEqualTypeOf<{ readonly statusText: string }>();
    expectTypeOf<CallCardCommandParams<'getStatus'>>().toEqualTypeOf<NoParams>();
    expectTypeOf<CallCardCommandResult<'getStatus'>>().toEqualTypeOf<CallCardCall>();
    expectTypeOf<CallCardCommandResult<'CallCardGetListUiStates'>>().toEqualTypeOf<CallCardUiState[]>();
    expectTypeOf<CallCardCommandResult<'CallCardSetMute'>>().toEqualTypeOf<undefined>();
    expectTypeOf<CallCardCommandResult<'disableAutoClose'>>().toEqualTypeOf<undefined>();
  });
});

describe('callCardCommand', () => {
  it('checks the params against the command', () => {
    expectTypeOf(callCardCommand(client, 'CallCardSetUiState', { uiState: 'connected' })).toEqualTypeOf<
      Promise<undefined>
    >();
    callCardCommand(client, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
    // @ts-expect-error not one of the 12 UI states
    callCardCommand(client, 'CallCardSetUiState', { uiState: 'bogus' });
    // @ts-expect-error the params are required for this command
    callCardCommand(client, 'CallCardSetUiState');
    // @ts-expect-error uiState is required
    callCardCommand(client, 'CallCardSetUiState', {});
    // @ts-expect-error muted is a boolean
    callCardCommand(client, 'CallCardSetMute', { muted: 'yes' });
    // @ts-expect-error title is a string
    callCardCommand(client, 'CallCardSetCardTitle', { title: 1 });
    // @ts-expect-error a command that takes no params takes no keys
    callCardCommand(client, 'getStatus', { x: 1 });
    // @ts-expect-error unknown command
    callCardCommand(client, 'CallCardBogus');
    // @ts-expect-error the client comes first
    callCardCommand('CallCardClose');
  });

  it('makes params optional for commands without any, and takes options', () => {
    callCardCommand(client, 'CallCardClose');
    callCardCommand(client, 'CallCardStartTimer', {}, { timerGraceMs: 500 });
    callCardCommand(
      client,
      'CallCardSetMute',
      { muted: true },
      { timeoutMs: 1000, signal: new AbortController().signal },
    );
    // @ts-expect-error not an option
    callCardCommand(client, 'CallCardClose', {}, { retries: 3 });
  });

  it('resolves each command’s result', () => {
    expectTypeOf(callCardCommand(client, 'getStatus')).toEqualTypeOf<Promise<CallCardCall>>();
    expectTypeOf(callCardCommand(client, 'CallCardGetListUiStates')).toEqualTypeOf<Promise<CallCardUiState[]>>();
    expectTypeOf(callCardCommand(client, 'CallCardStopTimer')).toEqualTypeOf<Promise<undefined>>();
    expectTypeOf(callCardCommand(client, 'enableAutoClose')).toEqualTypeOf<Promise<undefined>>();
    // A generic name resolves the union of results.
    const name = 'getStatus' as 'getStatus' | 'CallCardGetListUiStates';
    expectTypeOf(callCardCommand(client, name)).toEqualTypeOf<Promise<CallCardCall | CallCardUiState[]>>();
  });

  it('getStatus resolves the normalised call', async () => {
    const call = await callCardCommand(client, 'getStatus');
    expectTypeOf(call.callId).toBeString();
    expectTypeOf(call.entityId).toEqualTypeOf<number | null>();
    expectTypeOf(call.callListMode).toBeBoolean();
  });
});

describe('bound commands', () => {
  it('bindCallCardCommands: plain functions with the same types', () => {
    const card = bindCallCardCommands(client);
    expectTypeOf(card).toEqualTypeOf<CallCardCommands>();
    expectTypeOf(card.getStatus()).toEqualTypeOf<Promise<CallCardCall>>();
    expectTypeOf(card.getUiStates()).toEqualTypeOf<Promise<CallCardUiState[]>>();
    expectTypeOf(card.setMute(true)).toEqualTypeOf<Promise<void>>();
    card.setUiState('connected', { disableAutoStartTimer: true, timeoutMs: 100 });
    // @ts-expect-error not a UI state
    card.setUiState('bogus');
    // @ts-expect-error muted is a boolean
    card.setMute('yes');
  });

  it('keepCallCardOpen returns the release function', () => {
    expectTypeOf(keepCallCardOpen(client)).toEqualTypeOf<() => void>();
    keepCallCardOpen(client, { renewMs: 30_000 });
  });
});
