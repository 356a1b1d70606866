import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createCallCardClient } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { CallCardProvider, useCallCardEvent } from '@b24-callcard/react';

afterEach(() => cleanup());
const setup = () => {
  const transport = createMockTransport();
  const client = createCallCardClient({ transport, onError: () => {} });
  const wrapper = ({ children }: { children: React.ReactNode }) => (
    <StrictMode>
      <CallCardProvider client={client}>{children}</CallCardProvider>
    </StrictMode>
  );
  return { transport, client, wrapper };
};

describe('useCallCardEvent', () => {
  it('calls the latest handler without re-binding, and stops on unmount', async () => {
    const { transport, wrapper } = setup();
    const calls: string[] = [];
    function Dialpad({ prefix }: { prefix: string }) {
      const [digits, setDigits] = useState('');
      useCallCardEvent('dialpadButtonClick', (key) => {
        calls.push(prefix + key);
        setDigits((d) => d + key);
      });
      return <span data-testid="digits">{digits}</span>;
    }
    const { rerender, unmount } = render(<Dialpad prefix="a" />, { wrapper });
    act(() => void transport.emit('1', 'dialpadButtonClick'));
    rerender(<Dialpad prefix="b" />);
    act(() => void transport.emit('2', 'dialpadButtonClick'));
    expect(screen.getByTestId('digits').textContent).toBe('12');
    expect(calls).toEqual(['a1', 'b2']);
    expect(transport.binds.filter((b) => b.endsWith('dialpadButtonClick'))).toHaveLength(1);
    unmount();
    transport.emit('3', 'dialpadButtonClick');
    expect(calls).toEqual(['a1', 'b2']);
  });
});
