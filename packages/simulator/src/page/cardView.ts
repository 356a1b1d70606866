/**
 * The call card on screen, for the page's user: title, number and CRM client, status text, timer,
 * muted / on hold / call list / closed, the buttons the UI state shows (each fires its
 * `BackgroundCallCard::*` event), simulator controls for the telephony side, and the `CALL_CARD`
 * tab area where the apps are framed in that placement.
 */
import type { CallCardModel, CallCardState } from '../card/callCardModel';
import { recordLabel, type CrmSample } from '../crmSample';
import type { ButtonEvent } from '../protocol';

/** The simulator's own controls under the card (not the portal's buttons). */
export type CardSimAction = 'connect' | 'end' | 'busy' | 'hide' | 'finish';

/** Options of {@link createCardView}. */
export interface CardViewOptions {
  readonly card: CallCardModel;
  readonly crm: CrmSample;
  /** A card button was clicked. */
  readonly onPress: (button: ButtonEvent) => void;
  /** A simulator control was clicked. */
  readonly onSim: (action: CardSimAction) => void;
}

/** The card view. */
export interface CardView {
  /** Where the `CALL_CARD` tab apps are framed. */
  readonly tabs: HTMLElement;
  /** Shows the tab area (in `CALL_CARD`) or hides it. */
  setPlacement(placement: string): void;
}

const LABELS: Record<ButtonEvent, string> = {
  answerButtonClick: 'Answer',
  skipButtonClick: 'Skip',
  makeCallButtonClick: 'Call',
  hangupButtonClick: 'Hang up',
  holdButtonClick: 'Hold',
  muteButtonClick: 'Mute',
  transferButtonClick: 'Transfer',
  dialpadButtonClick: 'Dialpad',
  qualityMeterClick: 'Quality',
  completeTransferButtonClick: 'Complete transfer',
  cancelTransferButtonClick: 'Cancel transfer',
  closeButtonClick: 'Close',
  notifyAdminButtonClick: 'Notify admin',
  nextButtonClick: 'Next',
  addCommentButtonClick: 'Comment',
};

const SIM_ACTIONS: ReadonlyArray<[CardSimAction, string, string]> = [
  ['connect', 'Connect', 'the call connects (callState connected, timer)'],
  ['end', 'End call', 'the call ends (callState idle)'],
  ['busy', 'Busy (486)', 'the call fails: busy, SIP 486'],
  ['hide', '.hide', 'telephony.externalCall.hide (the card closes)'],
  ['finish', '.finish', 'telephony.externalCall.finish (the call ends, the card closes, a CRM activity)'],
];

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
};

