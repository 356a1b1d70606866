import { act, cleanup, render, screen } from '@testing-library/react';
import { Profiler, StrictMode, useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallCardPayloadError, createCallCardClient, getDefaultCallCardClient } from '@b24-callcard/core';
import { createMockTransport, type MockTransportOptions } from '@b24-callcard/core/testing';
import { CallCardProvider, useCallCardEntity } from '@b24-callcard/react';

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const LEAD = { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '5' };

function Card({ renders }: { renders?: { n: number } }) {
  const { entity, status, error, placement } = useCallCardEntity();
  if (renders) renders.n++;
  return (
    <div>
      <span data-testid="status">{status}</span>
      <span data-testid="placement">{placement ?? '-'}</span>
      <span data-testid="entity">
        {entity ? `${entity.entityType}:${entity.entityId}:${entity.phoneNumber ?? 'none'}` : '-'}
      </span>
      <span data-testid="error">{error?.code ?? '-'}</span>
    </div>
  );
}

const setup = (options: MockTransportOptions = {}) => {
  const transport = createMockTransport(options);
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  return { transport, client, onError };
};

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('useCallCardEntity', () => {
  it('shows status, placement and entity as they change; an invalid payload changes nothing and goes to onError', async () => {
    // A portal that answers when told, to see `connecting` (the default mock answers at once).
    const { transport, client, onError } = setup({ answer: 'manual' });
    const renders = { n: 0 };
    render(
      <CallCardProvider client={client}>
        <Card renders={renders} />
      </CallCardProvider>,
    );
    expect(screen.getByTestId('status').textContent).toBe('connecting');
    await act(async () => transport.answer());
    expect(screen.getByTestId('status').textContent).toBe('listening');
    expect(screen.getByTestId('placement').textContent).toBe('PAGE_BACKGROUND_WORKER');
    act(() => void transport.emit(CONTACT));
    expect(screen.getByTestId('entity').textContent).toBe('CONTACT:17:+15550100');
    act(() => void transport.emit(LEAD));
    expect(screen.getByTestId('entity').textContent).toBe('LEAD:5:none');
    expect(screen.getByTestId('error').textContent).toBe('-');
    const before = client.getState();
    const rendersBefore = renders.n;
    const bad = { CRM_ENTITY_ID: 'x' };
    act(() => void transport.emit(bad));
    // The state is the very same object, so nothing re-renders and the card still shows the lead.
    expect(client.getState()).toBe(before);
    expect(renders.n).toBe(rendersBefore);
    expect(screen.getByTestId('status').textContent).toBe('ready');
    expect(screen.getByTestId('error').textContent).toBe('-');
    expect(screen.getByTestId('entity').textContent).toBe('LEAD:5:none');
    // The problem went to onError, once, as a typed error holding the payload.
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0] as CallCardPayloadError;
    expect(error).toBeInstanceOf(CallCardPayloadError);
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.raw).toBe(bad);
  });

  it('renders once per distinct change: duplicates cause no render', async () => {
    const { transport, client } = setup();
    const renders = { n: 0 };
    render(<Card renders={renders} />, {
      wrapper: ({ children }) => <CallCardProvider client={client}>{children}</CallCardProvider>,
    });
    const base = renders.n;
    for (let i = 0; i < 10; i++) {
      act(() => void transport.emit(i % 2 ? LEAD : CONTACT));
      act(() => void transport.emit(i % 2 ? LEAD : CONTACT)); // duplicate
    }
    expect(renders.n - base).toBe(10);
  });

  it('StrictMode (double effects) and many components make a single bind', async () => {
    const { transport, client } = setup();
    const { unmount } = render(
      <StrictMode>
        <CallCardProvider client={client}>
          <Card />
          <Card />
          <Card />
        </CallCardProvider>
      </StrictMode>,
    );
    unmount();
    render(
      <StrictMode>
        <CallCardProvider client={client}>
          <Card />
        </CallCardProvider>
      </StrictMode>,
    );
    expect(transport.connectCalls).toBe(1);
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged']);
  });

  it('a component mounted after the event sees the current entity at once', async () => {
    const { transport, client } = setup();
    client.start();
    transport.emit(CONTACT);
    render(
      <CallCardProvider client={client}>
        <Card />
      </CallCardProvider>,
    );
    expect(screen.getByTestId('entity').textContent).toBe('CONTACT:17:+15550100');
    expect(screen.getByTestId('status').textContent).toBe('ready');
  });

  it('commits once per event in a Profiler (no extra commits)', async () => {
    const { transport, client } = setup();
    const onRender = vi.fn();
    render(
      <Profiler id="p" onRender={onRender}>
        <CallCardProvider client={client}>
          <Card />
        </CallCardProvider>
      </Profiler>,
    );
    onRender.mockClear();
    act(() => void transport.emit(CONTACT));
    act(() => void transport.emit(CONTACT));
    act(() => void transport.emit(LEAD));
    expect(onRender).toHaveBeenCalledTimes(2);
  });

  it('keeps the returned object stable between renders when nothing changed', async () => {
    const { client } = setup();
    const results: unknown[] = [];
    function Stable() {
      const r = useCallCardEntity({ client });
      const renders = useRef(0);
      renders.current++;
      results.push(r);
      return null;
    }
    const { rerender } = render(<Stable />);
    rerender(<Stable />);
    expect(results.at(-1)).toBe(results.at(-2));
  });

  it('shows unsupported with a reason outside a portal (default client)', () => {
    render(<Card />);
    expect(screen.getByTestId('status').textContent).toBe('unsupported');
    expect(getDefaultCallCardClient().getState().error?.message).toMatch(/simulator/);
  });
});
