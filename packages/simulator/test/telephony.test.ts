import { describe, expect, it } from 'vitest';
import { createRestPortal, type SimEvent } from '../src/rest';
import { REUSE_WINDOW } from '../src/rest/telephony';

/** A portal on a hand-driven clock, with its app token, its webhook and the events it sent. */
function portal() {
  let now = Date.UTC(2026, 11, 1, 10, 0, 0);
  const rest = createRestPortal({ now: () => now, webhookCode: 'secret-code' });
  const { AUTH_ID: auth } = rest.issueToken();
  const events: SimEvent[] = [];
  rest.onEvent((e) => events.push(e));
  const call = (method: string, params: Record<string, unknown> = {}) => rest.call(method, { auth, ...params });
  const hook = (method: string, params: Record<string, unknown> = {}) =>
    rest.callWebhook('1', 'secret-code', method, params);
  const cards = () => events.filter((e) => e.type === 'call');
  return { rest, call, hook, events, cards, advance: (ms: number) => (now += ms) };
}

describe('telephony.externalCall.register', () => {
  it('raises a call bound to the CRM record with that number, and opens the card', () => {
    const { call, cards } = portal();
    const answer = call('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+1 555-0100',
      TYPE: 2,
      LINE_NUMBER: '3',
    });
    expect(answer.status).toBe(200);
    const result = answer.body.result as Record<string, unknown>;
    expect(result).toEqual({
      CALL_ID: expect.stringMatching(/^externalCall\.[0-9a-f]{32}\.\d+$/),
      CRM_CREATED_LEAD: null,
      CRM_CREATED_ENTITIES: [],
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: 17,
    });
    expect(answer.body.time).toMatchObject({ duration: 0 });
    expect(cards()).toEqual([
      {
        type: 'call',
        action: 'show',
        call: {
          CALL_ID: result.CALL_ID,
          USER_ID: 1,
          PHONE_NUMBER: '+1 555-0100',
          LINE_NUMBER: '3',
          LINE_NAME: '3',
          TYPE: 2,
          CALL_DIRECTION: 'incoming',
          CRM_ENTITY_TYPE: 'CONTACT',
          CRM_ENTITY_ID: 17,
          // Anna works at Northwind (company 4).
          CRM_BINDINGS: [
            { ENTITY_TYPE: 'CONTACT', ENTITY_ID: 17 },
            { ENTITY_TYPE: 'COMPANY', ENTITY_ID: 4 },
          ],
          CALL_LIST_MODE: false,
        },
      },
    ]);
  });

  it('takes USER_PHONE_INNER (user N is 10N), SHOW=0, the direction from TYPE, string params from forms', () => {
    const { call, cards, rest } = portal();
    const r = call('telephony.externalCall.register', {
      USER_PHONE_INNER: '102',
      PHONE_NUMBER: '+15550999',
      TYPE: '1',
      SHOW: '0',
    });
    expect(r.body.result).toMatchObject({ CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 });
    expect(cards()).toEqual([]);
    expect(rest.calls()).toEqual([
      expect.objectContaining({ USER_ID: 2, CALL_DIRECTION: 'outgoing', TYPE: 1, CRM_ENTITY_TYPE: '' }),
    ]);
    expect(rest.calls()[0]).not.toHaveProperty('CRM_BINDINGS');
    call('telephony.externalCall.register', { USER_ID: 1, PHONE_NUMBER: '1', TYPE: 4, SHOW: 'N' });
    call('telephony.externalCall.register', { USER_ID: 1, PHONE_NUMBER: '2', TYPE: 3, SHOW: 0 });
    call('telephony.externalCall.register', { USER_ID: 1, PHONE_NUMBER: '3', TYPE: 5, SHOW: 0, CALL_LIST_ID: 9 });
    expect(rest.calls().map((c) => [c.CALL_DIRECTION, c.CALL_LIST_MODE])).toEqual([
      ['outgoing', false],
      ['callback', false],
      ['incoming', false],
      ['outgoing', true],
    ]);
    expect(cards()).toEqual([]);
  });

  it('binds the record named by CRM_ENTITY_TYPE/CRM_ENTITY_ID over the number lookup', () => {
    const { call } = portal();
    const r = call('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550100',
      TYPE: 2,
      CRM_ENTITY_TYPE: 'lead',
      CRM_ENTITY_ID: '32',
    });
    expect(r.body.result).toMatchObject({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 32 });
  });

  it('creates a lead for an unknown number with CRM_CREATE=1', () => {
    const { call, rest } = portal();
    const r = call('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15557777',
      TYPE: 2,
      CRM_CREATE: 1,
    });
    expect(r.body.result).toMatchObject({
      CRM_CREATED_LEAD: 33,
      CRM_CREATED_ENTITIES: [{ ENTITY_TYPE: 'LEAD', ENTITY_ID: 33 }],
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: 33,
    });
    expect(rest.crm.LEAD.at(-1)).toMatchObject({ ID: '33', TITLE: 'Incoming call from +15557777', STATUS_ID: 'NEW' });
    // The lead is found by its number from now on.
    expect(call('crm.lead.get', { id: 33 }).status).toBe(200);
    expect(call('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '15557777' }).body.result).toMatchObject([
      { CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 33 },
    ]);
  });

  it('returns the open call again within 30 minutes for the same user, number, type and line', () => {
    const { call, advance, cards } = portal();
    const params = { USER_ID: 1, PHONE_NUMBER: '+15550100', TYPE: 2 };
    const first = (call('telephony.externalCall.register', params).body.result as { CALL_ID: string }).CALL_ID;
    advance(REUSE_WINDOW - 1);
    expect(call('telephony.externalCall.register', params).body.result).toMatchObject({
      CALL_ID: first,
      CRM_CREATED_LEAD: null,
      CRM_ENTITY_ID: 17,
    });
    // Shown again.
    expect(cards()).toHaveLength(2);
    // Another type, line or user is another call.
    expect(call('telephony.externalCall.register', { ...params, TYPE: 3 }).body.result).not.toMatchObject({
      CALL_ID: first,
    });
    expect(call('telephony.externalCall.register', { ...params, LINE_NUMBER: '2' }).body.result).not.toMatchObject({
      CALL_ID: first,
    });
    expect(call('telephony.externalCall.register', { ...params, USER_ID: 2 }).body.result).not.toMatchObject({
      CALL_ID: first,
    });
    advance(1);
    expect(call('telephony.externalCall.register', params).body.result).not.toMatchObject({ CALL_ID: first });
  });

  it('makes a new call for each unique EXTERNAL_CALL_ID, and reuses a repeated one', () => {
    const { call } = portal();
    const reg = (id: string) =>
      (
        call('telephony.externalCall.register', {
          USER_ID: 1,
          PHONE_NUMBER: '+15550100',
          TYPE: 2,
          EXTERNAL_CALL_ID: id,
        }).body.result as { CALL_ID: string }
      ).CALL_ID;
    const a = reg('pbx-1');
    expect(reg('pbx-2')).not.toBe(a);
    expect(reg('pbx-1')).toBe(a);
  });

  it('does not reuse a finished call', () => {
    const { call } = portal();
    const params = { USER_ID: 1, PHONE_NUMBER: '+15550100', TYPE: 2 };
    const first = (call('telephony.externalCall.register', params).body.result as { CALL_ID: string }).CALL_ID;
    call('telephony.externalCall.finish', { CALL_ID: first, USER_ID: 1 });
    expect(call('telephony.externalCall.register', params).body.result).not.toMatchObject({ CALL_ID: first });
  });

  it('answers the documented errors', () => {
    const { call } = portal();
    const reg = (params: Record<string, unknown>) =>
      call('telephony.externalCall.register', { PHONE_NUMBER: '+15550100', TYPE: 2, USER_ID: 1, ...params });
    expect(reg({ USER_ID: undefined })).toEqual({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'USER_ID or USER_PHONE_INNER should be set' },
    });
    expect(reg({ TYPE: 6 }).body).toEqual({ error: 'ERROR_CORE', error_description: 'Unknown TYPE' });
    expect(reg({ TYPE: undefined }).body.error_description).toBe('Unknown TYPE');
    expect(reg({ USER_ID: 99 }).body.error_description).toBe('User is not found or is not active');
    expect(reg({ USER_ID: undefined, USER_PHONE_INNER: '999' }).body.error_description).toBe(
      'User is not found or is not active',
    );
    expect(reg({ PHONE_NUMBER: 'call me' }).body.error_description).toBe('Unsupported phone number format');
    expect(reg({ CALL_START_DATE: 'yesterday' }).body.error_description).toBe(
      'CALL_START_DATE should be in the ISO-8601 format',
    );
    expect(reg({ CALL_START_DATE: '2026-03-07T10:20:30+03:00' }).status).toBe(200);
  });

  it('checks tokens like every other method', () => {
    const { rest } = portal();
    const params = { USER_ID: 1, PHONE_NUMBER: '+15550100', TYPE: 2 };
    expect(rest.call('telephony.externalCall.register', params).body.error).toBe('NO_AUTH_FOUND');
    expect(rest.call('telephony.externalCall.register', { ...params, auth: 'x' }).body.error).toBe('invalid_token');
    rest.expireAll();
    const { AUTH_ID } = rest.issueToken();
    expect(rest.call('telephony.externalCall.register.json', { ...params, auth: AUTH_ID }).status).toBe(200);
  });
});

