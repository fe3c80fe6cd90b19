// The page shell: who is signed in, the navigation, hash routes to views, keepalive.
import { api, onError } from './api.js';
import * as live from './live.js';
import { alertBox, h, mount, say } from './ui.js';
import * as auth from './views/auth.js';
import * as village from './views/village.js';
import * as worldMap from './views/map.js';
import * as war from './views/war.js';
import * as tactics from './views/tactics.js';
import * as rankings from './views/rankings.js';
import * as hero from './views/hero.js';

const KEEPALIVE_MS = 5 * 60 * 1000;
// Set while this browser holds a session (the cookie itself is HttpOnly): a first visit
// does not ask /auth/me just to learn that nobody is signed in.
const SIGNED_IN = 'palisade.signed-in';
export const session = { user: null, villages: [], catalog: null };
let lastActivity = Date.now();

const ROUTES = {
  login: auth.login, register: auth.register, forgot: auth.forgot,
  village: village.show, map: worldMap.show, send: war.send, movements: war.movements,
  reports: war.reports, merchants: war.merchants, hero: hero.show, rankings: rankings.show,
  found: village.found, tactics: tactics.list, game: tactics.game,
};
const PUBLIC = new Set(['login', 'register', 'forgot']);

export function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

export function parseHash() {
  const [path, qs] = location.hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = path.split('/');
  return { name: name || '', args: rest, query: new URLSearchParams(qs || '') };
}

function nav() {
  const items = session.user ? [
    ['#/village', 'Village'], ['#/map', 'Map'], ['#/send', 'Send troops'],
    ['#/movements', 'Movements'], ['#/reports', 'Reports'], ['#/merchants', 'Merchants'], ['#/hero', 'Hero'],
    ['#/rankings', 'Rankings'], ['#/tactics', 'Tactics'],
  ] : [['#/login', 'Sign in'], ['#/register', 'Register']];
  const current = `#/${parseHash().name}`;
  const links = items.map(([href, text]) => h('a', {
    href, 'aria-current': href === current ? 'page' : null }, text));
  if (session.user) {
    links.push(h('span', { class: 'who' }, `${session.user.username} (${session.user.tribe})`));
    links.push(h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'));
  }
  mount(document.getElementById('nav'), links);
}

async function signOut() {
  try { await api('POST', '/auth/logout'); } catch { /* ended anyway */ }
  ended('You are signed out.');
}

export function ended(text) {
  localStorage.removeItem(SIGNED_IN);
  live.stop();
  session.user = null;
  session.villages = [];
  say(text);
  go('#/login');
}

export async function signedIn() {
  session.user = await api('GET', '/auth/me');
  localStorage.setItem(SIGNED_IN, '1');
  session.villages = await api('GET', '/villages');
  live.start(session.villages.map((v) => v.id));
}

export async function catalog() {
  if (!session.catalog) {
    const src = document.querySelector('link[rel=stylesheet]').href.replace(/app\.css$/, 'catalog.json');
    session.catalog = await (await fetch(src)).json();
  }
  return session.catalog;
}

async function route() {
  const main = document.getElementById('main');
  if (location.pathname === '/reset-password') {
    nav();
    return auth.reset(main, new URLSearchParams(location.search).get('token') || '');
  }
  const { name, args, query } = parseHash();
  if (!session.user && !PUBLIC.has(name)) {
    if (name) sessionStorage.setItem('after-login', location.hash);
    return go('#/login');
  }
  const view = ROUTES[name] || (session.user ? village.show : auth.login);
  nav();
  alertBox('');
  main.dataset.view = name;
  mount(main, h('p', {}, 'Loading…'));
  try {
    await view(main, { args, query });
  } catch (err) {
    mount(main, h('p', { class: 'error' }, err.text || String(err)));
  }
  document.title = `${main.querySelector('h1')?.textContent || 'Palisade'} · Palisade`;
}

onError((err) => {
  if (err.code === 'UNAUTHENTICATED' && session.user) {
    ended('Your session has expired. Please sign in again.');
  }
});
live.onUpdate((frame) => {
  const d = frame.data;
  if (d.event !== 'incoming_attack') return;
  const v = session.villages.find((x) => x.id === frame.village_id);
  const when = d.arrives_at ? ` arriving ${new Date(d.arrives_at).toLocaleTimeString()}` : '';
  alertBox(`Incoming ${d.movement_type || 'attack'} on ${v ? v.name : 'your village'}${when}.`);
});
live.onState((state) => {
  if (state === 'revoked' && session.user) ended('Your session was ended. Please sign in again.');
});

for (const ev of ['pointerdown', 'keydown']) {
  addEventListener(ev, () => { lastActivity = Date.now(); }, { passive: true });
}
setInterval(() => {
  if (session.user && Date.now() - lastActivity < KEEPALIVE_MS) {
    api('GET', '/auth/keepalive').catch(() => {});
  }
}, KEEPALIVE_MS);

addEventListener('hashchange', () => {
  route();
  document.getElementById('main').focus({ preventScroll: true });
});

async function boot() {
  if (localStorage.getItem(SIGNED_IN)) {
    try {
      await signedIn();
    } catch (err) {
      session.user = null;
      localStorage.removeItem(SIGNED_IN);
      if (err.code !== 'UNAUTHENTICATED') alertBox(err.text);
    }
  }
  await route();
}

boot();
