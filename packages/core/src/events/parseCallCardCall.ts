import { parseEntityChangedPayload } from '../entity/parseEntityChangedPayload';
import { str } from '../env';
import { CallCardPayloadError } from '../errors';
import type { ParseResult } from '../types';
import type { CallCardCall } from './callCardEvents';

/**
 * Validates and normalises a call as the portal describes it: the payload of
 * `BackgroundCallCard::initialized`, the `getStatus` answer, or the `CALL_CARD` tab's
 * `PLACEMENT_OPTIONS` (where ids arrive as strings: `"17"`, `"false"`). `CALL_ID` is required;
 * the CRM fields follow `entityChanged`'s rules. Never throws.
 *
 * @example
 * const r = parseCallCardCall({ CALL_ID: 'externalCall.1', CRM_ENTITY_ID: '17', CRM_ENTITY_TYPE: 'CONTACT' });
 * if (r.ok) r.value.entityId; // 17
 */
export function parseCallCardCall(raw: unknown): ParseResult<CallCardCall> {
  const fail = (field: string): ParseResult<CallCardCall> => ({
    ok: false,
    error: new CallCardPayloadError(field, raw, 'initialized'),
  });
  const e = parseEntityChangedPayload(raw);
  if (!e.ok) return fail(e.error.field);
  try {
    const o = raw as Record<string, unknown>;
    if (typeof o.CALL_ID !== 'string' || !o.CALL_ID) return fail('CALL_ID');
    return {
      ok: true,
      value: Object.freeze({
        callId: o.CALL_ID,
        phoneNumber: e.value.phoneNumber,
        line: Object.freeze({ number: str(o.LINE_NUMBER), name: str(o.LINE_NAME) }),
        entityType: e.value.entityType,
        entityId: e.value.entityId,
        direction: str(o.CALL_DIRECTION),
        state: str(o.CALL_STATE),
        // The CALL_CARD tab's PLACEMENT_OPTIONS carry it as the string "true" / "false".
        callListMode: o.CALL_LIST_MODE === true || o.CALL_LIST_MODE === 'Y' || o.CALL_LIST_MODE === 'true',
        raw,
      }),
    };
  } catch {
    return fail('payload'); // a throwing getter or Proxy trap
  }
}
