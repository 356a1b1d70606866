/**
 * The control panel: placement, client mode, frames, admin flag, tokens, the webhook; the CRM
 * clients and edge cases (`entityChanged`), the placement's other events, the call scenarios,
 * and the open calls of every user.
 */
import type { ClientMode } from '../card/callCardModel';
import { recordLabel, recordPhone, type CrmSample } from '../crmSample';
import { BACKGROUND_EVENTS, CALL_CARD_TAB_EVENTS, PLACEMENTS } from '../protocol';
import type { PortalPageConfig } from '../portalPage';
import { SCENARIOS, type ScenarioId } from './scenarios';
import type { CallListItem } from './serverEvents';

/** Options of {@link createPanel}. */
export interface PanelOptions {
  readonly config: PortalPageConfig;
  readonly crm: CrmSample;
  readonly setPlacement: (placement: string) => void;
  readonly setMode: (mode: ClientMode) => void;
  /** Fires an event by short name (errors are the caller's to log). */
  readonly fire: (name: string, payload?: unknown) => void;
  /** Announces a client (`entityChanged`): the panel's client buttons, edge cases and custom form. */
  readonly entity: (payload: Record<string, unknown>) => void;
  readonly setHidden: (hidden: boolean) => void;
  readonly setAdmin: (admin: boolean) => void;
  readonly reload: () => void;
  readonly expire: () => void;
  readonly play: (id: ScenarioId) => void;
  readonly stop: () => void;
}

