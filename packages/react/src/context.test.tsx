import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createCallCardClient,
  getCallStateStore,
  getDefaultCallCardClient,
  type CallCardClient,
} from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import {
  CallCardProvider,
  useCallCardClient,
  useCallCardEntity,
  useCallCardEvent,
  useCallState,
} from '@b24-callcard/react';

const setup = () => {
  const transport = createMockTransport();
  const client = createCallCardClient({ transport, onError: () => {} });
  return { transport, client };
};
const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const LEAD = { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '5' };

afterEach(() => cleanup());

/** Records the client `useCallCardClient` resolves to on each render. */
function Who({ client, seen }: { client?: CallCardClient; seen: unknown[] }) {
  seen.push(useCallCardClient(client));
  return null;
}

describe('useCallCardClient: explicit client > provider > default client', () => {
  it('an explicit client beats the provider, the provider beats the default client', () => {
    const a = setup().client;
    const b = setup().client;
    const seen: unknown[] = [];
    render(<Who seen={seen} />);
    render(
      <CallCardProvider client={a}>
        <Who seen={seen} />
        <Who client={b} seen={seen} />
      </CallCardProvider>,
    );
    expect(seen).toEqual([getDefaultCallCardClient(), a, b]);
  });

  it('with no provider, every component gets the same page default client', () => {
    const seen: unknown[] = [];
    const { rerender } = render(
      <>
        <Who seen={seen} />
        <Who seen={seen} />
      </>,
    );
    rerender(<Who seen={seen} />);
    expect(seen).toHaveLength(3);
    for (const c of seen) expect(c).toBe(getDefaultCallCardClient());
  });

  it('the nearest provider wins', () => {
    const a = setup().client;
    const b = setup().client;
    const seen: unknown[] = [];
    render(
      <CallCardProvider client={a}>
        <Who seen={seen} />
        <CallCardProvider client={b}>
          <Who seen={seen} />
        </CallCardProvider>
      </CallCardProvider>,
    );
    expect(seen).toEqual([a, b]);
  });

  it('resolving a client starts nothing: only the hooks that read it do', () => {
    const { transport, client } = setup();
    const seen: unknown[] = [];
    render(
      <CallCardProvider client={client}>
        <Who seen={seen} />
      </CallCardProvider>,
    );
    expect(seen).toEqual([client]);
    expect(transport.connectCalls).toBe(0);
    expect(client.getState().status).toBe('idle');
  });
});

describe('the hooks follow the same resolution', () => {
  function Entity({ client }: { client?: CallCardClient }) {
    const { entity } = useCallCardEntity(client ? { client } : {});
    const call = useCallState(client ? { client } : {});
    return (
      <span data-testid={client ? 'explicit' : 'context'}>
        {entity ? `${entity.entityType}:${entity.entityId}` : '-'}/{call?.callId ?? '-'}
      </span>
    );
  }

  it('useCallCardEntity and useCallState read the provider client, or the explicit one', async () => {
    const a = setup();
    const b = setup();
    render(
      <CallCardProvider client={a.client}>
        <Entity />
        <Entity client={b.client} />
      </CallCardProvider>,
    );
    act(() => void a.transport.emit(CONTACT));
    act(() => void b.transport.emit(LEAD));
    act(() => void b.transport.emit({ CALL_ID: 'b1', CALL_STATE: 'connected' }, 'initialized'));
    expect(screen.getByTestId('context').textContent).toBe('CONTACT:17/-');
    expect(screen.getByTestId('explicit').textContent).toBe('LEAD:5/b1');
    expect(getCallStateStore(a.client).getState()).toBeNull();
  });

  it('useCallCardEvent binds on the explicit client, not the provider one', async () => {
    const a = setup();
    const b = setup();
    const got: string[] = [];
    function Comments({ client, tag }: { client?: CallCardClient; tag: string }) {
      useCallCardEvent('addCommentButtonClick', (text) => got.push(`${tag}:${text}`), client ? { client } : {});
      return null;
    }
    render(
      <CallCardProvider client={a.client}>
        <Comments tag="context" />
        <Comments tag="explicit" client={b.client} />
      </CallCardProvider>,
    );
    a.transport.emit('to a', 'addCommentButtonClick');
    b.transport.emit('to b', 'addCommentButtonClick');
    expect(got).toEqual(['context:to a', 'explicit:to b']);
    expect(a.transport.binds.filter((e) => e.endsWith('addCommentButtonClick'))).toHaveLength(1);
    expect(b.transport.binds.filter((e) => e.endsWith('addCommentButtonClick'))).toHaveLength(1);
  });

  it('switching the provider client moves the hooks to the new client', async () => {
    const a = setup();
    const b = setup();
    const comments = vi.fn();
    function Card() {
      const { entity } = useCallCardEntity();
      useCallCardEvent('addCommentButtonClick', comments);
      return <span data-testid="context">{entity ? `${entity.entityType}:${entity.entityId}` : '-'}</span>;
    }
    const { rerender } = render(
      <CallCardProvider client={a.client}>
        <Card />
      </CallCardProvider>,
    );
    act(() => void a.transport.emit(CONTACT));
    expect(screen.getByTestId('context').textContent).toBe('CONTACT:17');
    rerender(
      <CallCardProvider client={b.client}>
        <Card />
      </CallCardProvider>,
    );
    expect(screen.getByTestId('context').textContent).toBe('-');
    act(() => void b.transport.emit(LEAD));
    expect(screen.getByTestId('context').textContent).toBe('LEAD:5');
    act(() => void a.transport.emit({ ...CONTACT, CRM_ENTITY_ID: 99 }));
    expect(screen.getByTestId('context').textContent).toBe('LEAD:5'); // no longer follows a
    a.transport.emit('to a', 'addCommentButtonClick');
    b.transport.emit('to b', 'addCommentButtonClick');
    expect(comments.mock.calls).toEqual([['to b']]);
  });
});
