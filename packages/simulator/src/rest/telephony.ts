/**
 * The telephony REST side a background worker pairs with: `telephony.externalCall.*` raises,
 * shows, hides and finishes calls; `crm.activity.*` shows the call activities finishing leaves.
 * Shapes and error texts follow the official docs (`bitrix24/b24restdocs`,
 * `api-reference/telephony/telephony-external-call-*.md`); where the docs are silent the choice
 * is said where it is made.
 */
import { randomBytes } from 'node:crypto';
import { recordLabel, type CrmRecord, type CrmSample } from '../crmSample';
import { restError, type RestAnswer } from './answer';

/** How a call reached the card: 1 outgoing, 2 incoming, 3 incoming with redirect, 4 callback, 5 info call. */
export type CallType = 1 | 2 | 3 | 4 | 5;

/** A call as the card and the page know it (the shared contract's `SimCall`). */
export interface TelephonyCall {
  CALL_ID: string;
  /** The user whose card this is. */
  USER_ID: number;
  /** `''` when the number is unknown (the portal then sends `hidden`). */
  PHONE_NUMBER: string;
  LINE_NUMBER: string;
  LINE_NAME: string;
  TYPE: CallType;
  CALL_DIRECTION: 'incoming' | 'outgoing' | 'callback';
  /** `''` when no CRM record is bound. */
  CRM_ENTITY_TYPE: string;
  /** `0` when no CRM record is bound. */
  CRM_ENTITY_ID: number;
  /** Set once `finish` created the call activity. */
  CRM_ACTIVITY_ID?: number;
  /** Absent when no CRM record is bound. */
  CRM_BINDINGS?: Array<{ ENTITY_TYPE: string; ENTITY_ID: number }>;
  CALL_LIST_MODE: boolean;
}

/** A card event for the page: shown to, hidden from, or finished for `call.USER_ID`. */
export interface CallEvent {
  type: 'call';
  action: 'show' | 'hide' | 'finish';
  call: TelephonyCall;
}

/** A call activity, as `crm.activity.list` returns it (ids as strings, as Bitrix24 does). */
export interface CrmActivity {
  ID: string;
  /** `1` lead, `3` contact, `4` company (Bitrix24's owner type ids). */
  OWNER_TYPE_ID: string;
  OWNER_ID: string;
  /** `2`: a call. */
  TYPE_ID: '2';
  PROVIDER_ID: 'VOXIMPLANT_CALL';
  PROVIDER_TYPE_ID: 'CALL';
  /** `1` incoming, `2` outgoing. */
  DIRECTION: '1' | '2';
  SUBJECT: string;
  COMPLETED: 'Y';
  RESPONSIBLE_ID: string;
  START_TIME: string;
  END_TIME: string;
  ORIGIN_ID: string;
  DESCRIPTION: string;
}

/** Who makes a REST call: the app (an OAuth token) or an inbound webhook, as which user. */
export interface RestContext {
  auth: 'app' | 'webhook';
  userId: number;
}

/** A REST method of the simulated portal. */
export type RestMethod = (params: Record<string, unknown>, context: RestContext) => RestAnswer;

/** Users 1…10 exist; user N's inner phone number is `100 + N` (`'101'` for user 1, the page's user). */
export const USER_COUNT = 10;
/** A user's inner phone number (`USER_PHONE_INNER`). */
export const innerNumber = (userId: number): string => String(100 + userId);
/** `register` returns the open call's `CALL_ID` again within this window (ms). */
export const REUSE_WINDOW = 30 * 60 * 1000;
/** At most this many open calls and activities are kept, the oldest dropped first. */
export const MAX_KEPT = 10_000;

const OWNER_TYPE: Record<string, number> = { LEAD: 1, DEAL: 2, CONTACT: 3, COMPANY: 4 };
/** Types a call binds to, in the order a number is looked up (a contact wins over its company). */
const CALLER_TYPES = ['CONTACT', 'COMPANY', 'LEAD'] as const;

const intOf = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v)) return Number(v);
  return null;
};
const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
/** A 0/1 flag as forms and JSON send it (`0`, `'0'`, `'N'`, `false` are off). */
const flag = (v: unknown, otherwise: boolean): boolean =>
  given(v) ? !(v === 0 || v === false || (typeof v === 'string' && /^(0|n|false)$/i.test(v.trim()))) : otherwise;
