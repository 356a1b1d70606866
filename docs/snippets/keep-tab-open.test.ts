import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallCardClient } from '@b24-callcard/core';
import { collectErrors, createMockTransport } from '@b24-callcard/core/testing';
import { notesForm } from './keep-tab-open';

afterEach(() => vi.useRealTimers());

function tab(saveNotes: (text: string) => Promise<void> = async () => {}) {
  const transport = createMockTransport({ placement: 'CALL_CARD' });
  const onError = collectErrors();
  const client = createCallCardClient({ transport, onError });
  const form = notesForm(client, saveNotes);
  const sent = () => transport.commands.map((c) => c.command).filter((c) => c.endsWith('AutoClose'));
  return { transport, onError, form, sent };
}

describe('recipe: keep the tab open while the form is dirty', () => {
  it('holds the card while there are unsaved notes, and lets it close once they are saved', async () => {
    const save = vi.fn(async (_text: string) => {});
    const { form, sent, onError } = tab(save);
    form.edit('Wants a callback');
    form.edit('Wants a callback on Monday'); // still one hold
    expect(form.dirty).toBe(true);
    await vi.waitFor(() => expect(sent()).toEqual(['disableAutoClose']));
    await form.save();
    expect(save).toHaveBeenCalledWith('Wants a callback on Monday');
    expect(form.dirty).toBe(false);
    await vi.waitFor(() => expect(sent()).toEqual(['disableAutoClose', 'enableAutoClose']));
    expect(onError.errors).toEqual([]);
  });

  it('renews the hold before the portal lets go (65 s), every 50 s', async () => {
    vi.useFakeTimers();
    const { form, sent } = tab();
    form.edit('Notes');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent()).toEqual(['disableAutoClose']);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose']);
    form.stop();
    await vi.advanceTimersByTimeAsync(100_000);
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose', 'enableAutoClose']);
  });

  it('saves once when the card closes, though BeforeClose fires twice', async () => {
    const save = vi.fn(async (_text: string) => {});
    const { form, transport } = tab(save);
    form.edit('Call back');
    transport.emit(undefined, 'beforeClose');
    transport.emit(undefined, 'beforeClose');
    await vi.waitFor(() => expect(form.dirty).toBe(false));
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('keeps the card open and reports the error when saving fails', async () => {
    const { form, sent, onError } = tab(async () => {
      throw new Error('CRM is down');
    });
    form.edit('Call back');
    await form.save();
    expect(onError.take()).toEqual([new Error('CRM is down')]);
    expect(form.dirty).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(sent()).toEqual(['disableAutoClose']);
  });
});