const clock = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** Builds the card into `root` and keeps it in step with the model. */
export function createCardView(root: HTMLElement, options: CardViewOptions): CardView {
  const { card, crm } = options;
  root.textContent = '';
  const main = el('div', 'card-main');
  const head = el('div', 'card-head');
  const direction = el('span', 'card-direction');
  direction.id = 'card-direction';
  const timer = el('span', 'card-timer');
  timer.id = 'card-timer';
  timer.dataset.testid = 'card-timer';
  head.append(direction, timer);
  const title = el('div', 'card-title');
  title.id = 'card-title';
  title.dataset.testid = 'card-title';
  const phone = el('div', 'card-phone');
  phone.dataset.testid = 'card-phone';
  const client = el('div', 'card-client');
  client.dataset.testid = 'card-client';
  const status = el('div', 'card-status');
  status.id = 'card-status';
  status.dataset.testid = 'card-status';
  const badges = el('div', 'card-badges');
  badges.dataset.testid = 'card-badges';
  const buttons = el('div', 'card-buttons');
  buttons.dataset.testid = 'card-buttons';
  const sim = el('div', 'card-sim');
  sim.append(el('span', 'card-sim-label', 'simulator:'));
  for (const [action, text, hint] of SIM_ACTIONS) {
    const b = el('button', '', text);
    b.type = 'button';
    b.title = hint;
    b.dataset.testid = `card-sim-${action}`;
    b.addEventListener('click', () => options.onSim(action));
    sim.append(b);
  }
  const empty = el(
    'div',
    'card-empty',
    'No call. Raise one as your backend would (telephony.externalCall.register, see the webhook and token below) or play a call scenario from the panel.',
  );
  main.append(head, title, phone, client, status, badges, buttons, sim, empty);
  const tabs = el('div', 'card-tabs');
  tabs.id = 'card-tabs';
  tabs.setAttribute('aria-label', 'CALL_CARD tabs');
  root.append(main, tabs);

  let shown = '';
  const clientLabel = (s: CallCardState): string => {
    const c = s.call;
    if (!c || !c.CRM_ENTITY_TYPE) return 'no CRM client';
    const type = c.CRM_ENTITY_TYPE as keyof CrmSample;
    const record = crm[type]?.find((r) => r.ID === String(c.CRM_ENTITY_ID));
    return `${c.CRM_ENTITY_TYPE} #${c.CRM_ENTITY_ID}${record ? ' · ' + recordLabel(type, record) : ' (not in the CRM sample)'}`;
  };

  const renderTimer = (s: CallCardState) => {
    const t = s.timer;
    timer.textContent =
      t.startedAt === null ? '--:--' : clock((t.running ? Date.now() : (t.stoppedAt ?? t.startedAt)) - t.startedAt);
    timer.classList.toggle('running', t.running);
  };

  const render = (s: CallCardState) => {
    const c = s.call;
    root.classList.toggle('has-call', !!c);
    root.classList.toggle('open', s.open);
    root.classList.toggle('closed', s.closed && !s.open);
    root.dataset.uiState = s.uiState;
    if (!c) {
      direction.textContent = 'Call card';
      title.textContent = '';
      phone.textContent = client.textContent = status.textContent = badges.textContent = '';
      buttons.textContent = '';
      renderTimer(s);
      return;
    }
    direction.textContent = `${c.CALL_DIRECTION === 'incoming' ? 'Incoming' : c.CALL_DIRECTION === 'callback' ? 'Callback' : 'Outgoing'} call`;
    const label = clientLabel(s);
    // The portal shows the CRM name until a worker sets a title.
    title.textContent =
      s.title || (c.CRM_ENTITY_TYPE ? (label.split(' · ')[1] ?? label) : c.PHONE_NUMBER || 'Hidden number');
    title.classList.toggle('set', !!s.title);
    phone.textContent = `${c.PHONE_NUMBER || 'hidden'}${c.LINE_NUMBER ? ` · line ${c.LINE_NUMBER}` : ''}`;
    client.textContent = label;
    status.textContent = s.statusText;
    const tags: string[] = [`ui: ${s.uiState}`, `call: ${s.callState}`];
    if (s.muted) tags.push('muted');
    if (s.held) tags.push('on hold');
    if (c.CALL_LIST_MODE) tags.push('call list');
    if (s.autoCloseDisabled) tags.push('auto-close disabled by a tab');
    if (s.autoCloseHoldUntil !== null)
      tags.push(`closing in ${Math.max(0, Math.ceil((s.autoCloseHoldUntil - Date.now()) / 1000))} s`);
    if (!s.open) tags.push(s.closed ? 'closed: commands answer "Call card is undefined"' : 'not open');
    badges.textContent = '';
    for (const t of tags) badges.append(el('span', 'badge', t));
    const list = card.buttons();
    const key = `${list.join(',')}|${s.uiState}|${s.muted}|${s.held}`;
    if (key !== shown) {
      shown = key;
      buttons.textContent = '';
      for (const b of list) {
        const text =
          b === 'muteButtonClick' && s.muted
            ? 'Unmute'
            : b === 'holdButtonClick' && s.held
              ? 'Resume'
              : b === 'makeCallButtonClick' && s.uiState === 'redial'
                ? 'Redial'
                : LABELS[b];
        const button = el('button', `card-button ${b}`, text);
        button.type = 'button';
        button.title = `BackgroundCallCard::${b}`;
        button.dataset.testid = `card-${b}`;
        button.addEventListener('click', () => options.onPress(b));
        buttons.append(button);
      }
    }
    renderTimer(s);
  };

  card.subscribe(render);
  render(card.getState());
  // The timer and the hold countdown move on their own.
  setInterval(() => {
    const s = card.getState();
    if (s.timer.running) renderTimer(s);
    if (s.autoCloseHoldUntil !== null) render(s);
  }, 500);

  return {
    tabs,
    setPlacement(placement) {
      root.classList.toggle('with-tabs', placement === 'CALL_CARD');
    },
  };
}
