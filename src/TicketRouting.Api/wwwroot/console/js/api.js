// Session and API calls.
// Why this storage: the access token lives only in this module's memory (never in a URL, a cookie or
// storage), so a script injected elsewhere in the origin cannot pick it up from storage and nothing sends it
// automatically (no CSRF). The refresh token is kept in sessionStorage, per tab, so that reloading a page
// keeps the user signed in; it dies with the tab and is revoked on sign-out. The content-security policy
// forbids inline and foreign scripts, which is what guards both.
import { t } from './i18n.js';

const REFRESH_KEY = 'ticketrouting.refresh';
const ROLE_RANK = { portal: 0, agent: 1, supervisor: 2, admin: 3 };

let accessToken = null;
let claims = null;
let refreshTimer = null;
let refreshing = null;

export class ApiError extends Error {
  constructor(status, problem) {
    const fields = problem?.errors ? Object.values(problem.errors).flat() : [];
    super(fields.length > 0 ? fields.join(' ') : problem?.detail ?? problem?.title ?? t('error.generic', { status }));
    this.status = status;
    this.problem = problem;
  }
}

/** The lines to show for a failed call: one per field the API refused ("field: reasons"), else the error's message. */
export const problemLines = (e) =>
  (e.problem?.errors ? Object.entries(e.problem.errors).map(([k, v]) => `${k}: ${v.join(' ')}`) : [e.message]);

/** The signed-in user as the token says (for showing pages; the API checks every call itself). */
export function currentUser() {
  if (!claims) return null;
  return { name: claims.name, role: claims.role, agentId: claims.agt ? Number(claims.agt) : null };
}

export const hasRole = (minimum) => (ROLE_RANK[currentUser()?.role] ?? -1) >= ROLE_RANK[minimum];

function decode(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
  return JSON.parse(json);
}

function accept(pair) {
  accessToken = pair.accessToken;
  claims = decode(pair.accessToken);
  sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
  clearTimeout(refreshTimer);
  // Refresh silently a minute before the access token expires.
  refreshTimer = setTimeout(() => refresh(), Math.max(10, pair.expiresIn - 60) * 1000);
}

function forget() {
  accessToken = null;
  claims = null;
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(REFRESH_KEY);
}

async function post(path, body) {
  return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
}

export async function signIn(username, password) {
  const response = await post('/api/token', { username, password });
  if (response.status === 429) throw new ApiError(429, { detail: t('signin.rateLimited') });
  if (!response.ok) throw new ApiError(response.status, { detail: t('signin.failed') });
  accept(await response.json());
  return currentUser();
}

/** One refresh at a time: a refresh token is spent by one use, and replaying it revokes the whole login. */
export function refresh() {
  refreshing ??= (async () => {
    const token = sessionStorage.getItem(REFRESH_KEY);
    if (!token) return false;
    try {
      const response = await post('/api/token/refresh', { refreshToken: token });
      if (!response.ok) {
        forget();
        return false;
      }
      accept(await response.json());
      return true;
    } catch {
      return false;
    }
  })().finally(() => { refreshing = null; });
  return refreshing;
}

/** After a reload the access token is gone from memory: get a new one with the tab's refresh token. */
export async function restoreSession() {
  return accessToken !== null || refresh();
}

export async function signOut() {
  const token = sessionStorage.getItem(REFRESH_KEY);
  forget();
  if (token) {
    await post('/api/token/revoke', { refreshToken: token }).catch(() => undefined);
  }
}

/** A JSON call with the bearer token; one silent refresh on 401; errors become ApiError (problem+json). */
export async function api(path, { method = 'GET', body } = {}) {
  const send = () => fetch(path, {
    method,
    credentials: 'omit',
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  let response;
  try {
    response = await send();
    if (response.status === 401 && await refresh()) response = await send();
  } catch {
    throw new ApiError(0, { detail: t('error.network') });
  }
  if (response.status === 401) {
    forget();
    window.dispatchEvent(new CustomEvent('session-ended'));
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(response.status, problem);
  }
  return response.status === 204 ? null : response.json();
}
