import { describe, expect, it, vi } from 'vitest';
import { createCallCardClient, createRestCaller } from '@b24-callcard/core';
import { collectErrors, createMockPortal, mockCallStatus, MockRestError } from '@b24-callcard/core/testing';
import { saveNotesOnHangup } from './save-notes-on-hangup';

/** A worker with the recipe running against a mock portal that answers `crm.timeline.comment.add`. */
function worker(comment: (params: Record<string, unknown>) => unknown = () => 1) {
  const portal = createMockPortal({ rest: { 'crm.timeline.comment.add': comment } });
  const onError = collectErrors();
  const client = createCallCardClient({ transport: portal.transport, onError });
  // The mock portal answers at once: the recipe's events are bound when it returns.
  const stop = saveNotesOnHangup(client, createRestCaller(client, { fetch: portal.fetch }));
  return { portal, onError, stop, emit: portal.transport.emit };
}

describe('recipe: save notes on hang-up', () => {
  it("saves the call's comments to its CRM record when the operator hangs up", async () => {
    const { portal, emit, onError } = worker();
    emit(mockCallStatus(), 'initialized'); // call externalCall.mock, CONTACT 17
    emit('Wants a callback on Monday', 'addCommentButtonClick');
    emit('  ', 'addCommentButtonClick');
    emit('Asked for the price list', 'addCommentButtonClick');
    emit(undefined, 'hangupButtonClick');
    await vi.waitFor(() => expect(portal.calls).toHaveLength(1));
    expect(portal.calls[0]).toEqual({
      method: 'crm.timeline.comment.add',
      params: {
        fields: {
          ENTITY_TYPE: 'contact',
          ENTITY_ID: 17,
          COMMENT: 'Call externalCall.mock:\nWants a callback on Monday\nAsked for the price list',
        },
      },
    });
    expect(onError.errors).toEqual([]);
  });

  it('saves nothing without comments or without a CRM record, and forgets the notes of the previous call', async () => {
    const { portal, emit } = worker();
    emit(mockCallStatus(), 'initialized');
    emit(undefined, 'hangupButtonClick'); // no comments
    emit({ ...mockCallStatus(), CALL_ID: 'externalCall.2', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }, 'initialized');
    emit('Nobody we know', 'addCommentButtonClick');
    emit(undefined, 'hangupButtonClick'); // no CRM record
    emit({ ...mockCallStatus(), CALL_ID: 'externalCall.3' }, 'initialized');
    emit(undefined, 'hangupButtonClick'); // the previous call's comment is not carried over
    await new Promise((r) => setTimeout(r, 20));
    expect(portal.calls).toEqual([]);
  });

  it("reports a failed save to the client's onError", async () => {
    const { onError, emit } = worker(() => {
      throw new MockRestError('ACCESS_DENIED', 'Access denied', 403);
    });
    emit(mockCallStatus(), 'initialized');
    emit('Call back', 'addCommentButtonClick');
    emit(undefined, 'hangupButtonClick');
    await vi.waitFor(() => expect(onError.errors).toHaveLength(1));
    expect(onError.take()).toEqual([
      expect.objectContaining({ code: 'REST', reason: 'PORTAL', error: 'ACCESS_DENIED' }),
    ]);
  });

  it('stops when asked', async () => {
    const { portal, emit, stop } = worker();
    emit(mockCallStatus(), 'initialized');
    emit('Call back', 'addCommentButtonClick');
    stop();
    emit(undefined, 'hangupButtonClick');
    await new Promise((r) => setTimeout(r, 20));
    expect(portal.calls).toEqual([]);
  });
});
