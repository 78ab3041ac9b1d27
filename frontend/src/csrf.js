// The login session's CSRF token, which Laurel asks of every change made with the session cookie
// (platform/CsrfTokens): layout.html carries it in <meta name="csrf-token">; plain forms carry it in a hidden field.
export const CSRF_HEADER = 'X-CSRF-Token';

export const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || '';

/** fetch with the session cookie and its CSRF token: every call the pages' scripts make goes through here. */
export function send(url, init = {}) {
  return fetch(url, { credentials: 'same-origin', ...init, headers: { ...init.headers, [CSRF_HEADER]: csrfToken() } });
}