const digits = (phone: string): string => phone.replace(/\D/g, '');
/** Bitrix24's date form: `2026-03-10T11:19:38+00:00`. */
const portalDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** A copy that shares nothing with the stored call. */
const copy = (call: TelephonyCall): TelephonyCall => ({
  ...call,
  ...(call.CRM_BINDINGS ? { CRM_BINDINGS: call.CRM_BINDINGS.map((b) => ({ ...b })) } : {}),
});

/** Options of {@link createTelephony}. */
export interface TelephonyOptions {
  crm: CrmSample;
  now: () => number;
  /** Receives every card event. */
  emit: (event: CallEvent) => void;
  /** Wraps a result as the portal answers it (`{ result, time }`). */
  result: (result: unknown, extra?: Record<string, unknown>) => RestAnswer;
}

interface OpenCall {
  call: TelephonyCall;
  key: string;
  registeredAt: number;
  externalId: string | null;
  /** Users the card is shown to now. */
  shownTo: Set<number>;
}

/** The telephony methods and their state (open calls, the activities finished calls left). */
export function createTelephony({ crm, now, emit, result }: TelephonyOptions) {
  const open = new Map<string, OpenCall>();
  const byKey = new Map<string, string>();
  const activities: CrmActivity[] = [];
  let statisticId = 0;
  let activityId = 0;

  const userOf = (p: Record<string, unknown>): number | RestAnswer => {
    if (!given(p.USER_ID) && !given(p.USER_PHONE_INNER)) {
      return restError(400, 'ERROR_CORE', 'USER_ID or USER_PHONE_INNER should be set');
    }
    const id = given(p.USER_ID) ? intOf(p.USER_ID) : (intOf(p.USER_PHONE_INNER) ?? 0) - 100;
    return id !== null && id >= 1 && id <= USER_COUNT
      ? id
      : restError(400, 'ERROR_CORE', 'User is not found or is not active');
  };

  /** `USER_ID` of show/hide: one id or an array (or a PHP-style form object); `null` when absent. */
  const usersOf = (v: unknown): number[] | null => {
    if (!given(v)) return null;
    const list = typeof v === 'object' && v !== null ? Object.values(v) : [v];
    return list.map(intOf).filter((id): id is number => id !== null && id >= 1 && id <= USER_COUNT);
  };

  const phonesOf = (r: CrmRecord): string[] =>
    ((r.PHONE as Array<{ VALUE?: unknown }> | undefined) ?? []).map((x) => digits(String(x.VALUE ?? '')));

  /** The CONTACT, COMPANY and LEAD records with this number, in that order. */
  const findByPhone = (phone: string) => {
    const wanted = digits(phone);
    if (!wanted) return [];
    return CALLER_TYPES.flatMap((type) =>
      crm[type].filter((r) => phonesOf(r).includes(wanted)).map((record) => ({ type, record })),
    );
  };

  const bindingsOf = (type: string, record: CrmRecord) => {
    const list = [{ ENTITY_TYPE: type, ENTITY_ID: Number(record.ID) }];
    if (type === 'CONTACT' && record.COMPANY_ID && crm.COMPANY.some((c) => c.ID === record.COMPANY_ID)) {
      list.push({ ENTITY_TYPE: 'COMPANY', ENTITY_ID: Number(record.COMPANY_ID) });
    }
    return list;
  };

  const send = (action: CallEvent['action'], call: TelephonyCall, userId: number) =>
    emit({ type: 'call', action, call: { ...copy(call), USER_ID: userId } });

  const showTo = (entry: OpenCall, users: number[]) => {
    for (const user of users) {
      entry.shownTo.add(user);
      send('show', entry.call, user);
    }
  };

  const forget = (entry: OpenCall) => {
    open.delete(entry.call.CALL_ID);
    if (byKey.get(entry.key) === entry.call.CALL_ID) byKey.delete(entry.key);
  };

  const appOnly = (context: RestContext): RestAnswer | null =>
    context.auth === 'app'
      ? null
      : restError(403, 'WRONG_AUTH_TYPE', 'Current authorization type is denied for this method');

  const register: RestMethod = (p, context) => {
    const denied = appOnly(context);
    if (denied) return denied;
    const user = userOf(p);
    if (typeof user !== 'number') return user;
    const type = intOf(p.TYPE);
    if (type === null || type < 1 || type > 5) return restError(400, 'ERROR_CORE', 'Unknown TYPE');
    // An absent number is taken (a hidden caller: the card then shows `hidden`); the docs mark it
    // required but do not say what the portal answers without it.
    const phone = given(p.PHONE_NUMBER) ? String(p.PHONE_NUMBER).trim() : '';
    if (phone && !/^\+?[\d\s().-]+$/.test(phone)) {
      return restError(400, 'ERROR_CORE', 'Unsupported phone number format');
    }
    if (given(p.CALL_START_DATE) && Number.isNaN(Date.parse(String(p.CALL_START_DATE)))) {
      return restError(400, 'ERROR_CORE', 'CALL_START_DATE should be in the ISO-8601 format');
    }
    const line = given(p.LINE_NUMBER) ? String(p.LINE_NUMBER) : '';
    const externalId = given(p.EXTERNAL_CALL_ID) ? String(p.EXTERNAL_CALL_ID) : null;
    const show = flag(p.SHOW, true);
    const at = now();

    // The docs' dedup keys: PHONE_NUMBER, TYPE, the user, LINE_NUMBER and EXTERNAL_CALL_ID.
    const key = JSON.stringify([user, phone, type, line, externalId ?? '']);
    const reused = open.get(byKey.get(key) ?? '');
    if (reused && at - reused.registeredAt < REUSE_WINDOW) {
      if (show) showTo(reused, [user]);
      // Nothing is created a second time.
      return result({
        CALL_ID: reused.call.CALL_ID,
        CRM_CREATED_LEAD: null,
        CRM_CREATED_ENTITIES: [],
        CRM_ENTITY_TYPE: reused.call.CRM_ENTITY_TYPE,
        CRM_ENTITY_ID: reused.call.CRM_ENTITY_ID,
      });
    }

    // The record to bind: the one named (if it exists), else the first with this number.
    let bound: { type: string; record: CrmRecord } | undefined;
    const namedType = String(p.CRM_ENTITY_TYPE ?? '').toUpperCase();
    if ((CALLER_TYPES as readonly string[]).includes(namedType) && given(p.CRM_ENTITY_ID)) {
      const record = crm[namedType as (typeof CALLER_TYPES)[number]].find((r) => r.ID === String(p.CRM_ENTITY_ID));
      if (record) bound = { type: namedType, record };
    }
    bound ??= findByPhone(phone)[0];
    let createdLead: number | null = null;
    let leadError: string | null = null;
    if (!bound && flag(p.CRM_CREATE, false) && phone && crm.LEAD.length >= MAX_KEPT) {
      leadError = `The simulator keeps at most ${MAX_KEPT} leads`;
    } else if (!bound && flag(p.CRM_CREATE, false) && phone) {
      const id = String(crm.LEAD.reduce((max, r) => Math.max(max, Number(r.ID) || 0), 0) + 1);
      const record: CrmRecord = {
        ID: id,
        TITLE: `${type === 1 || type === 5 ? 'Outgoing call to' : 'Incoming call from'} ${phone}`,
        NAME: '',
        LAST_NAME: '',
        STATUS_ID: 'NEW',
        SOURCE_ID: given(p.CRM_SOURCE) ? String(p.CRM_SOURCE) : 'CALL',
        ASSIGNED_BY_ID: String(user),
        PHONE: [{ ID: '1', VALUE_TYPE: 'WORK', VALUE: phone, TYPE_ID: 'PHONE' }],
        HAS_PHONE: 'Y',
      };
      crm.LEAD.push(record);
      bound = { type: 'LEAD', record };
      createdLead = Number(id);
    }

    const call: TelephonyCall = {
      CALL_ID: `externalCall.${randomBytes(16).toString('hex')}.${Math.floor(at / 1000)}`,
      USER_ID: user,
      PHONE_NUMBER: phone,
      LINE_NUMBER: line,
      // There are no external lines here: the line is named by its number.
      LINE_NAME: line,
      TYPE: type as CallType,
      CALL_DIRECTION: type === 4 ? 'callback' : type === 2 || type === 3 ? 'incoming' : 'outgoing',
      CRM_ENTITY_TYPE: bound?.type ?? '',
      CRM_ENTITY_ID: bound ? Number(bound.record.ID) : 0,
      ...(bound ? { CRM_BINDINGS: bindingsOf(bound.type, bound.record) } : {}),
      CALL_LIST_MODE: given(p.CALL_LIST_ID),
    };
    const entry: OpenCall = { call, key, registeredAt: at, externalId, shownTo: new Set() };
    open.set(call.CALL_ID, entry);
    byKey.set(key, call.CALL_ID);
    for (const oldest of open.values()) {
      if (open.size <= MAX_KEPT) break;
      forget(oldest);
    }
    if (show) showTo(entry, [user]);
    return result({
      CALL_ID: call.CALL_ID,
      CRM_CREATED_LEAD: createdLead,
      CRM_CREATED_ENTITIES: createdLead === null ? [] : [{ ENTITY_TYPE: 'LEAD', ENTITY_ID: createdLead }],
      CRM_ENTITY_TYPE: call.CRM_ENTITY_TYPE,
      CRM_ENTITY_ID: call.CRM_ENTITY_ID,
      ...(leadError ? { LEAD_CREATION_ERROR: leadError } : {}),
    });
  };

  /** show / hide: `true`, or `false` for a call that is not open (never registered, or finished). */
  const toggle =
    (action: 'show' | 'hide'): RestMethod =>
    (p) => {
      const entry = typeof p.CALL_ID === 'string' ? open.get(p.CALL_ID) : undefined;
      if (!entry) return result(false);
      const users = usersOf(p.USER_ID) ?? [entry.call.USER_ID];
      if (action === 'show') showTo(entry, users);
      else {
        for (const user of users) {
          entry.shownTo.delete(user);
          send('hide', entry.call, user);
        }
      }
      return result(true);
    };

  const finish: RestMethod = (p, context) => {
    const denied = appOnly(context);
    if (denied) return denied;
    if (typeof p.CALL_ID !== 'string') return restError(400, 'INVALID_ARGUMENT', 'CALL_ID must be a string');
    const user = userOf(p);
    if (typeof user !== 'number') return user;
    const entry = open.get(p.CALL_ID);
    if (!entry) {
      return restError(400, 'ERROR_CORE', 'Call is not found (call should be registered prior to finishing)');
    }
    const { call } = entry;
    const at = now();
    const duration = intOf(p.DURATION) ?? 0;
    const status = given(p.STATUS_CODE) ? String(p.STATUS_CODE) : duration > 0 ? '200' : '304';
    const vote = intOf(p.VOTE);
    const incoming = call.CALL_DIRECTION === 'incoming';

    // The activity needs an owner: a call bound to no CRM record leaves none.
    if (call.CRM_ENTITY_TYPE) {
      const id = ++activityId;
      activities.push({
        ID: String(id),
        OWNER_TYPE_ID: String(OWNER_TYPE[call.CRM_ENTITY_TYPE]),
        OWNER_ID: String(call.CRM_ENTITY_ID),
        TYPE_ID: '2',
        PROVIDER_ID: 'VOXIMPLANT_CALL',
        PROVIDER_TYPE_ID: 'CALL',
        DIRECTION: incoming ? '1' : '2',
        SUBJECT: `${incoming ? 'Incoming' : 'Outgoing'} call ${call.PHONE_NUMBER || 'hidden'}`.trim(),
        COMPLETED: 'Y',
        RESPONSIBLE_ID: String(user),
        START_TIME: portalDate(entry.registeredAt),
        END_TIME: portalDate(at),
        ORIGIN_ID: `VI_${call.CALL_ID}`,
        DESCRIPTION: given(p.RECORD_URL) ? `Record: ${String(p.RECORD_URL)}` : '',
      });
      if (activities.length > MAX_KEPT) activities.shift();
      call.CRM_ACTIVITY_ID = id;
    }
    forget(entry);
    for (const shown of new Set([...entry.shownTo, call.USER_ID])) send('finish', call, shown);

    return result({
      CALL_ID: call.CALL_ID,
      EXTERNAL_CALL_ID: entry.externalId,
      PORTAL_USER_ID: user,
      PHONE_NUMBER: call.PHONE_NUMBER,
      PORTAL_NUMBER: call.LINE_NUMBER,
      INCOMING: String(call.TYPE),
      CALL_DURATION: duration,
      // The docs' sample: the portal's date object serialises to `{}`.
      CALL_START_DATE: {},
      CALL_STATUS: status === '200' ? 1 : 0,
      CALL_VOTE: vote !== null && vote >= 1 && vote <= 5 ? vote : 0,
      COST: Number(p.COST) || 0,
      COST_CURRENCY: given(p.COST_CURRENCY) ? String(p.COST_CURRENCY) : '',
      CALL_FAILED_CODE: status,
      CALL_FAILED_REASON: given(p.FAILED_REASON) ? String(p.FAILED_REASON) : '',
      REST_APP_ID: '1',
      REST_APP_NAME: 'local.simulator',
      CRM_ACTIVITY_ID: call.CRM_ACTIVITY_ID ?? null,
      COMMENT: null,
      CRM_ENTITY_TYPE: call.CRM_ENTITY_TYPE,
      CRM_ENTITY_ID: call.CRM_ENTITY_ID,
      ID: ++statisticId,
    });
  };

  const searchCrmEntities: RestMethod = (p) => {
    const phone = given(p.PHONE_NUMBER) ? String(p.PHONE_NUMBER) : '';
    if (!phone.trim()) return restError(400, 'ERROR_CORE', 'PHONE_NUMBER is empty');
    return result(
      findByPhone(phone).map(({ type, record }) => {
        const assigned = intOf(record.ASSIGNED_BY_ID) ?? 1;
        return {
          CRM_ENTITY_TYPE: type,
          CRM_ENTITY_ID: Number(record.ID),
          ASSIGNED_BY_ID: assigned,
          NAME: recordLabel(type, record),
          ASSIGNED_BY: {
            ID: String(assigned),
            // No time tracking in the simulator.
            TIMEMAN_STATUS: 'UNAVAILABLE',
            USER_PHONE_INNER: innerNumber(assigned),
            WORK_PHONE: null,
            PERSONAL_PHONE: null,
            PERSONAL_MOBILE: null,
          },
        };
      }),
    );
  };

  const PAGE = 50;
  const activityList: RestMethod = (p) => {
    const raw = p.filter ?? p.FILTER;
    const filter = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const keys = Object.keys(filter).filter((k) => given(filter[k]));
    const found = activities.filter((a) =>
      keys.every(
        (k) =>
          String((a as unknown as Record<string, unknown>)[k.replace(/^=/, '').toUpperCase()]) === String(filter[k]),
      ),
    );
    const start = intOf(p.start) ?? 0;
    const page = found.slice(start, start + PAGE);
    return result(page, {
      total: found.length,
      ...(start + PAGE < found.length ? { next: start + PAGE } : {}),
    });
  };

  const activityGet: RestMethod = (p) => {
    const id = String(p.id ?? p.ID ?? '');
    if (!/^[1-9]\d*$/.test(id)) return restError(400, '', 'ID is not defined or invalid.');
    const activity = activities.find((a) => a.ID === id);
    return activity ? result(activity) : restError(400, '', 'Not found');
  };

  return {
    /** The methods, by lower-case name. */
    methods: {
      'telephony.externalcall.register': register,
      'telephony.externalcall.show': toggle('show'),
      'telephony.externalcall.hide': toggle('hide'),
      'telephony.externalcall.finish': finish,
      'telephony.externalcall.searchcrmentities': searchCrmEntities,
      'crm.activity.list': activityList,
      'crm.activity.get': activityGet,
    } as Record<string, RestMethod>,
    /** The calls registered and not finished yet, oldest first. */
    calls(): TelephonyCall[] {
      return [...open.values()].map((e) => copy(e.call));
    },
    /** The users a call's card is shown to now (`[]` for a call that is not open). */
    shownTo(callId: string): number[] {
      return [...(open.get(callId)?.shownTo ?? [])];
    },
    /** Call activities left by `finish`, oldest first. */
    activities: activities as readonly CrmActivity[],
  };
}

/** The telephony side of the simulated portal. */
export type Telephony = ReturnType<typeof createTelephony>;