/** The panel. */
export interface Panel {
  /** Shows the placement (select, the events it has). */
  showPlacement(placement: string): void;
  /** Shows the client mode. */
  showMode(mode: ClientMode): void;
  /** Whether "user is admin" is checked. */
  isAdmin(): boolean;
  /** Lists the open calls. */
  showCalls(calls: readonly CallListItem[]): void;
  /** Shows what the scenario player does. */
  showScenario(text: string): void;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A panel button: a title and a grey detail, both set as text (CRM data never becomes HTML). */
function button(parent: HTMLElement, title: string, detail: string, onClick: () => void, testId?: string): void {
  const b = document.createElement('button');
  b.type = 'button';
  const small = document.createElement('small');
  small.textContent = detail;
  b.append(title, detail ? ' ' : '', small);
  if (testId) b.dataset.testid = testId;
  b.addEventListener('click', onClick);
  parent.appendChild(b);
}

const EDGES: ReadonlyArray<[string, string, Record<string, unknown>]> = [
  [
    'hidden-number',
    'Hidden number (CONTACT #17)',
    { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 },
  ],
  [
    'unknown',
    'Call list client without phones ("unknown")',
    { PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 19 },
  ],
  ['nothing-bound', 'Nothing bound (new number)', { PHONE_NUMBER: '+15550777', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }],
  [
    'string-id',
    'Id as a string ("31", LEAD)',
    { PHONE_NUMBER: '+15550300', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '31' },
  ],
  [
    'missing-record',
    'CRM record that does not exist (DEAL #999)',
    { PHONE_NUMBER: '+15550888', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 999 },
  ],
  [
    'malformed',
    'Malformed payload (negative id)',
    { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: -5 },
  ],
];

/** The `CALL_CARD` events' samples (`EntityChanged` has the client buttons). */
const TAB_SAMPLES: Record<string, unknown> = { BeforeClose: undefined, CallStateChanged: 'connected' };

/** Wires the panel's static markup (see `portalPage.ts`) and builds its lists. */
export function createPanel(options: PanelOptions): Panel {
  const { config, crm } = options;

  const placementSel = $<HTMLSelectElement>('placement');
  for (const p of PLACEMENTS) placementSel.add(new Option(p, p));
  placementSel.addEventListener('change', () => options.setPlacement(placementSel.value));

  const modeSel = $<HTMLSelectElement>('client-mode');
  modeSel.addEventListener('change', () => options.setMode(modeSel.value as ClientMode));

  const hidden = $<HTMLInputElement>('hidden');
  hidden.checked = config.hidden;
  hidden.addEventListener('change', () => options.setHidden(hidden.checked));
  const admin = $<HTMLInputElement>('admin');
  admin.checked = config.isAdmin;
  admin.addEventListener('change', () => options.setAdmin(admin.checked));
  $('reload').addEventListener('click', () => options.reload());
  $('expire').addEventListener('click', () => options.expire());

  const webhook = $<HTMLInputElement>('webhook');
  webhook.value = config.webhookUrl ?? '';
  webhook.addEventListener('focus', () => webhook.select());

  const crmEl = $('crm');
  for (const type of ['CONTACT', 'COMPANY', 'LEAD', 'DEAL'] as const) {
    for (const r of crm[type]) {
      const phone = recordPhone(crm, type, r);
      button(
        crmEl,
        recordLabel(type, r),
        `${type} #${r.ID} · ${phone || 'no phone'}`,
        () => options.entity({ PHONE_NUMBER: phone || 'hidden', CRM_ENTITY_TYPE: type, CRM_ENTITY_ID: Number(r.ID) }),
        `client-${type}-${r.ID}`,
      );
    }
  }
  const edge = $('edge');
  for (const [id, text, payload] of EDGES) button(edge, text, '', () => options.entity(payload), `edge-${id}`);

  $('c-fire').addEventListener('click', () => {
    const idText = $<HTMLInputElement>('c-id').value.trim();
    const asString = $<HTMLInputElement>('c-id-string').checked;
    options.entity({
      PHONE_NUMBER: $<HTMLInputElement>('c-phone').value,
      CRM_ENTITY_TYPE: $<HTMLSelectElement>('c-type').value,
      CRM_ENTITY_ID: asString ? idText : Number(idText) || 0,
    });
  });

  const events = $('events');
  const eventsTitle = $('events-title');
  const showEvents = (placement: string) => {
    events.textContent = '';
    if (placement === 'CALL_CARD') {
      eventsTitle.textContent = 'Other CALL_CARD events';
      for (const name of CALL_CARD_TAB_EVENTS) {
        if (name === 'EntityChanged') continue;
        const sample = TAB_SAMPLES[name];
        button(
          events,
          name,
          sample === undefined ? 'no data' : JSON.stringify(sample),
          () => options.fire(name, sample),
          `event-${name}`,
        );
      }
      return;
    }
    eventsTitle.textContent =
      placement === 'PAGE_BACKGROUND_WORKER' ? 'Other call-card events' : `Call-card events (${placement} has none)`;
    for (const [name, sample] of BACKGROUND_EVENTS) {
      if (name === 'entityChanged') continue;
      button(
        events,
        name,
        sample === undefined ? 'no data' : JSON.stringify(sample).slice(0, 40),
        () => options.fire(name, sample),
        `event-${name}`,
      );
    }
  };

  const scenarios = $('scenarios');
  for (const s of SCENARIOS) button(scenarios, s.title, '', () => options.play(s.id), `scenario-${s.id}`);
  $('scenario-stop').addEventListener('click', () => options.stop());
  const scenarioStatus = $('scenario-status');

  const callsEl = $('calls');

  return {
    showPlacement(placement) {
      if (![...placementSel.options].some((o) => o.value === placement))
        placementSel.add(new Option(placement, placement));
      placementSel.value = placement;
      showEvents(placement);
    },
    showMode(mode) {
      modeSel.value = mode;
    },
    isAdmin: () => admin.checked,
    showCalls(calls) {
      callsEl.textContent = '';
      if (calls.length === 0) {
        callsEl.textContent = 'none';
        return;
      }
      for (const { call, shown } of calls) {
        const row = document.createElement('div');
        row.className = 'call-row';
        row.textContent =
          `user ${call.USER_ID} · ${call.CALL_DIRECTION} ${call.PHONE_NUMBER || 'hidden'}` +
          `${call.CRM_ENTITY_TYPE ? ` · ${call.CRM_ENTITY_TYPE} #${call.CRM_ENTITY_ID}` : ''} · ${shown ? 'shown' : 'hidden'}`;
        row.title = call.CALL_ID;
        callsEl.appendChild(row);
      }
    },
    showScenario(text) {
      scenarioStatus.textContent = text;
    },
  };
}
