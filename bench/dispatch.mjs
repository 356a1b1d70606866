// Store dispatch throughput (tinybench) and React / Vue render counts. Prints one JSON line.
import { Bench } from 'tinybench';
import { core, installDom, loadReact, loadVue, testing } from './dom.mjs';

const A = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const B = { PHONE_NUMBER: '+15550201', CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 5 };
const { createCallCardClient } = await core();
const { createMockTransport } = await testing();

async function listeningClient() {
  const transport = createMockTransport();
  const client = createCallCardClient({ transport, onError: () => {} });
  client.start();
  for (let i = 0; i < 5 && client.getState().status !== 'listening'; i++) await Promise.resolve();
  if (client.getState().status !== 'listening')
    throw new Error(`mock client not listening: ${client.getState().status}`);
  return { transport, client };
}

async function throughput() {
  const out = {};
  const bench = new Bench({ time: 700, warmupTime: 150 });
  let calls = 0;
  for (const n of [1, 100, 10_000]) {
    const { transport, client } = await listeningClient();
    for (let i = 0; i < n; i++) client.subscribe(() => void calls++);
    let flip = false;
    // Alternate two entities: every event is a real change that reaches every subscriber.
    bench.add(`${n}`, () => {
      flip = !flip;
      transport.emit(flip ? A : B);
    });
  }
  await bench.run();
  for (const t of bench.tasks) {
    const r = t.result;
    out[t.name] = { eventsPerSec: 1000 / r.latency.mean, rme: r.latency.rme, samples: r.latency.samplesCount };
  }
  if (calls === 0) throw new Error('no listener ran');
  return out;
}

// 1 000 events, every one sent twice in a row (A A B B A A ...): 500 are real changes.
const EVENTS = Array.from({ length: 1000 }, (_, i) => ((i >> 1) % 2 ? B : A));

async function reactRenders() {
  const { React, createRoot, act, adapter } = await loadReact();
  const { transport, client } = await listeningClient();
  let renders = 0;
  function Worker() {
    const { entity, status } = adapter.useCallCardEntity({ client });
    renders++;
    return React.createElement('p', null, entity ? `${entity.entityType} ${entity.entityId}` : status);
  }
  const el = document.createElement('div');
  document.body.appendChild(el);
  const root = createRoot(el);
  await act(async () => root.render(React.createElement(Worker)));
  const before = renders;
  for (const e of EVENTS) act(() => void transport.emit(e));
  const count = renders - before;
  const text = el.textContent;
  act(() => root.unmount());
  return { renders: count, text };
}

async function vueRenders() {
  const { vue, adapter } = await loadVue();
  const { transport, client } = await listeningClient();
  let renders = 0;
  const el = document.createElement('div');
  document.body.appendChild(el);
  const app = vue.createApp({
    setup() {
      const { entity, status } = adapter.useCallCardEntity({ client });
      return () => {
        renders++;
        return vue.h('p', entity.value ? `${entity.value.entityType} ${entity.value.entityId}` : status.value);
      };
    },
  });
  app.mount(el);
  await vue.nextTick();
  const before = renders;
  for (const e of EVENTS) {
    transport.emit(e);
    await vue.nextTick(); // flush after each event, so batching does not hide a render
  }
  const count = renders - before;
  const text = el.textContent;
  app.unmount();
  return { renders: count, text };
}

const result = { throughput: await throughput() };
installDom();
result.react = await reactRenders();
result.vue = await vueRenders();
console.log(JSON.stringify(result));