describe('telephony.externalCall.show / hide', () => {
  it('shows and hides the card for one user, an array of users, or the call’s own user', () => {
    const { call, cards } = portal();
    const { CALL_ID } = call('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550200',
      TYPE: 2,
      SHOW: 0,
    }).body.result as { CALL_ID: string };
    expect(call('telephony.externalCall.show', { CALL_ID }).body.result).toBe(true);
    expect(call('telephony.externalCall.show', { CALL_ID, USER_ID: [2, 3] }).body.result).toBe(true);
    // A form body: USER_ID[]=1&USER_ID[]=2.
    expect(call('telephony.externalCall.hide', { CALL_ID, USER_ID: { 0: '1', 1: '2' } }).body.result).toBe(true);
    expect(call('telephony.externalCall.hide', { CALL_ID, USER_ID: '3' }).body.result).toBe(true);
    expect(cards().map((e) => [e.type === 'call' && e.action, e.type === 'call' && e.call.USER_ID])).toEqual([
      ['show', 1],
      ['show', 2],
      ['show', 3],
      ['hide', 1],
      ['hide', 2],
      ['hide', 3],
    ]);
    expect(cards()[0]).toMatchObject({ call: { CALL_ID, CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 4 } });
  });

  it('answers false for a call that is not open', () => {
    const { call, cards } = portal();
    expect(call('telephony.externalCall.show', { CALL_ID: 'externalCall.nope.1' }).body.result).toBe(false);
    expect(call('telephony.externalCall.hide', { CALL_ID: 'externalCall.nope.1' }).body.result).toBe(false);
    expect(call('telephony.externalCall.show', {}).body.result).toBe(false);
    expect(cards()).toEqual([]);
  });
});

