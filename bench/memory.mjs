// Heap before / after many cycles, each measured after globalThis.gc(). Run with node --expose-gc;
// argv[2] = subscribe | react | vue. Prints one JSON line.
import { core, installDom, loadReact, loadVue, testing } from './dom.mjs';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const kind = process.argv[2];
const heap = async () => {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    globalThis.gc();
  }
  return process.memoryUsage().heapUsed;
};

const { createCallCardClient, onCallCardEvent } = await core();
const { createMockTransport } = await testing();
const transport = createMockTransport();
const client = createCallCardClient({ transport, onError: () => {} });
client.start();
await Promise.resolve();
await Promise.resolve();
transport.emit({ PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 });

let cycle;
let cycles;
if (kind === 'subscribe') {
  cycles = 100_000;
  cycle = () => client.subscribe(() => {})();
} else if (kind === 'events') {
  // The soak: 1 000 000 events (two clients alternating, so every event is a real change) through
  // one subscriber and one event handler.
  cycles = 1_000_000;
  const A = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
  const B = { PHONE_NUMBER: '+15550201', CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 5 };
  let n = 0;
  client.subscribe(() => n++);
  onCallCardEvent(client, 'entityChanged', () => n++);
  let i = 0;
  cycle = () => transport.emit(i++ % 2 ? A : B);
} else if (kind === 'handlers') {
  // 100 000 event handlers added and removed (the event stays bound once: Bitrix24 has no unbind).
  cycles = 100_000;
  cycle = () => onCallCardEvent(client, 'hangupButtonClick', () => {})();
} else if (kind === 'react') {
  installDom();
  const { React, createRoot, act } = await loadReact();
  const { useCallCardEntity } = (await loadReact()).adapter;
  cycles = Number(process.env.CYCLES ?? 10_000);
  const el = document.createElement('div');
  document.body.appendChild(el);
  function Worker() {
    const { entity, status } = useCallCardEntity({ client });
    return React.createElement('p', null, entity ? `${entity.entityType} ${entity.entityId}` : status);
  }
  cycle = () => {
    const root = createRoot(el);
    act(() => root.render(React.createElement(Worker)));
    act(() => root.unmount());
  };
} else if (kind === 'vue') {
  installDom();
  const { vue, adapter } = await loadVue();
  cycles = Number(process.env.CYCLES ?? 10_000);
  const el = document.createElement('div');
  document.body.appendChild(el);
  const Worker = {
    setup() {
      const { entity, status } = adapter.useCallCardEntity({ client });
      return () => vue.h('p', entity.value ? `${entity.value.entityType} ${entity.value.entityId}` : status.value);
    },
  };
  cycle = () => {
    const app = vue.createApp(Worker);
    app.mount(el);
    app.unmount();
  };
} else {
  throw new Error(`unknown kind ${kind}`);
}

const WARM = Number(process.env.WARM ?? Math.min(1000, cycles / 10));
for (let i = 0; i < WARM; i++) cycle(); // warm-up: JIT, lazy framework state
const before = await heap();
const t = performance.now();
for (let i = 0; i < cycles; i++) cycle();
const ms = performance.now() - t;
const after = await heap();
// A second batch: a leak keeps growing, a one-off allocation (lazy framework or jsdom state) does not.
for (let i = 0; i < cycles; i++) cycle();
const after2 = await heap();
// The store must still deliver after all that churn.
let got = null;
const off = client.subscribe((s) => (got = s.entity));
transport.emit({ PHONE_NUMBER: '+15550201', CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 5 });
off();
console.log(
  JSON.stringify({
    kind,
    cycles,
    before,
    after,
    delta: after - before,
    after2,
    growth2: after2 - after,
    ms,
    stillDelivers: got?.entityId === 5,
  }),
);
