import { describe, expect, it } from 'vitest';
import { CallCardPayloadError, parseEntityChangedPayload, sameEntity } from '@b24-callcard/core';

const ok = (raw: unknown) => {
  const r = parseEntityChangedPayload(raw);
  if (!r.ok) throw new Error('expected ok, got ' + r.error.message);
  return r.value;
};
const bad = (raw: unknown) => {
  const r = parseEntityChangedPayload(raw);
  if (r.ok) throw new Error('expected an error for ' + JSON.stringify(raw));
  return r.error;
};

describe('parseEntityChangedPayload', () => {
  it('normalises a full payload and keeps raw', () => {
    const raw = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
    const e = ok(raw);
    expect(e).toEqual({ phoneNumber: '+15550100', entityType: 'CONTACT', entityId: 17, raw });
    expect(e.raw).toBe(raw);
    expect(Object.isFrozen(e)).toBe(true);
  });

  it('gives { ok: true, value } or { ok: false, error }', () => {
    const raw = { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 2 };
    expect(parseEntityChangedPayload(raw)).toEqual({
      ok: true,
      value: { phoneNumber: '+1', entityType: 'LEAD', entityId: 2, raw },
    });
    const r = parseEntityChangedPayload('x');
    expect(Object.keys(r).sort()).toEqual(['error', 'ok']);
    expect(r.ok).toBe(false);
  });

  it('turns a numeric string id into a number', () => {
    expect(ok({ PHONE_NUMBER: '1', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: '17' }).entityId).toBe(17);
    expect(ok({ CRM_ENTITY_ID: '007' }).entityId).toBe(7);
    // Every safe integer is accepted as a string too, like the number itself; larger ones are not.
    expect(ok({ CRM_ENTITY_ID: '9007199254740991' }).entityId).toBe(Number.MAX_SAFE_INTEGER);
    expect(ok({ CRM_ENTITY_ID: 9007199254740991 }).entityId).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([0, '', null, undefined, '0'])('maps id %j to null', (id) => {
    expect(ok({ PHONE_NUMBER: '1', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: id }).entityId).toBeNull();
  });

  it.each(['hidden', 'unknown', '', 'HIDDEN', ' unknown ', null, undefined])('maps phone %j to null', (phone) => {
    expect(ok({ PHONE_NUMBER: phone, CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 1 }).phoneNumber).toBeNull();
  });

  it('maps an empty type to null and keeps other types as they are', () => {
    expect(ok({ CRM_ENTITY_TYPE: '' }).entityType).toBeNull();
    expect(ok({ CRM_ENTITY_TYPE: 'COMPANY' }).entityType).toBe('COMPANY');
    expect(ok({ CRM_ENTITY_TYPE: 'DYNAMIC_128' }).entityType).toBe('DYNAMIC_128');
  });

  it.each([null, undefined, 'x', 42, true, [], [1, 2]])('rejects a non-object payload %j', (raw) => {
    const error = bad(raw);
    expect(error).toBeInstanceOf(CallCardPayloadError);
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.field).toBe('payload');
    expect(error.raw).toBe(raw);
  });

  it.each([-1, 1.5, NaN, Infinity, '-3', '1.5', 'abc', '17a', ' 17', true, {}, [], 2 ** 60, '9999999999999999'])(
    'rejects id %j',
    (id) => {
      const raw = { PHONE_NUMBER: '1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: id };
      const error = bad(raw);
      expect(error.field).toBe('CRM_ENTITY_ID');
      expect(error.raw).toBe(raw);
      expect(error.message).toMatch(/CRM_ENTITY_ID/);
    },
  );

  it('rejects wrong field types', () => {
    expect(bad({ PHONE_NUMBER: 5551234 }).field).toBe('PHONE_NUMBER');
    expect(bad({ PHONE_NUMBER: {} }).field).toBe('PHONE_NUMBER');
    expect(bad({ CRM_ENTITY_TYPE: 3 }).field).toBe('CRM_ENTITY_TYPE');
    expect(bad({ CRM_ENTITY_TYPE: ['CONTACT'] }).field).toBe('CRM_ENTITY_TYPE');
  });

  it('reads own fields only (no prototype pollution)', () => {
    const proto = { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 9 };
    const e = ok(Object.create(proto));
    expect(e).toMatchObject({ phoneNumber: null, entityType: null, entityId: null });
    const polluted = JSON.parse('{"__proto__": {"CRM_ENTITY_ID": 5}, "PHONE_NUMBER": "+2"}');
    expect(ok(polluted)).toMatchObject({ phoneNumber: '+2', entityId: null });
    expect(({} as Record<string, unknown>).CRM_ENTITY_ID).toBeUndefined();
  });

  it('reports a payload whose getter or Proxy trap throws as invalid, without throwing', () => {
    const getter = Object.defineProperty({}, 'CRM_ENTITY_ID', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(bad(getter).field).toBe('payload');
    expect(bad(getter).raw).toBe(getter);
    const proxy = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error('trap');
        },
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(bad(proxy).field).toBe('payload');
  });

  it('compares entities by phone, type and id', () => {
    const a = ok({ PHONE_NUMBER: '1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 1 });
    const b = ok({ PHONE_NUMBER: '1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: '1' });
    const c = ok({ PHONE_NUMBER: '1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 2 });
    expect(sameEntity(a, b)).toBe(true);
    expect(sameEntity(a, c)).toBe(false);
    expect(sameEntity(null, a)).toBe(false);
    expect(sameEntity(null, null)).toBe(true);
  });
});