describe('telephony.externalCall.finish', () => {
  it('ends the call, closes its cards and leaves a call activity that crm.activity.list shows', () => {
    const { call, cards, rest, advance } = portal();
    const { CALL_ID } = call('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550300',
      TYPE: 2,
      LINE_NUMBER: '3',
      EXTERNAL_CALL_ID: 'pbx-7',
    }).body.result as { CALL_ID: string };
    call('telephony.externalCall.show', { CALL_ID, USER_ID: 2 });
    advance(95_000);
    const r = call('telephony.externalCall.finish', {
      CALL_ID,
      USER_ID: 1,
      DURATION: 95,
      VOTE: 5,
      RECORD_URL: 'https://pbx.example/rec.mp3',
    });
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual({
      CALL_ID,
      EXTERNAL_CALL_ID: 'pbx-7',
      PORTAL_USER_ID: 1,
      PHONE_NUMBER: '+15550300',
      PORTAL_NUMBER: '3',
      INCOMING: '2',
      CALL_DURATION: 95,
      CALL_START_DATE: {},
      CALL_STATUS: 1,
      CALL_VOTE: 5,
      COST: 0,
      COST_CURRENCY: '',
      CALL_FAILED_CODE: '200',
      CALL_FAILED_REASON: '',
      REST_APP_ID: '1',
      REST_APP_NAME: 'local.simulator',
      CRM_ACTIVITY_ID: 1,
      COMMENT: null,
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: 31,
      ID: 1,
    });
    expect(rest.calls()).toEqual([]);
    const finished = cards().filter((e) => e.type === 'call' && e.action === 'finish');
    expect(finished.map((e) => e.type === 'call' && e.call.USER_ID)).toEqual([1, 2]);
    expect(finished[0]).toMatchObject({ call: { CALL_ID, CRM_ACTIVITY_ID: 1 } });

    const activity = {
      ID: '1',
      OWNER_TYPE_ID: '1',
      OWNER_ID: '31',
      TYPE_ID: '2',
      PROVIDER_ID: 'VOXIMPLANT_CALL',
      PROVIDER_TYPE_ID: 'CALL',
      DIRECTION: '1',
      SUBJECT: 'Incoming call +15550300',
      COMPLETED: 'Y',
      RESPONSIBLE_ID: '1',
      START_TIME: '2026-12-01T10:00:00+00:00',
      END_TIME: '2026-12-01T10:01:35+00:00',
      ORIGIN_ID: `VI_${CALL_ID}`,
      DESCRIPTION: 'Record: https://pbx.example/rec.mp3',
    };
    expect(call('crm.activity.list').body).toMatchObject({ result: [activity], total: 1 });
    expect(call('crm.activity.list', { filter: { OWNER_TYPE_ID: 1, OWNER_ID: 31 } }).body.result).toEqual([activity]);
    expect(call('crm.activity.list', { FILTER: { OWNER_TYPE_ID: '3' } }).body.result).toEqual([]);
    expect(call('crm.activity.get', { id: 1 }).body.result).toEqual(activity);
    expect(call('crm.activity.get', { id: 2 }).body).toEqual({ error: '', error_description: 'Not found' });
    expect(rest.activities).toEqual([activity]);
  });

  it('defaults STATUS_CODE from DURATION, and leaves no activity for a call bound to nothing', () => {
    const { call } = portal();
    const { CALL_ID } = call('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550999',
      TYPE: 1,
    }).body.result as { CALL_ID: string };
    expect(call('telephony.externalCall.finish', { CALL_ID, USER_PHONE_INNER: '101' }).body.result).toMatchObject({
      CALL_DURATION: 0,
      CALL_FAILED_CODE: '304',
      CALL_STATUS: 0,
      CALL_VOTE: 0,
      CRM_ACTIVITY_ID: null,
      CRM_ENTITY_TYPE: '',
      INCOMING: '1',
    });
    expect(call('crm.activity.list').body).toMatchObject({ result: [], total: 0 });
  });

  it('answers the documented errors', () => {
    const { call } = portal();
    expect(call('telephony.externalCall.finish', { USER_ID: 1 })).toEqual({
      status: 400,
      body: { error: 'INVALID_ARGUMENT', error_description: 'CALL_ID must be a string' },
    });
    expect(call('telephony.externalCall.finish', { CALL_ID: 'x' }).body.error_description).toBe(
      'USER_ID or USER_PHONE_INNER should be set',
    );
    expect(call('telephony.externalCall.finish', { CALL_ID: 'x', USER_ID: 1 }).body).toEqual({
      error: 'ERROR_CORE',
      error_description: 'Call is not found (call should be registered prior to finishing)',
    });
    const { CALL_ID } = call('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550100',
      TYPE: 2,
    }).body.result as { CALL_ID: string };
    expect(call('telephony.externalCall.finish', { CALL_ID, USER_ID: 1, DURATION: 3 }).status).toBe(200);
    // Finished: a second finish, a show or a hide find nothing.
    expect(call('telephony.externalCall.finish', { CALL_ID, USER_ID: 1 }).body.error).toBe('ERROR_CORE');
    expect(call('telephony.externalCall.show', { CALL_ID }).body.result).toBe(false);
  });

  it('pages crm.activity.list by 50', () => {
    const { call } = portal();
    for (let i = 0; i < 51; i++) {
      const { CALL_ID } = call('telephony.externalCall.register', {
        USER_ID: 1,
        PHONE_NUMBER: '+15550100',
        TYPE: 2,
        EXTERNAL_CALL_ID: String(i),
        SHOW: 0,
      }).body.result as { CALL_ID: string };
      call('telephony.externalCall.finish', { CALL_ID, USER_ID: 1 });
    }
    const first = call('crm.activity.list').body;
    expect(first).toMatchObject({ total: 51, next: 50 });
    expect(first.result).toHaveLength(50);
    const second = call('crm.activity.list', { start: 50 }).body;
    expect(second.result).toMatchObject([{ ID: '51' }]);
    expect(second).not.toHaveProperty('next');
  });
});

