import { keepCallCardOpen, onCallCardEvent, type CallCardClient } from '@b24-callcard/core';

/** A notes form in a `CALL_CARD` tab, without a framework: what {@link notesForm} returns. */
export interface NotesForm {
  /** The text changed (an `input` listener calls this). */
  edit(text: string): void;
  /** Saves the text if it changed since the last save; resolves when done. */
  save(): Promise<void>;
  /** Whether there is text that is not saved yet. */
  readonly dirty: boolean;
  /** Stops: lets the card close and stops saving on close. */
  stop(): void;
}

/**
 * Keeps the call card open while the notes are not saved (`disableAutoClose`, renewed before the
 * portal's 65 s run out), lets it close once they are (`enableAutoClose`), and saves them when
 * the card closes (`CallCard::BeforeClose`, which fires twice: one save). A failed save goes to
 * the client's `onError` and the card stays open.
 */
export function notesForm(client: CallCardClient, saveNotes: (text: string) => Promise<void>): NotesForm {
  let text = '';
  let saved = '';
  let release: (() => void) | null = null;
  let saving: Promise<void> | null = null;
  const isDirty = () => text.trim() !== '' && text !== saved;
  const follow = (): void => {
    if (isDirty() && !release) release = keepCallCardOpen(client);
    else if (!isDirty() && release) {
      release();
      release = null;
    }
  };
  const save = (): Promise<void> => {
    if (saving) return saving;
    if (!isDirty()) return Promise.resolve();
    const sent = text;
    saving = saveNotes(sent)
      .then(() => {
        saved = sent;
        follow();
      }, client.report)
      .finally(() => (saving = null));
    return saving;
  };
  const off = onCallCardEvent(client, 'beforeClose', () => void save());
  return {
    edit(next) {
      text = next;
      follow();
    },
    save,
    get dirty() {
      return isDirty();
    },
    stop() {
      off();
      release?.();
      release = null;
    },
  };
}
