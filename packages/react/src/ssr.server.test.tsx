import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createCallCardClient } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { CallCardProvider, useCallCardEntity } from '@b24-callcard/react';

function Card() {
  const { status, entity } = useCallCardEntity();
  return (
    <p>
      {status}:{entity ? entity.entityId : 'none'}
    </p>
  );
}

describe('React SSR without window', () => {
  it('renders the idle state with the default client and binds nothing', () => {
    expect(typeof window).toBe('undefined');
    expect(renderToString(<Card />)).toBe('<p>idle<!-- -->:<!-- -->none</p>');
  });

  it('renders the server snapshot with a provided client and does not start it', () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const html = renderToString(
      <CallCardProvider client={client}>
        <Card />
      </CallCardProvider>,
    );
    expect(html).toContain('idle');
    expect(transport.connectCalls).toBe(0);
  });
});