describe('telephony.externalCall.searchCrmEntities', () => {
  it('answers the records with that number in Bitrix24’s shape', () => {
    const { call } = portal();
    expect(call('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '15550100' }).body.result).toEqual([
      {
        CRM_ENTITY_TYPE: 'CONTACT',
        CRM_ENTITY_ID: 17,
        ASSIGNED_BY_ID: 1,
        NAME: 'Anna Schmidt',
        ASSIGNED_BY: {
          ID: '1',
          TIMEMAN_STATUS: 'UNAVAILABLE',
          USER_PHONE_INNER: '101',
          WORK_PHONE: null,
          PERSONAL_PHONE: null,
          PERSONAL_MOBILE: null,
        },
      },
    ]);
    expect(
      call('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '+1 (555) 0201' }).body.result,
    ).toMatchObject([{ CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 5, NAME: 'Contoso Ltd' }]);
    expect(call('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '+10000000' }).body.result).toEqual([]);
    expect(call('telephony.externalCall.searchCrmEntities', {})).toEqual({
      status: 400,
      body: { error: 'ERROR_CORE', error_description: 'PHONE_NUMBER is empty' },
    });
  });
});

describe('the inbound webhook', () => {
  it('answers methods without a token, as the webhook’s user', () => {
    const { hook, rest } = portal();
    expect(hook('profile').body.result).toMatchObject({ ID: '1' });
    expect(hook('crm.contact.get.json', { id: 18 }).body.result).toMatchObject({ NAME: 'Boris' });
    expect(hook('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '+15550300' }).status).toBe(200);
    expect(rest.webhook).toEqual({ userId: 1, code: 'secret-code' });
  });

  it('refuses a wrong user or code with INVALID_CREDENTIALS', () => {
    const { rest } = portal();
    const wrong = {
      status: 401,
      body: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' },
    };
    expect(rest.callWebhook('1', 'secret-codf', 'profile', {})).toEqual(wrong);
    expect(rest.callWebhook('1', 'secret', 'profile', {})).toEqual(wrong);
    expect(rest.callWebhook('2', 'secret-code', 'profile', {})).toEqual(wrong);
    // Credentials are checked before the method.
    expect(rest.callWebhook('1', '', 'no.such.method', {})).toEqual(wrong);
  });

  it('is no app: register, finish and placement.bind need the app’s token (WRONG_AUTH_TYPE)', () => {
    const { hook, call, cards } = portal();
    expect(hook('telephony.externalCall.register', { USER_ID: 1, PHONE_NUMBER: '+15550100', TYPE: 2 })).toEqual({
      status: 403,
      body: { error: 'WRONG_AUTH_TYPE', error_description: 'Current authorization type is denied for this method' },
    });
    expect(cards()).toEqual([]);
    const { CALL_ID } = call('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550100',
      TYPE: 2,
    }).body.result as { CALL_ID: string };
    // show and hide are documented with webhooks.
    expect(hook('telephony.externalCall.hide', { CALL_ID }).body.result).toBe(true);
    expect(hook('telephony.externalCall.show', { CALL_ID }).body.result).toBe(true);
    expect(hook('telephony.externalCall.finish', { CALL_ID, USER_ID: 1 }).body.error).toBe('WRONG_AUTH_TYPE');
    expect(hook('placement.bind', { PLACEMENT: 'CALL_CARD', HANDLER: 'https://x' })).toEqual({
      status: 403,
      body: { error: 'WRONG_AUTH_TYPE', error_description: 'Application context required' },
    });
    expect(hook('app.info').body.result).not.toHaveProperty('CODE');
    expect(call('app.info').body.result).toHaveProperty('CODE', 'local.simulator');
  });
});

describe('REST events for the page', () => {
  it('logs every call, the webhook’s too, with tokens masked', () => {
    const { rest, call, hook, events } = portal();
    const logged: unknown[] = [];
    rest.onCall((e) => logged.push(e));
    call('profile');
    hook('telephony.externalCall.show.json', { CALL_ID: 'x', AUTH_ID: '0123456789abcdef' });
    rest.callWebhook('1', 'nope', 'profile', {});
    const restEvents = events.filter((e) => e.type === 'rest');
    expect(restEvents).toEqual([
      { type: 'rest', method: 'profile', params: { auth: expect.stringMatching(/^.{4}…$/) }, status: 200, error: null },
      {
        type: 'rest',
        method: 'telephony.externalCall.show',
        params: { CALL_ID: 'x', AUTH_ID: '0123…' },
        status: 200,
        error: null,
      },
      { type: 'rest', method: 'profile', params: {}, status: 401, error: 'INVALID_CREDENTIALS' },
    ]);
    expect(logged).toEqual(restEvents.map(({ type: _type, ...entry }) => entry));
    // The webhook's code never reaches the log.
    expect(JSON.stringify(events)).not.toContain('secret-code');
  });
});
