// Starts the portal simulator with both example workers side by side (run `pnpm demo`).
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@b24-callcard/simulator';

const dir = (p) => fileURLToPath(new URL(p, import.meta.url));
const port = Number(process.env.PORT ?? 4000);

const sim = await startSimulator({
  port,
  serve: [
    { dir: dir('../examples/react-worker/dist'), label: 'React worker (examples/react-worker)' },
    { dir: dir('../examples/vue-worker/dist'), label: 'Vue worker (examples/vue-worker)' },
  ],
}).catch((e) => {
  if (e?.code !== 'EADDRINUSE') throw e;
  console.error(`Port ${port} is in use. Run the demo on another one: PORT=4100 pnpm demo`);
  process.exit(1);
});
// An incoming call, raised as a backend does (telephony.externalCall.register with the app's
// token): the page opens its call card at once, and the React worker titles it.
const { AUTH_ID } = sim.rest.issueToken();
sim.rest.call('telephony.externalCall.register', {
  auth: AUTH_ID,
  USER_ID: 1,
  PHONE_NUMBER: '+15550100',
  TYPE: 2,
  LINE_NUMBER: 'demo-line',
});
console.log(`\nBitrix24 portal simulator running: ${sim.url}`);
for (const app of sim.apps) console.log(`  ${app.label}: ${app.url}`);
console.log('\nOpen the URL, pick a client in the panel on the left, watch both apps update.');
console.log('An incoming call is open in the call card; press its buttons, or play a call scenario from the panel.');
console.log(
  `Raise your own calls as a backend would: ${sim.url}rest/telephony.externalCall.register (app token from POST ${sim.url}sim/token)`,
);
console.log('Ctrl+C to stop.');
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
