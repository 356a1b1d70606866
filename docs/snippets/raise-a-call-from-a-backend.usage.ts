// A Node script: the backend's side of one call, against the simulator.
import { startSimulator } from '@b24-callcard/simulator';
import { telephony } from './raise-a-call-from-a-backend';

const sim = await startSimulator({ port: 0 });
// The app's token, as the simulator issues one (on a portal: your app's OAuth token).
const token = (await (await fetch(`${sim.url}sim/token`, { method: 'POST' })).json()) as { AUTH_ID: string };
const backend = telephony({ origin: new URL(sim.url).origin, accessToken: token.AUTH_ID, webhookUrl: sim.webhookUrl });

const [caller] = await backend.findCaller('+15550100'); // CONTACT 17, Anna Schmidt
const call = await backend.register({ userId: 1, phoneNumber: '+15550100' }); // the card opens for user 1
// … the operator talks; the worker gets initialized, entityChanged and the button events …
await backend.finish({ callId: call.CALL_ID, userId: 1, durationSeconds: 42 }); // the card closes
console.log(caller?.NAME, sim.rest.activities); // the call activity on the contact
await sim.close();
