import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getDefaultCallCardClient } from '@b24-callcard/core';
import { App } from './App';

// Connect before React mounts, so an event that arrives early is already in the store.
getDefaultCallCardClient().start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
