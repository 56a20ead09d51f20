/** The demo's login state, kept in localStorage so a reload stays logged in. */
export interface Session {
  readonly userID: string;
  readonly token: string;
  readonly email: string;
}

const KEY = 'zam-demo-session';

export function loadSession(): Session | null {
  const raw = localStorage.getItem(KEY);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    localStorage.removeItem(KEY);
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session === null) localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, JSON.stringify(session));
}

/** Dev login: the API server issues a token for a seeded user (no password; development only). */
export async function login(email: string): Promise<Session> {
  const res = await fetch('/api/login', {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({email}),
  });
  const body = (await res.json()) as {userID?: string; token?: string; message?: string};
  if (!res.ok || !body.userID || !body.token) throw new Error(body.message ?? `login failed (${res.status})`);
  return {userID: body.userID, token: body.token, email};
}

export async function listUsers(): Promise<{id: string; email: string; name: string}[]> {
  const res = await fetch('/api/dev/users');
  if (!res.ok) throw new Error(`could not list users (${res.status})`);
  return (await res.json()) as {id: string; email: string; name: string}[];
}
