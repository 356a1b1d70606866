import { describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { createCallCardClient } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { useCallCardEvent } from '@b24-callcard/vue';

const setup = () => {
  const transport = createMockTransport();
  const client = createCallCardClient({ transport, onError: () => {} });
  return { transport, client };
};

describe('useCallCardEvent (Vue)', () => {
  it('delivers events until the scope stops, with one bind', async () => {
    const { transport, client } = setup();
    const h = vi.fn();
    const scope = effectScope();
    scope.run(() => {
      useCallCardEvent('addCommentButtonClick', h, { client });
      useCallCardEvent('addCommentButtonClick', h, { client });
    });
    transport.emit('hello', 'addCommentButtonClick');
    expect(h).toHaveBeenCalledTimes(2);
    expect(h).toHaveBeenCalledWith('hello');
    scope.stop();
    transport.emit('again', 'addCommentButtonClick');
    expect(h).toHaveBeenCalledTimes(2);
    expect(transport.binds.filter((b) => b.endsWith('addCommentButtonClick'))).toHaveLength(1);
  });
});
