import { createApp } from 'vue';
import { getDefaultCallCardClient } from '@b24-callcard/core';
import { callCardPlugin } from '@b24-callcard/vue';
import App from './App.vue';

// Connect before Vue mounts, so an event that arrives early is already in the store.
const client = getDefaultCallCardClient();
client.start();

createApp(App).use(callCardPlugin, { client }).mount('#app');
