import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { autoTransport, createCallCardClient } from '@b24-callcard/core';
import { CallCardProvider } from '@b24-callcard/react';
import { allowedHosts } from './allowedHosts';
import { App } from './App';

// Only the portals in VITE_B24_ALLOWED_HOSTS (and the local simulator) are trusted: see allowedHosts.ts.
const client = createCallCardClient({ transport: autoTransport({ allowedHosts: allowedHosts() }) });
client.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CallCardProvider client={client}>
      <App />
    </CallCardProvider>
  </StrictMode>,
);
