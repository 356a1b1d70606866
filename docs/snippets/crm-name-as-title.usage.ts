// The worker's entry file: the recipe starts next to the client, before the UI mounts.
import { createCallCardClient, frameTransport } from '@b24-callcard/core';
import { crmNameAsTitle } from './crm-name-as-title';

const client = createCallCardClient({ transport: frameTransport({ allowedHosts: ['example.bitrix24.com'] }) });
crmNameAsTitle(client);
client.start();
