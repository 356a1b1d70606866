import { useState } from 'react';
import { registerBackgroundWorker } from '@b24-callcard/core';
import { useCallCardClient } from '@b24-callcard/react';

// Opened from the app's own page (DEFAULT placement), the app registers itself as the worker.
// errorHandlerUrl must be an endpoint of yours that receives Bitrix24's loading-error reports.
const handler = () => location.origin + location.pathname;
const errorHandlerUrl = () => import.meta.env.VITE_ERROR_HANDLER_URL ?? new URL('worker-error', location.href).href;

export function InstallWorker() {
  const [result, setResult] = useState('');
  // The app's own client: REST goes only to the portal host it checked against allowedHosts.
  const client = useCallCardClient();
  const install = () =>
    registerBackgroundWorker({
      client,
      handler: handler(),
      errorHandlerUrl: errorHandlerUrl(),
      title: 'Call card worker (React)',
    }).then(
      (r) => setResult(r === 'registered' ? 'Installed: the worker runs on every portal page.' : 'Already installed.'),
      (e: Error) => setResult(e.message),
    );
  return (
    <section data-testid="install">
      <p>This is the app's own page. Install the background worker to receive call-card events.</p>
      <button data-testid="install-button" onClick={install}>
        Install background worker
      </button>
      <p data-testid="install-result">{result}</p>
    </section>
  );
}
