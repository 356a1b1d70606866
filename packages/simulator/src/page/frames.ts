/**
 * The app frames: each app in an iframe named `DOMAIN|PROTOCOL|APP_SID` as the portal names its
 * frames, its messages checked (source and origin) and handed on, a warning when it never asks
 * for `getInitData`.
 */
import type { LogEntry } from './log';

/** The token pair a frame's `getInitData` carries. */
export interface FrameAuth {
  AUTH_ID: string;
  REFRESH_ID: string;
  AUTH_EXPIRES: string;
}

/** One app frame. */
export interface AppFrame {
  /** The engine's id of this frame (new at each reload). */
  readonly id: number;
  /** Its position on the page (`data-app`). */
  readonly index: number;
  readonly label: string;
  readonly url: string;
  readonly origin: string;
  readonly sid: string;
  readonly iframe: HTMLIFrameElement;
  auth: FrameAuth;
  /** `performance.now()` when the frame was inserted. */
  readonly inserted: number;
  readonly bindCountEl: HTMLElement;
}

/** Options of {@link createFrames}. */
export interface FramesOptions {
  /** The apps to load (read at each reload: a test may change the URLs). */
  readonly apps: () => ReadonlyArray<{ url: string; label: string }>;
  /** Registers a frame (with the engine). */
  readonly addApp: (id: number, sid: string) => void;
  /** Forgets a frame. */
  readonly removeApp: (id: number) => void;
  /** A message from the frame, source and origin checked. */
  readonly receive: (id: number, data: unknown) => void;
  /** Whether the frame has asked for `getInitData`. */
  readonly initReceived: (id: number) => boolean;
  /** Issues a token pair for a frame. */
  readonly token: () => Promise<FrameAuth>;
  readonly log: (dir: LogEntry['dir'], app: string, text: string, flagged?: boolean) => void;
  /** How long after its load a frame may stay silent before the warning. Default 3000 ms. */
  readonly initWarnMs?: number;
}

/** The page's app frames. */
export interface Frames {
  /** Replaces every frame with a fresh one in `container` (new documents, new tokens). */
  reload(container: HTMLElement, emptyText: string): Promise<void>;
  /** The current frames, in order. */
  list(): readonly AppFrame[];
  /** A current frame by id. */
  get(id: number): AppFrame | undefined;
  /** Posts `text` to the frame, to its origin only. */
  post(id: number, text: string): void;
  /** Shows the frame's bind count in its title bar. */
  showBinds(id: number, count: number): void;
}

const newSid = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Creates the frames and starts listening to their messages. */
export function createFrames(options: FramesOptions): Frames {
  const warnMs = options.initWarnMs ?? 3000;
  const portalHost = location.host;
  const protocol = location.protocol === 'https:' ? 1 : 0;
  let frames: AppFrame[] = [];
  const byId = new Map<number, AppFrame>();
  let nextId = 0;
  let generation = 0;
  let lastContainer: HTMLElement | null = null;

  window.addEventListener('message', (e: MessageEvent) => {
    let app: AppFrame | undefined;
    for (const f of frames) {
      if (f.iframe.contentWindow === e.source) {
        app = f;
        break;
      }
    }
    if (!app) {
      options.log('app→portal', '?', `message from a window that is no app frame (origin ${e.origin}): ignored`, true);
      return;
    }
    if (e.origin !== app.origin) {
      options.log('app→portal', app.label, `message from origin ${e.origin}, expected ${app.origin}: ignored`, true);
      return;
    }
    options.receive(app.id, e.data);
  });

  /** Warns once when a loaded frame has not asked for getInitData in time: not a Bitrix24 app, or its SDK did not start. */
  const watch = (app: AppFrame) => {
    let warned = false;
    app.iframe.addEventListener('load', () => {
      setTimeout(() => {
        if (warned || byId.get(app.id) !== app || options.initReceived(app.id)) return;
        warned = true;
        const text =
          `${app.label} (${app.url}) loaded ${warnMs / 1000} s ago and has not sent getInitData: ` +
          `is it a Bitrix24 app (BX24.init / initializeB24Frame / our client), served at that URL, and not failing at start?`;
        options.log('sim', app.label, text, true);
        console.warn(`[b24 simulator] ${text}`);
      }, warnMs);
    });
  };

  return {
    async reload(container, emptyText) {
      const current = ++generation;
      const apps = options.apps();
      // Tokens first, so getInitData can be answered synchronously when the frame asks.
      const tokens = await Promise.all(apps.map(() => options.token()));
      if (current !== generation) return; // a newer reload took over
      for (const f of frames) options.removeApp(f.id);
      byId.clear();
      frames = [];
      if (lastContainer && lastContainer !== container) lastContainer.textContent = '';
      lastContainer = container;
      container.textContent = '';
      for (const [index, { url, label }] of apps.entries()) {
        const box = document.createElement('div');
        box.className = 'app';
        const title = document.createElement('div');
        title.className = 'title';
        const name = document.createElement('span');
        name.textContent = label;
        const binds = document.createElement('span');
        binds.className = 'binds';
        binds.textContent = '0 bind(s)';
        title.append(name, binds);
        const iframe = document.createElement('iframe');
        const sid = newSid();
        // DOMAIN|PROTOCOL|APP_SID, exactly what the portal gives its frames.
        iframe.name = `${portalHost}|${protocol}|${sid}`;
        iframe.title = label;
        iframe.dataset.app = String(index);
        const app: AppFrame = {
          id: nextId++,
          index,
          label,
          url,
          origin: new URL(url, location.href).origin,
          sid,
          iframe,
          auth: tokens[index]!,
          inserted: performance.now(),
          bindCountEl: binds,
        };
        frames.push(app);
        byId.set(app.id, app);
        options.addApp(app.id, sid);
        watch(app);
        box.append(title, iframe);
        container.appendChild(box);
        iframe.src = url;
      }
      if (frames.length === 0) container.textContent = emptyText;
    },
    list: () => frames,
    get: (id) => byId.get(id),
    post(id, text) {
      const app = byId.get(id);
      app?.iframe.contentWindow?.postMessage(text, app.origin);
    },
    showBinds(id, count) {
      const app = byId.get(id);
      if (app) app.bindCountEl.textContent = `${count} bind(s)`;
    },
  };
}
