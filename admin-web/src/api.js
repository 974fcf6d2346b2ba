// The server's API as the console calls it: same origin, the session cookie
// (HttpOnly: script never sees it) and the CSRF token on every change.
let csrf = '';
export let session = null;

export function setSession(s) {
  session = s;
  csrf = s ? s.csrf_token : '';
}

export function canAct() {
  return session !== null && session.role === 'admin';
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(method, path, body) {
  const headers = {'Accept': 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  const r = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!r.ok) {
    const e = data && data.error ? data.error : {code: 'http', message: `HTTP ${r.status}`};
    throw new ApiError(r.status, e.code, e.message);
  }
  return data;
}

export const enc = encodeURIComponent;
