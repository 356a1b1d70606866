import { describe, expect, it } from 'vitest';
import { formatAnswer, parseCommand } from '../src/protocol';

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
