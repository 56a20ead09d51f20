/** The screens, addressed by the URL hash (`#/jobs/<id>`), so reloads and the back button keep the place. */
export type Route =
  | {readonly screen: 'jobs'}
  | {readonly screen: 'job'; readonly id: string}
  | {readonly screen: 'job-form'; readonly id: string | null; readonly clientId: string | null}
  | {readonly screen: 'clients'}
  | {readonly screen: 'client'; readonly id: string}
  | {readonly screen: 'client-form'; readonly id: string | null}
  | {readonly screen: 'timeline'}
  | {readonly screen: 'dashboard'}
  | {readonly screen: 'team'};

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter((p) => p !== '');
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- parsed once per hash change, never mutated
  const params = new URLSearchParams(query);
  const [first, id, action] = parts;
  if (first === 'jobs' && id === 'new') return {screen: 'job-form', id: null, clientId: params.get('client')};
  if (first === 'jobs' && id !== undefined && action === 'edit') return {screen: 'job-form', id, clientId: null};
  if (first === 'jobs' && id !== undefined) return {screen: 'job', id};
  if (first === 'clients' && id === 'new') return {screen: 'client-form', id: null};
  if (first === 'clients' && id !== undefined && action === 'edit') return {screen: 'client-form', id};
  if (first === 'clients' && id !== undefined) return {screen: 'client', id};
  if (first === 'clients') return {screen: 'clients'};
  if (first === 'timeline') return {screen: 'timeline'};
  if (first === 'dashboard') return {screen: 'dashboard'};
  if (first === 'team') return {screen: 'team'};
  return {screen: 'jobs'};
}

class Router {
  route = $state<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') window.addEventListener('hashchange', () => (this.route = parseRoute(location.hash)));
  }

  go(hash: string): void {
    location.hash = hash;
  }
}

export const router = new Router();
