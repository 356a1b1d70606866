import { act, cleanup, render, screen } from '@testing-library/react';
import { Profiler, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallCardClient, getCallStateStore } from '@b24-callcard/core';
import { createMockTransport, type MockEventName } from '@b24-callcard/core/testing';
import { CallCardProvider, useCallState } from '@b24-callcard/react';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});
const setup = ({ strict = true } = {}) => {
  const transport = createMockTransport();
  const client = createCallCardClient({ transport, onError: () => {} });
  const wrapper = ({ children }: { children: React.ReactNode }) =>
    strict ? (
      <StrictMode>
        <CallCardProvider client={client}>{children}</CallCardProvider>
      </StrictMode>
    ) : (
      <CallCardProvider client={client}>{children}</CallCardProvider>
    );
  return { transport, client, wrapper };
};
const INITIALIZED = { CALL_ID: 'c1', CALL_DIRECTION: 'outgoing', CALL_STATE: 'connecting', PHONE_NUMBER: '+1' };

/** Renders the call as `id:direction:state:muted|live:held|free:entity`, or `none`; logs each render. */
function Call({ renders, log }: { renders?: () => void; log?: string[] }) {
  const call = useCallState();
  renders?.();
  const text = call
    ? `${call.callId}:${call.direction}:${call.state}:${call.muted ? 'muted' : 'live'}:${call.held ? 'held' : 'free'}:${call.entityType ?? '-'}`
    : 'none';
  log?.push(text);
  return <span data-testid="call">{text}</span>;
}
const shown = () => screen.getByTestId('call').textContent;

describe('useCallState', () => {
  it('renders the call from initialized and later events', async () => {
    const { transport, wrapper } = setup();
    const renders = vi.fn();
    render(<Call renders={renders} />, { wrapper });
    expect(shown()).toBe('none');
    act(() => void transport.emit(INITIALIZED, 'initialized'));
    expect(shown()).toBe('c1:outgoing:connecting:live:free:-');
    act(() => void transport.emit(true, 'muteButtonClick'));
    expect(shown()).toBe('c1:outgoing:connecting:muted:free:-');
    const before = renders.mock.calls.length;
    act(() => void transport.emit(true, 'muteButtonClick')); // no change, no render
    expect(renders.mock.calls.length).toBe(before);
    act(() => void transport.emit(undefined, 'hangupButtonClick'));
    expect(shown()).toBe('c1:outgoing:ended:muted:free:-');
    act(() => void transport.emit(undefined, 'closeButtonClick'));
    expect(shown()).toBe('none');
  });

  it('renders and commits once per distinct call-state change: repeats cause none', async () => {
    const { transport, wrapper } = setup({ strict: false }); // StrictMode would double every render
    const renders = vi.fn();
    const commits = vi.fn();
    render(
      <Profiler id="call" onRender={commits}>
        <Call renders={renders} />
      </Profiler>,
      { wrapper },
    );
    renders.mockClear();
    commits.mockClear();
    const steps: Array<[payload: unknown, event: MockEventName, changes: boolean]> = [
      [INITIALIZED, 'initialized', true],
      [true, 'muteButtonClick', true],
      [true, 'muteButtonClick', false],
      [false, 'holdButtonClick', false], // not held already
      [true, 'holdButtonClick', true],
      [{ PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 }, 'entityChanged', true],
      [{ PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: '17' }, 'entityChanged', false],
      [undefined, 'hangupButtonClick', true],
      [undefined, 'hangupButtonClick', false],
      [undefined, 'closeButtonClick', true],
      [undefined, 'closeButtonClick', false],
      [{ CRM_ENTITY_ID: 'x' }, 'initialized', false], // invalid: goes to onError, no render
    ];
    let expected = 0;
    for (const [payload, event, changes] of steps) {
      act(() => void transport.emit(payload, event));
      if (changes) expected++;
      expect({ event, renders: renders.mock.calls.length }).toEqual({ event, renders: expected });
    }
    expect(expected).toBe(6);
    expect(commits).toHaveBeenCalledTimes(6);
    expect(shown()).toBe('none');
  });

  it('components sharing a client share one store and bind each event once', async () => {
    const { transport, client, wrapper } = setup();
    render(
      <>
        <Call />
        <Call />
      </>,
      { wrapper },
    );
    act(() => void transport.emit(INITIALIZED, 'initialized'));
    expect(screen.getAllByTestId('call').map((e) => e.textContent)).toEqual([
      'c1:outgoing:connecting:live:free:-',
      'c1:outgoing:connecting:live:free:-',
    ]);
    expect(transport.binds.filter((b) => b.endsWith('::initialized'))).toHaveLength(1);
    expect(transport.connectCalls).toBe(1);
    expect(getCallStateStore(client).getState()?.callId).toBe('c1');
  });

  it('a component mounted during a call shows it at once', async () => {
    const { transport, client, wrapper } = setup();
    const off = getCallStateStore(client).subscribe(() => {});
    transport.emit(INITIALIZED, 'initialized');
    render(<Call />, { wrapper });
    expect(shown()).toBe('c1:outgoing:connecting:live:free:-');
    off();
  });

  it('server rendering shows null, and hydration starts from it without a mismatch, then shows the call', async () => {
    const { transport, client } = setup();
    // A live call already in the store: the server snapshot still is null.
    const off = getCallStateStore(client).subscribe(() => {});
    transport.emit(INITIALIZED, 'initialized');
    expect(getCallStateStore(client).getState()?.callId).toBe('c1');
    expect(getCallStateStore(client).getServerState()).toBeNull();

    const log: string[] = [];
    const app = (
      <CallCardProvider client={client}>
        <Call log={log} />
      </CallCardProvider>
    );
    const html = renderToString(app);
    expect(html).toBe('<span data-testid="call">none</span>');
    expect(transport.connectCalls).toBe(1); // rendering on the server started nothing more

    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.appendChild(container);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const recoverable = vi.fn();
    log.length = 0;
    let root: ReturnType<typeof hydrateRoot> | undefined;
    await act(async () => {
      root = hydrateRoot(container, app, { onRecoverableError: recoverable });
    });
    expect(recoverable).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    // Hydration renders the server snapshot (null), then catches up with the live call.
    expect(log).toEqual(['none', 'c1:outgoing:connecting:live:free:-']);
    expect(container.textContent).toBe('c1:outgoing:connecting:live:free:-');
    act(() => root!.unmount());
    container.remove();
    off();
  });
});
