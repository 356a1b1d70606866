// A measuring stick, not shipped and not tested as a product: the least code that honestly shows
// the call-card entity over the wire protocol (window.name parse; getInitData; one
// placementBindEvent; origin, source and callback-id checks; payload validation with an error;
// a frozen state replaced only on change; a listener that throws does not stop the others;
// NOT_IN_PORTAL, PLACEMENT and TIMEOUT reasons).
//
// Left out on purpose, though the packages have them: BX24 auto-detection, allowedHosts,
// error subclasses and the onError option, destroy(), the ordered re-entrant notification queue,
// the REST portal info and token refresh, SSR guards, and the other 16 call-card events.
// `pnpm bench` bundles it like the real workers, so the table shows what that floor costs.
class BareError extends Error {
  constructor(code, message, extra) {
    super(message);
    this.name = 'BareError';
    this.code = code;
    Object.assign(this, extra);
  }
}

const NO_PHONE = ['hidden', 'unknown', ''];

function parse(raw) {
  try {
    if (typeof raw != 'object' || !raw || Array.isArray(raw)) throw 'payload';
    let { PHONE_NUMBER: phone, CRM_ENTITY_TYPE: type, CRM_ENTITY_ID: id } = raw;
    if (phone != null && typeof phone != 'string') throw 'PHONE_NUMBER';
    if (type != null && typeof type != 'string') throw 'CRM_ENTITY_TYPE';
    if (typeof id == 'string') id = /^\d{0,15}$/.test(id) ? +id : NaN;
    if (id != null && !(Number.isSafeInteger(id) && id >= 0)) throw 'CRM_ENTITY_ID';
    const entity = {
      phoneNumber: phone && !NO_PHONE.includes(phone.trim().toLowerCase()) ? phone : null,
      entityType: type || null,
      entityId: id || null,
      raw,
    };
    return { ok: true, entity: Object.freeze(entity) };
  } catch (field) {
    const bad = typeof field == 'string' ? field : 'payload';
    return { ok: false, error: new BareError('INVALID_PAYLOAD', 'Invalid entityChanged payload: bad ' + bad, { raw }) };
  }
}

function connect(win) {
  const m = /^([a-z\d.-]+(?::\d+)?)\|([01])\|([\w.-]+)$/i.exec(win.name);
  if (!m || win.parent === win) {
    throw new BareError('UNSUPPORTED', 'Not inside a Bitrix24 frame: open the app from the portal or the simulator', {
      reason: 'NOT_IN_PORTAL',
    });
  }
  const origin = (m[2] == '1' ? 'https://' : 'http://') + m[1];
  const callbacks = new Map();
  const send = (command, args, callback) => {
    const id = crypto.randomUUID();
    callbacks.set(id, callback);
    win.parent.postMessage(command + ':' + (args ? JSON.stringify(args) : '') + ':' + id + ':' + m[3], origin);
  };
  win.addEventListener('message', (e) => {
    const data = e.data;
    if (e.origin !== origin || e.source !== win.parent || typeof data != 'string') return;
    const i = data.indexOf(':');
    const callback = callbacks.get(data.slice(0, i));
    if (callback) {
      try {
        callback(JSON.parse(data.slice(i + 1) || 'null'));
      } catch {
        // malformed: dropped
      }
    }
  });
  return new Promise((resolve) =>
    send('getInitData', 0, (d) =>
      resolve({
        placement: String(d?.PLACEMENT || 'DEFAULT').toUpperCase(),
        bind: (event, handler) => send('placementBindEvent', { event }, handler),
      }),
    ),
  );
}

export function createBareClient(win = window, timeoutMs = 5000) {
  let state = Object.freeze({ status: 'idle', entity: null, error: null, placement: null });
  let started = false;
  const listeners = new Set();
  const set = (patch) => {
    if (Object.keys(patch).every((k) => patch[k] === state[k])) return;
    const prev = state;
    state = Object.freeze({ ...state, ...patch });
    for (const l of [...listeners]) {
      try {
        l(state, prev);
      } catch (e) {
        console.error(e);
      }
    }
  };
  const fail = (error) => set({ status: error.code == 'UNSUPPORTED' ? 'unsupported' : 'error', error });
  const same = (a, b) =>
    a && a.phoneNumber === b.phoneNumber && a.entityType === b.entityType && a.entityId === b.entityId;
  const start = () => {
    if (started) return;
    started = true;
    try {
      set({ status: 'connecting' });
      const timer = setTimeout(
        () => fail(new BareError('UNSUPPORTED', `No answer from the portal in ${timeoutMs} ms`, { reason: 'TIMEOUT' })),
        timeoutMs,
      );
      connect(win).then((c) => {
        clearTimeout(timer);
        const event =
          c.placement == 'PAGE_BACKGROUND_WORKER'
            ? 'BackgroundCallCard::entityChanged'
            : c.placement == 'CALL_CARD'
              ? 'CallCard::EntityChanged'
              : null;
        if (!event) {
          return fail(
            new BareError('UNSUPPORTED', `Placement ${c.placement} has no call-card events`, { reason: 'PLACEMENT' }),
          );
        }
        set({ status: 'listening', placement: c.placement });
        c.bind(event, (raw) => {
          const r = parse(raw);
          set(
            r.ok
              ? { status: 'ready', error: null, entity: same(state.entity, r.entity) ? state.entity : r.entity }
              : { error: r.error },
          );
        });
      }, fail);
    } catch (e) {
      fail(e);
    }
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      start();
      return () => listeners.delete(listener);
    },
  };
}
