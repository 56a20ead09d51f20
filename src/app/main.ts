import {mount} from 'svelte';
import App from './App.svelte';
import {loadAppConfig} from './config.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
const config = await loadAppConfig();
mount(App, {target, props: {config}});
