import { CallCardPayloadError } from '../errors';
import type { CallCardEntity, CrmEntityType, ParseResult } from '../types';

const own = (o: object, k: string): unknown =>
  Object.prototype.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined;

const NO_PHONE = ['hidden', 'unknown', ''];

/**
 * Validates and normalises the payload of `BackgroundCallCard::entityChanged` (or
 * `CallCard::EntityChanged`): `{ PHONE_NUMBER, CRM_ENTITY_TYPE, CRM_ENTITY_ID }`.
 *
 * - `CRM_ENTITY_ID`: a non-negative integer or a numeric string (`"17"` → `17`); `0`, `""`,
 *   `null` or a missing field → `null`.
 * - `PHONE_NUMBER`: `"hidden"`, `"unknown"`, `""`, `null` or missing → `null`.
 * - `CRM_ENTITY_TYPE`: `""`, `null` or missing → `null`; any other string is kept as it is.
 *
 * Anything else (not an object, a negative, fractional or non-numeric id, a field of the wrong
 * type) gives `{ ok: false, error }` with a {@link CallCardPayloadError} that holds the payload.
 *
 * @example
 * const r = parseEntityChangedPayload({ PHONE_NUMBER: '+100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: '17' });
 * if (r.ok) r.value.entityId; // 17
 */
export function parseEntityChangedPayload(raw: unknown): ParseResult<CallCardEntity> {
  const fail = (field: string): ParseResult<CallCardEntity> => ({
    ok: false,
    error: new CallCardPayloadError(field, raw),
  });
  // A payload whose getters or Proxy traps throw is invalid, not a crash.
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('payload');
    const phone = own(raw, 'PHONE_NUMBER');
    const type = own(raw, 'CRM_ENTITY_TYPE');
    let id = own(raw, 'CRM_ENTITY_ID');
    if (phone != null && typeof phone !== 'string') return fail('PHONE_NUMBER');
    if (type != null && typeof type !== 'string') return fail('CRM_ENTITY_TYPE');
    if (typeof id === 'string') id = /^\d{0,16}$/.test(id) ? +id : NaN;
    if (id != null && !(Number.isSafeInteger(id) && (id as number) >= 0)) return fail('CRM_ENTITY_ID');
    return {
      ok: true,
      value: Object.freeze({
        phoneNumber: phone && !NO_PHONE.includes(phone.trim().toLowerCase()) ? phone : null,
        entityType: (type as CrmEntityType) || null,
        entityId: (id as number) || null,
        raw,
      }),
    };
  } catch {
    return fail('payload');
  }
}

/** Whether two entities name the same client (phone, type and id; `raw` is ignored). */
export const sameEntity = (a: CallCardEntity | null, b: CallCardEntity | null): boolean =>
  a === b ||
  (!!a && !!b && a.phoneNumber === b.phoneNumber && a.entityType === b.entityType && a.entityId === b.entityId);
