import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { autoTransport, createCallCardClient } from '@b24-callcard/core';
import { CallCardProvider } from '@b24-callcard/react';
import { allowedHosts } from './allowedHosts';
import { reportProblem } from './problems';
import { App } from './App';

// Only the portals in VITE_B24_ALLOWED_HOSTS (and the local simulator) are trusted: see allowedHosts.ts.
const client = createCallCardClient({
  transport: autoTransport({ allowedHosts: allowedHosts() }),
  onError: reportProblem, // invalid payloads and the like: shown on the page, the client keeps working
});
// Connect before React mounts, so an event that arrives early is already in the store.
client.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CallCardProvider client={client}>
      <App />
    </CallCardProvider>
  </StrictMode>,
);
