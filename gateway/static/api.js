// The HTTP API as a browser client uses it: the session cookie (sent by the browser),
// the double-submit CSRF token on writes, Idempotency-Key on creates and turn actions,
// and every failure as an ApiError with the contract's {code, message, details}.
import { describe } from './messages.js';

const BASE = '/api/v1';
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, body, headers) {
    super(body.message || `HTTP ${status}`);
    this.status = status;
    this.code = body.code || (status === 0 ? 'NETWORK' : `HTTP_${status}`);
    this.details = body.details || {};
    const retry = headers && headers.get('Retry-After');
    this.retryAfter = retry ? Number(retry) : (this.details.retry_after || null);
  }
  get text() { return describe(this); }
}

/** Called with every ApiError (the app shows "session expired" on 401). */
export function onError(fn) { listeners.add(fn); }

export function readCookie(name) {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : '';
}

export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

let csrfPending = null;
async function csrfToken(fresh = false) {
  if (!fresh && readCookie('XSRF-TOKEN')) return readCookie('XSRF-TOKEN');
  csrfPending ||= fetch(`${BASE}/auth/csrf`, { credentials: 'same-origin' })
    .finally(() => { csrfPending = null; });
  await csrfPending;
  return readCookie('XSRF-TOKEN');
}

function url(path, query) {
  const u = new URL(BASE + path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  }
  return u.pathname + u.search;
}

/**
 * api('POST', '/villages/found', {query, body, idempotent: true})
 * idempotent: sends an Idempotency-Key; a request lost on the network is retried once
 * with the same key, so the server applies it at most once.
 */
export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (opts.form) {
    body = new URLSearchParams(opts.form);
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const write = method !== 'GET';
  if (write && !opts.noCsrf) headers['X-XSRF-TOKEN'] = await csrfToken();
  if (opts.idempotent) headers['Idempotency-Key'] = newKey();
  const target = url(path, opts.query);
  let attempts = opts.idempotent ? 2 : 1;
  let csrfRetried = false;
  for (;;) {
    let resp;
    try {
      resp = await fetch(target, { method, headers, body, credentials: 'same-origin' });
    } catch (err) {
      if (--attempts > 0) continue;
      throw report(new ApiError(0, { message: String(err) }, null), opts);
    }
    if (resp.status === 204) return null;
    const data = await resp.json().catch(() => ({}));
    if (resp.ok) return data;
    const err = new ApiError(resp.status, data, resp.headers);
    if (err.code === 'CSRF_FAILED' && write && !opts.noCsrf && !csrfRetried) {
      csrfRetried = true; // the token cookie was gone or rotated: fetch a fresh one once
      headers['X-XSRF-TOKEN'] = await csrfToken(true);
      continue;
    }
    throw report(err, opts);
  }
}

function report(err, opts) {
  if (!opts.quiet) listeners.forEach((fn) => fn(err));
  return err;
}

/** True when the route is not served by this gateway (another part of the game). */
export const missing = (err) => err instanceof ApiError && (err.status === 404 && err.code === 'NOT_FOUND' || err.status === 501);
