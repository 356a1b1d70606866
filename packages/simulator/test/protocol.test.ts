import { describe, expect, it } from 'vitest';
import {
  ALL_EVENT_NAMES,
  BACKGROUND_EVENT_NAMES,
  BACKGROUND_EVENTS,
  CALL_CARD_UI_STATES,
  formatAnswer,
  isUiState,
  LOG_LINE_MAX,
  logText,
  maskTokens,
  parseCommand,
  placementCommands,
  placementEvents,
  resolveEventName,
} from '../src/protocol';

describe('parseCommand (portal side)', () => {
  it('parses the classic BX24 form with an empty params slot', () => {
    expect(parseCommand('getInitData::abc123:sid9')).toEqual({
      ok: true,
      command: { method: 'getInitData', params: '', callback: 'abc123', appSid: 'sid9', form: 'string' },
    });
  });
  it('parses the b24jssdk form without the params slot', () => {
    const r = parseCommand('getInitData:6f1c0a4e-1111-4222-8333-944455556666:sid9');
    expect(r).toMatchObject({
      ok: true,
      command: { method: 'getInitData', callback: '6f1c0a4e-1111-4222-8333-944455556666', params: '' },
    });
  });
  it('reassembles params that contain colons (event names)', () => {
    const r = parseCommand('placementBindEvent:{"event":"BackgroundCallCard::entityChanged"}:cb1:sid9');
    expect(r).toMatchObject({
      ok: true,
      command: { params: { event: 'BackgroundCallCard::entityChanged' }, callback: 'cb1', appSid: 'sid9' },
    });
  });
  it('accepts the object form', () => {
    const r = parseCommand({ method: 'CallCardSetUiState', params: { x: 1 }, callback: 'c', appSid: 's' });
    expect(r).toMatchObject({ ok: true, command: { method: 'CallCardSetUiState', params: { x: 1 }, form: 'object' } });
  });
  it.each([42, null, 'nocolons', 'a:b', ':x:y', [], { params: {} }])('flags %j as malformed', (data) => {
    const r = parseCommand(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/\w/);
  });
  it('formats answers as CALLBACK:JSON or CALLBACK:', () => {
    expect(formatAnswer('cb', { a: 1 })).toBe('cb:{"a":1}');
    expect(formatAnswer('cb')).toBe('cb:');
    expect(formatAnswer('cb', false)).toBe('cb:false');
  });
});

describe('placements, events and the log text', () => {
  it("lists each placement's commands and events; none for others", () => {
    expect(placementCommands('PAGE_BACKGROUND_WORKER')).toHaveLength(9);
    expect(placementEvents('PAGE_BACKGROUND_WORKER')).toHaveLength(17);
    expect(placementCommands('CALL_CARD')).toEqual(['getStatus', 'disableAutoClose', 'enableAutoClose']);
    expect(placementEvents('CALL_CARD')).toEqual([
      'CallCard::EntityChanged',
      'CallCard::BeforeClose',
      'CallCard::CallStateChanged',
    ]);
    expect(placementCommands('DEFAULT')).toEqual([]);
    expect(placementEvents('DEFAULT')).toEqual([]);
    expect(ALL_EVENT_NAMES).toHaveLength(20);
  });

  it('has no CallCard:: twins of the background-worker events', () => {
    expect(ALL_EVENT_NAMES.filter((n) => n.startsWith('CallCard::'))).toEqual([
      'CallCard::EntityChanged',
      'CallCard::BeforeClose',
      'CallCard::CallStateChanged',
    ]);
    expect(BACKGROUND_EVENTS.map(([n]) => n).sort()).toEqual([...BACKGROUND_EVENT_NAMES].sort());
  });

  it('resolves event names per placement', () => {
    expect(resolveEventName('PAGE_BACKGROUND_WORKER', 'hangupButtonClick')).toEqual({
      ok: true,
      event: 'BackgroundCallCard::hangupButtonClick',
      inPlacement: true,
    });
    expect(resolveEventName('CALL_CARD', 'entityChanged')).toEqual({
      ok: true,
      event: 'CallCard::EntityChanged',
      inPlacement: true,
    });
    expect(resolveEventName('CALL_CARD', 'CallStateChanged')).toMatchObject({ event: 'CallCard::CallStateChanged' });
    expect(resolveEventName('CALL_CARD', 'hangupButtonClick')).toMatchObject({ ok: true, inPlacement: false });
    expect(resolveEventName('PAGE_BACKGROUND_WORKER', 'beforeClose')).toEqual({
      ok: true,
      event: 'CallCard::BeforeClose',
      inPlacement: false,
    });
    expect(resolveEventName('DEFAULT', 'entityChanged')).toMatchObject({ ok: true, inPlacement: false });
    expect(resolveEventName('CALL_CARD', 'BackgroundCallCard::entityChanged')).toMatchObject({
      ok: true,
      inPlacement: false,
    });
    for (const bad of ['', 'entitychanged', 'CallCard::entityChanged', 'BackgroundCallCard::nope', 'x::y']) {
      const r = resolveEventName('PAGE_BACKGROUND_WORKER', bad);
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.message).toMatch(/initialized, addCommentButtonClick.*EntityChanged, BeforeClose, CallStateChanged/);
    }
  });

  it('knows the 12 UI states', () => {
    expect(CALL_CARD_UI_STATES).toHaveLength(12);
    expect(isUiState('transferConnected')).toBe(true);
    expect(isUiState('idle')).toBe(false);
    expect(isUiState(6)).toBe(false);
  });

  it('masks tokens in JSON, escaped JSON and query strings', () => {
    expect(maskTokens('cb:{"AUTH_ID":"0123456789","REFRESH_ID":"abcdefgh","AUTH_EXPIRES":"3600"}')).toBe(
      'cb:{"AUTH_ID":"0123…","REFRESH_ID":"abcd…","AUTH_EXPIRES":"3600"}',
    );
    expect(maskTokens('{"auth": "secretvalue", "access_token":"tok12345"}')).toBe(
      '{"auth": "secr…", "access_token":"tok1…"}',
    );
    expect(maskTokens('{"p":"{\\"auth\\":\\"secretvalue\\"}"}')).toBe('{"p":"{\\"auth\\":\\"secr…\\"}"}');
    expect(maskTokens('/rest/profile.json?auth=secretvalue&x=1 and refresh_token=zzzzzzzz')).toBe(
      '/rest/profile.json?auth=secr…&x=1 and refresh_token=zzzz…',
    );
    expect(maskTokens('{"AUTH_ID":"abc","REFRESH_ID":""}')).toBe('{"AUTH_ID":"…","REFRESH_ID":""}');
    expect(maskTokens('{"authorization":"keep","author":"keep"}')).toBe('{"authorization":"keep","author":"keep"}');
  });

  it('logText masks and caps, even when the token sits at the cut', () => {
    expect(logText('short')).toBe('short');
    const long = 'x'.repeat(LOG_LINE_MAX + 500);
    const out = logText(long);
    expect(out.length).toBeLessThanOrEqual(LOG_LINE_MAX + 20);
    expect(out.endsWith('… (+500 chars)')).toBe(true);
    const atCut = 'y'.repeat(90) + '{"AUTH_ID":"' + 's'.repeat(500) + '"}';
    expect(logText(atCut, 100)).not.toMatch(/s{5}/);
    const huge = '{"AUTH_ID":"0123456789"}' + 'z'.repeat(1_000_000);
    expect(logText(huge, 100).startsWith('{"AUTH_ID":"0123…"}')).toBe(true);
  });
});
