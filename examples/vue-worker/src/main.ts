import { createApp } from 'vue';
import { autoTransport, createCallCardClient } from '@b24-callcard/core';
import { callCardPlugin } from '@b24-callcard/vue';
import { allowedHosts } from './allowedHosts';
import { reportProblem } from './problems';
import App from './App.vue';

// Only the portals in VITE_B24_ALLOWED_HOSTS (and the local simulator) are trusted: see allowedHosts.ts.
const client = createCallCardClient({
  transport: autoTransport({ allowedHosts: allowedHosts() }),
  onError: reportProblem, // invalid payloads and the like: shown on the page, the client keeps working
});
// Connect before Vue mounts, so an event that arrives early is already in the store.
client.start();

createApp(App).use(callCardPlugin, { client }).mount('#app');
